#!/bin/sh
# End-to-end test of the real parlwatch binary on the bundled data:
# users and rules, a bad rule, ingest with alerts to the local outbox,
# re-ingest without duplicates, a broken file among good ones, and a
# database written by a newer parlwatch.
# Usage: cli_test.sh PARLWATCH DATA_DIR
set -u
pw=$1
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/lib.sh"

run() { "$pw" --db "$work/pw.db" --outbox-dir "$work/outbox" \
  --people "$data/people.xml" --people "$data/all-members.xml" "$@"; }

run user add alice@example.org >/dev/null
run user add group@example.org --webhook https://hooks.example.org/in >/dev/null
run rule add --user alice@example.org '"human trafficking"' >/dev/null
run rule add --user group@example.org 'speaker:10121' >/dev/null

"$pw" --version >"$work/version"
check "--version prints the version" grep -q '^parlwatch [0-9]' "$work/version"
"$pw" >"$work/overview"
check "parlwatch alone exits 64" [ $? -eq 64 ]
check "with an overview of the commands" grep -q 'ingest' "$work/overview"
"$pw" --db "$work/excl.db" user add e@example.org >/dev/null 2>&1
"$pw" --db "$work/excl.db" rule add --user e@example.org '-dentist nhs' >"$work/excl"
check "a rule may start with an exclusion" grep -q ': -dentist nhs$' "$work/excl"
"$pw" --db "$work/excl.db" rule add --user e@example.org 'nhs' --no-such-option 2>/dev/null
check "an unknown option is still refused (64)" [ $? -eq 64 ]
run rule add --user alice@example.org 'police "trafficking' 2>"$work/err"
check "a bad rule exits 65" [ $? -eq 65 ]
check "a bad rule shows a caret" grep -q '\^' "$work/err"
"$pw" --db "$work/excl.db" rule add --user e@example.org 'nhs groupby:speech' 2>"$work/note"
check "a rule with a display-only prefix is added (0)" [ $? -eq 0 ]
check "with a note that it is ignored" grep -q 'note: groupby:speech is ignored' "$work/note"
imp() { "$pw" --db "$work/import.db" rule import "$@"; }
printf '# a campaign list\nalice@example.org\tnhs\nnew@example.org\t"modern slavery"\temail\tdaily\n' \
  >"$work/rules.tsv"
imp --dry-run "$work/rules.tsv" >"$work/imported" 2>/dev/null
check "rule import --dry-run refuses a missing database" [ $? -ne 0 ]
imp "$work/rules.tsv" >"$work/imported"
check "rule import adds every line" grep -q 'imported 2 rules for 2 new addresses; 0 already there' "$work/imported"
imp --dry-run "$work/rules.tsv" >"$work/imported"
check "a dry run says what it would do" grep -q 'would import 0 rules .* 2 already there' "$work/imported"
printf 'x@example.org\tnhs\ny@example.org\tpolice "trafficking\nz@example.org\tnhs\tfax\n' >"$work/bad.tsv"
imp "$work/bad.tsv" 2>"$work/err" >/dev/null
check "a file with a bad line exits 65" [ $? -eq 65 ]
check "naming the line and why" grep -q 'bad.tsv:2: bad rule' "$work/err"
check "every bad line" grep -q 'bad.tsv:3: channel "fax"' "$work/err"
check "and saying nothing was imported" grep -q 'nothing imported' "$work/err"
"$pw" --db "$work/import.db" rule list >"$work/listed"
check "not even its good lines" sh -c "! grep -q x@example.org '$work/listed'"
check "the good file's rules are listed" [ "$(wc -l <"$work/listed")" -eq 2 ]
"$pw" --db "$work/excl.db" rule add --user e@example.org 'nhs section:wales' 2>"$work/err"
check "a chamber not read is refused (65)" [ $? -eq 65 ]
check "by name" grep -q 'does not read the Senedd' "$work/err"
run user add 'not an email' 2>/dev/null
check "a bad email exits 65" [ $? -eq 65 ]
run rule add --user nobody@example.org 'x' 2>/dev/null
check "a rule for an unknown user exits 65" [ $? -eq 65 ]

LD_DEBUG=files run parse "$data/ministerial2009-10-26c.xml" >/dev/null 2>"$work/libs"
check "parse runs without opening libcurl (opened at a first transfer) or libcrypto" \
  sh -c '! grep -q "libcurl\|libcrypto" "$1" && grep -q "libxml2" "$1"' sh "$work/libs"
run parse "$data/ministerial2009-10-26c.xml" --json >"$work/parse.json"
check "parse --json exits 0" [ $? -eq 0 ]
python3 - "$work/parse.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert (d["file"], d["section"], d["date"], d["version"], d["latest"]) == \
    ("ministerial2009-10-26c.xml", "wms", "2009-10-26", "c", True), d
item = next(i for i in d["items"] if i["id"].endswith("2009-10-26c.2WS.4"))
assert item["key"] == "uk.org.publicwhip/wms/2009-10-26.2WS.4", item["key"]
assert item["kind"] == "speech" and item["speaker_name"] == "Edward Balls", item
assert item["person"] == "uk.org.publicwhip/person/11740", item["person"]
assert item["headings"][0] == "CHILDREN, SCHOOLS AND FAMILIES", item["headings"]
assert item["column"] == 2 and "\u00a310 million" in item["text"], item
assert d["redirects"] == []
PY
check "parse --json shows ids, keys, persons, headings and decoded text" [ $? -eq 0 ]
run parse "$data/ministerial2009-10-26b.xml" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["latest"] is False and d["items"] == [] and len(d["redirects"]) == 22
assert d["redirects"][0]["matchtype"] == "changes"'
check "parse --json shows redirects of a superseded version" [ $? -eq 0 ]
run parse "$work/missing.xml" 2>"$work/err0"
check "parse of a missing file exits 65 naming it" \
  sh -c "[ $? -eq 65 ] && grep -q missing.xml '$work/err0'"

mkdir "$work/in"
cp "$data"/debates2007-11-26a.xml "$data"/answers2009-10-28c.xml "$work/in/"
run ingest "$work/in" >"$work/out1" 2>&1
check "ingest succeeds" [ $? -eq 0 ]
check "ingest reports alerts" grep -q 'alerts queued' "$work/out1"
emails=$(ls "$work/outbox/mail/new" | wc -l)
hooks=$(ls "$work/outbox/webhooks" | wc -l)
check "one email per file with keyword matches (got $emails)" [ "$emails" -eq 2 ]
check "one webhook per file where Vernon Coaker speaks (got $hooks)" [ "$hooks" -eq 2 ]
mime_check=$(dirname "$0")/mime_check.py
python3 "$mime_check" "$work"/outbox/mail/new/* >"$work/mail.txt" 2>"$work/mime.err"
check "the emails pass an independent MIME check: $(head -c 300 "$work/mime.err")" [ $? -eq 0 ]
check "the email links to TheyWorkForYou" \
  grep -q 'https://www.theyworkforyou.com/wrans/?id=2009-10-28c' "$work/mail.txt"
check "the email marks the matching words" grep -qi '\*trafficking\*' "$work/mail.txt"
check "the webhook names the speaker" grep -q '"name": "Vernon Coaker"' "$work"/outbox/webhooks/*

matches1=$(run matches | wc -l)
run ingest "$work/in" >"$work/out2" 2>&1
check "re-ingest succeeds" [ $? -eq 0 ]
check "re-ingest finds nothing new" grep -q '0 matches, 0 alerts queued' "$work/out2"
check "re-ingest adds no matches" [ "$(run matches | wc -l)" -eq "$matches1" ]
check "re-ingest adds no mail" [ "$(ls "$work/outbox/mail/new" | wc -l)" -eq 2 ]

printf '<publicwhip><speech id="x">' >"$work/in/westminster2009-10-29a.xml"
cp "$data/ministerial2009-10-26c.xml" "$work/in/"
run ingest "$work/in" >"$work/out3" 2>"$work/err3"
check "a broken file makes ingest exit 65" [ $? -eq 65 ]
check "the error names the broken file" grep -q 'westminster2009-10-29a.xml' "$work/err3"
check "the other new file is still ingested" \
  grep -q 'ministerial2009-10-26c.xml: ingested' "$work/out3"

cp "$data/debates2009-10-27d.xml" "$work/in/"
python3 -c 'import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None); db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").write("locked"); time.sleep(8); db.execute("ROLLBACK")' \
  "$work/pw.db" "$work/locked" &
locker=$!
for _ in $(seq 50); do [ -s "$work/locked" ] && break; sleep 0.1; done
"$pw" --db "$work/pw.db" ingest --no-deliver "$work/in/debates2009-10-27d.xml" \
  >/dev/null 2>"$work/err-locked"
check "a database locked by another writer makes ingest exit 75 (try again)" [ $? -eq 75 ]
check "and names the file it could not store" \
  grep -q 'debates2009-10-27d.xml: .*locked' "$work/err-locked"
wait $locker
run ingest --no-deliver "$work/in/debates2009-10-27d.xml" >/dev/null 2>&1
check "once the lock is gone the same ingest succeeds" [ $? -eq 0 ]

run rule remove 99999 2>"$work/rm-err"
check "removing a rule that does not exist exits 65" [ $? -eq 65 ]
check "and says there is no such rule" grep -q 'no rule 99999' "$work/rm-err"

run rule test '"human trafficking"' >"$work/test.txt"
check "rule test lists the stored items a query matches" \
  grep -q 'uk.org.publicwhip/wrans/2009-10-28c.294867.r0	2009-10-28	Human Trafficking: Compensation' "$work/test.txt"
run rule test 'trafficking section:wrans' --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d and all(x["section"] == "wrans" for x in d), d'
check "rule test --json honours filters" [ $? -eq 0 ]
check "rule test saves nothing" [ "$(run rule list | wc -l)" -eq 2 ]
check "rule list gives each rule's channel, frequency and state" \
  sh -c "$pw --db $work/pw.db rule list | cut -f4- | grep -qx 'email	immediate	active'"
run rule test 'trafficking' --since 2009-01-01 >"$work/since.txt"
check "rule test --since leaves out older sittings" sh -c "! grep -q 2007-11-26 '$work/since.txt'"

run rule like 2007-11-26a.1.4 >"$work/like.txt"
check "rule like proposes a rule without saving it" \
  sh -c "grep -q '^proposed rule: \"People Trafficking\" OR trafficking' '$work/like.txt' && [ \$($pw --db $work/pw.db rule list | wc -l) -eq 2 ]"
run rule like 2007-11-26a.1.4 --user alice@example.org --yes >/dev/null
like_rule=$(run rule list | tail -n 1 | cut -f3)
run rule test "$like_rule" >"$work/like-test.txt"
check "the seed debate's rule finds the 2009 human trafficking answers" \
  grep -q '2009-10-28c.294867.q0' "$work/like-test.txt"
run rule like 2007-11-26a.1.4 --follow --user alice@example.org --yes >"$work/follow.txt"
check "rule like --follow saves a heading rule" grep -q 'heading:"People Trafficking"' "$work/follow.txt"
run rule add --user alice@example.org 'speaker:"Vernon Coaker" trafficking' >"$work/named.txt"
check "speaker names are resolved to ids when a rule is added" \
  grep -q 'speaker:10121 trafficking' "$work/named.txt"
run rule add --user alice@example.org 'speaker:"Coaker"' 2>"$work/err5"
check "an unknown speaker name lists candidates" grep -q 'did you mean Vernon Coaker (speaker:10121)' "$work/err5"

run outbox >"$work/outbox.txt"
delivered=$(find "$work/outbox" -name 'outbox-*' | wc -l)
check "the outbox lists every delivered message as sent" \
  [ "$(grep -c '	sent	' "$work/outbox.txt")" -eq "$delivered" ]
check "nothing is left pending" [ "$(grep -c 'pending' "$work/outbox.txt")" -eq 0 ]

# The command line creates no database by surprise, and a new one is
# readable by its owner only (issue 17, 6).
mkdir "$work/empty"
(cd "$work/empty" && "$pw" rule list 2>"$work/err7")
check "a read-only command on a missing database exits 66" [ $? -eq 66 ]
check "saying where it looked" grep -q 'no database at var/parlwatch.db' "$work/err7"
check "and creates nothing" [ -z "$(ls -A "$work/empty")" ]
(cd "$work/empty" && "$pw" user add first@example.org >/dev/null 2>"$work/err8")
check "a command that stores something says it creates one" grep -q 'creating a new database' "$work/err8"
check "readable by its owner only" [ "$(stat -c %a "$work/empty/var/parlwatch.db")" = 600 ]

# On the database of a daemon that delivers by network, the command line
# queues alerts but leaves them to the daemon (issue 17, 6).
hand() { "$pw" --db "$work/net.db" --outbox-dir "$work/net-outbox" \
  --people "$data/people.xml" --people "$data/all-members.xml" "$@"; }
hand user add carol@example.org >/dev/null 2>&1
hand rule add --user carol@example.org 'trafficking' >/dev/null
sqlite3 "$work/net.db" "INSERT INTO settings VALUES ('delivery_mode', 'network')"
hand ingest "$data/debates2007-11-26a.xml" >"$work/net1" 2>&1
check "ingest by hand succeeds" [ $? -eq 0 ]
check "and says the alerts are left for the daemon" grep -q 'left for it' "$work/net1"
check "writing no local outbox" [ ! -e "$work/net-outbox" ]
check "and marking nothing sent" \
  [ "$(sqlite3 "$work/net.db" "SELECT COUNT(*) FROM outbox WHERE state <> 'pending'")" -eq 0 ]
check "an alert waits" [ "$(sqlite3 "$work/net.db" "SELECT COUNT(*) FROM outbox")" -ge 1 ]
hand outbox --deliver >"$work/net2" 2>&1
check "outbox --deliver leaves them too" grep -q 'left for it' "$work/net2"
check "still pending" \
  [ "$(sqlite3 "$work/net.db" "SELECT COUNT(*) FROM outbox WHERE state <> 'pending'")" -eq 0 ]

# With --config, ingest uses the daemon's database, outbox and links:
# its alerts carry the https unsubscribe and stop links, not only mailto.
cat >"$work/by-config.toml" <<EOF
[storage]
database = "$work/by-config.db"
outbox_dir = "$work/by-config-outbox"
[people]
files = ["$data/people.xml", "$data/all-members.xml"]
[email]
public_url = "https://alerts.example.org/"
[[source]]
name = "mirror"
kind = "parlparse-dir"
path = "$work"
sections = ["debates"]
EOF
"$pw" --db "$work/by-config.db" user add dora@example.org >/dev/null 2>&1
"$pw" --db "$work/by-config.db" rule add --user dora@example.org 'trafficking' >/dev/null
"$pw" ingest --config "$work/by-config.toml" "$data/debates2007-11-26a.xml" >"$work/cfg1" 2>&1
check "ingest --config succeeds" [ $? -eq 0 ]
check "writing the configured outbox" [ "$(ls "$work/by-config-outbox/mail/new" | wc -l)" -eq 1 ]
check "an alert with the configured one-click unsubscribe link" \
  grep -q '^List-Unsubscribe: <https://alerts.example.org/u/u1\.' "$work"/by-config-outbox/mail/new/*
check "and each rule's stop link" \
  grep -q '^Stop this alert: https://alerts.example.org/u/s1\.' "$work"/by-config-outbox/mail/new/*
"$pw" ingest --config "$work/missing.toml" "$data/debates2007-11-26a.xml" >/dev/null 2>&1
check "a missing configuration exits 78" [ $? -eq 78 ]

# Forget me, a new webhook secret, and a damaged database (issue 17).
hand user add hook@example.org --webhook https://hooks.example.org/h >"$work/hook1" 2>&1
hand user rotate-secret HOOK@example.org >"$work/hook2"
check "rotate-secret prints a new secret" \
  sh -c "grep -q whsec_ '$work/hook2' && ! grep -qF \"\$(grep -o 'whsec_[^ ]*' '$work/hook1')\" '$work/hook2'"
sqlite3 "$work/net.db" "UPDATE users SET webhook_disabled_at = 1 WHERE email = 'hook@example.org'"
hand user enable-webhook hook@example.org >"$work/hook3"
check "enable-webhook re-enables a disabled endpoint" \
  [ "$(sqlite3 "$work/net.db" "SELECT webhook_disabled_at FROM users WHERE email = 'hook@example.org'")" -eq 0 ]
check "and says so" grep -q 'enabled again' "$work/hook3"
hand user enable-webhook nobody@example.org 2>/dev/null
check "enable-webhook of an unknown address exits 65" [ $? -eq 65 ]
hand user remove carol@example.org >/dev/null
check "user remove forgets the address" \
  [ "$(sqlite3 "$work/net.db" "SELECT COUNT(*) FROM users WHERE email = 'carol@example.org'")" -eq 0 ]
check "with its rules and messages" \
  [ "$(sqlite3 "$work/net.db" "SELECT COUNT(*) FROM rules") $(sqlite3 "$work/net.db" "SELECT COUNT(*) FROM outbox")" = "0 0" ]
hand check-db >"$work/checkdb1"
check "check-db says a sound database is ok" grep -q ': ok$' "$work/checkdb1"
python3 - "$work/net.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
          " INSERT INTO persons (id, name) SELECT 'x' || i, printf('%0200d', i) FROM n")
c.commit()
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
c.close()
with open(sys.argv[1], "r+b") as f:
    f.seek(0, 2)
    f.seek(f.tell() - 8 * 4096)
    f.write(b"Z" * 4096)
PY
hand check-db 2>"$work/checkdb2"
check "check-db finds a damaged database (65)" [ $? -eq 65 ]
check "and says so" grep -q 'damaged' "$work/checkdb2"
mkdir -p "$work/damaged"
printf '[storage]\ndatabase = "%s"\noutbox_dir = "%s"\n[server]\nlisten = ""\n[[source]]\nname = "m"\nkind = "parlparse-dir"\npath = "%s"\n' \
  "$work/net.db" "$work/damaged/outbox" "$work/damaged" >"$work/damaged.toml"
"$pw" run --config "$work/damaged.toml" --once 2>"$work/run-damaged"
check "the daemon refuses to start on it with 78, not restarted" [ $? -eq 78 ]
check "naming the damage" grep -q 'damaged' "$work/run-damaged"

"$pw" --db "$work/new.db" user add new@example.org >/dev/null 2>&1
sqlite3 "$work/new.db" 'PRAGMA user_version = 99' 2>/dev/null ||
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version = 99'); c.commit()" "$work/new.db"
"$pw" --db "$work/new.db" user list 2>"$work/err4"
check "a newer database is refused" [ $? -ne 0 ]
check "with a clear message" grep -q 'newer than this parlwatch' "$work/err4"

root=$(cd "$data/../.." && pwd)
"$pw" check-config "$root/etc/parlwatch.toml" >/dev/null
check "the shipped example configuration is valid" [ $? -eq 0 ]
printf '[http]\nuser_agent = "x (ops@example.org)"\nretry = 3\n' >"$work/bad.toml"
"$pw" check-config "$work/bad.toml" 2>"$work/err6"
check "a bad configuration exits 78" [ $? -eq 78 ]
check "and names the file and line" grep -q "bad.toml:3: unknown key 'retry' in \[http\]" "$work/err6"

# check-config says ok only when run will start (issue 23, part 3).
cat >"$work/env.toml" <<TOML
[storage]
database = "$work/envdb/pw.db"
outbox_dir = "$work/envout"
[people]
files = ["$work/no-people.xml"]
[email]
token_secret_file = "$work/no-secret"
[server]
listen = "127.0.0.1:0"
[[source]]
name = "m"
kind = "parlparse-dir"
path = "$work/no-such-mirror"
TOML
"$pw" check-config "$work/env.toml" 2>"$work/env.err"
check "check-config refuses what run cannot start with (78)" [ $? -eq 78 ]
check "a missing source folder, with its line" grep -q "env.toml:13: source 'm': the folder .* does not exist" "$work/env.err"
check "an unreadable credential, with its line" grep -q "env.toml:7: .*no-secret' is missing or not readable" "$work/env.err"
check "a missing members file is a warning" grep -q "warning: .*env.toml:5: .*no-people.xml' is missing" "$work/env.err"
mkdir "$work/no-such-mirror"
printf 'a secret of sixteen or more\n' >"$work/no-secret"
"$pw" check-config "$work/env.toml" >"$work/env.out" 2>"$work/env.err2"
check "with the folder and the secret there it is ok, warnings aside" \
  sh -c "[ $? -eq 0 ] && grep -q 'ok (1 sources), with the warnings above' '$work/env.out'"
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
open(sys.argv[1], "w").write(str(s.getsockname()[1])); time.sleep(5)' "$work/busy-port" &
busy=$!
for _ in $(seq 50); do [ -s "$work/busy-port" ] && break; sleep 0.1; done
sed -i "s/127.0.0.1:0/127.0.0.1:$(cat "$work/busy-port")/" "$work/env.toml"
"$pw" check-config "$work/env.toml" 2>"$work/env.err3" >/dev/null
check "a listen address in use now is a warning" grep -q "warning: .*env.toml:9: cannot listen on .*in use" "$work/env.err3"
kill $busy 2>/dev/null
printf '[webhooks]\nallow_networks = ["0.0.0.0/0"]\n' >>"$work/env.toml"
"$pw" check-config "$work/env.toml" 2>"$work/env.err4" >/dev/null
check "an allow-list of everything is a warning" grep -q "warning: .*lets webhooks reach every address" "$work/env.err4"

finish
