#!/bin/bash
# End-to-end test of network delivery with the real binary: `parlwatch run
# --once` polls a loopback fake of TheyWorkForYou and sends its alerts by
# SMTP to a loopback sink and as signed webhooks to a loopback receiver.
# Python's email package checks the messages, Python's hmac the signatures.
# Usage: delivery_test.sh PARLWATCH FAKE_SERVER FAKE_SMTP_SINK DATA_DIR
set -u
pw=$1
server=$2
sink=$3
data=$4
work=$(mktemp -d)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
[ -n "${KEEP:-}" ] && echo "work: $work"
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$work/pw.db" "$1"; }
wait_for() { for _ in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.05; done; return 1; }

mkdir -p "$work/site/wrans" "$work/site/debates" "$work/hooks" "$work/mail"
cp "$data/answers2009-10-28c.xml" "$work/site/wrans/"
cp "$data/debates2009-10-27d.xml" "$work/site/debates/"
: >"$work/faults"
"$server" "$work/site" "$work/port" "$work/faults" "$work/requests" "$work/hooks" &
pids="$pids $!"
"$sink" "$work/smtp-port" "$work/mail" &
pids="$pids $!"
wait_for "$work/port" && wait_for "$work/smtp-port"
port=$(cat "$work/port")
smtp_port=$(cat "$work/smtp-port")

cat >"$work/pw.toml" <<TOML
[storage]
database = "$work/pw.db"
outbox_dir = "$work/outbox"
[people]
files = ["$data/people.xml", "$data/all-members.xml"]
[http]
user_agent = "parlwatch-test (ops@example.org)"
delay_between_requests_ms = 0
[schedule]
start_date = "2007-01-01"
[delivery]
mode = "network"
[email]
from = "parlwatch alerts <alerts@parlwatch.test>"
public_url = "https://alerts.example.org"
smtp_url = "smtp://127.0.0.1:$smtp_port"
starttls = false
[webhooks]
allow_http = true
allow_networks = ["127.0.0.0/8"]
[[source]]
name = "twfy"
kind = "parlparse-http"
base_url = "http://127.0.0.1:$port/scrapedxml/"
sections = ["debates", "wrans"]
TOML

"$pw" --db "$work/pw.db" user add alice@example.org >/dev/null
"$pw" --db "$work/pw.db" rule add --user alice@example.org '"human trafficking"' >/dev/null
"$pw" --db "$work/pw.db" user add group@example.org \
  --webhook "http://127.0.0.1:$port/hooks/group" >"$work/group.txt"
secret=$(sed -n 's/^webhook signing secret.*: //p' "$work/group.txt")
check "a webhook user is given a whsec_ secret" grep -q '^whsec_' <<<"$secret"
"$pw" --db "$work/pw.db" rule add --user group@example.org 'speaker:10121' >/dev/null

"$pw" run --config "$work/pw.toml" --once 2>"$work/run1.log"
check "the poll and delivery succeed" [ $? -eq 0 ]
emails=$(q "SELECT COUNT(*) FROM outbox WHERE channel = 'email'")
hooks=$(q "SELECT COUNT(*) FROM outbox WHERE channel = 'webhook'")
check "alerts were queued for both channels" [ "$emails" -ge 1 ] && [ "$hooks" -ge 1 ]
check "every row was sent" [ "$(q "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")" -eq 0 ]
check "the daemon records that it delivers by network" \
  [ "$(q "SELECT value FROM settings WHERE key = 'delivery_mode'")" = network ]
"$pw" --db "$work/pw.db" --outbox-dir "$work/cli-outbox" outbox >"$work/outbox-list.txt"
check "outbox lists no file paths for network-delivered rows" \
  sh -c "! grep -q cli-outbox '$work/outbox-list.txt' && grep -q 'by network' '$work/outbox-list.txt'"
for _ in $(seq 50); do [ "$(ls "$work/mail" | grep -c '\.eml$')" -ge "$emails" ] && break; sleep 0.1; done
check "the SMTP sink received every email" [ "$(ls "$work/mail" | grep -c '\.eml$')" -eq "$emails" ]
check "to the right envelope" grep -qx 'alice@example.org' "$work/mail/1.envelope"
check "from the configured sender" grep -qx 'alerts@parlwatch.test' "$work/mail/1.envelope"
python3 "$(dirname "$0")/mime_check.py" "$work"/mail/*.eml >"$work/mail.txt" 2>"$work/mime.err"
check "the emails pass Python's MIME check: $(head -c 300 "$work/mime.err")" [ $? -eq 0 ]
check "with one-click unsubscribe" grep -q '^List-Unsubscribe-Post: List-Unsubscribe=One-Click' "$work/mail/1.eml"
check "an https unsubscribe link" grep -q '<https://alerts.example.org/u/u1[.]' "$work/mail/1.eml"
check "and the matching words marked" grep -qi '\*human\* \*trafficking\*' "$work/mail.txt"
check "the receiver got every webhook" [ "$(ls "$work/hooks" | grep -c '\.json$')" -eq "$hooks" ]

verify() {  # verify N: the webhook's signature checks out with the secret
  python3 - "$work/hooks/$1" "$secret" <<'PY'
import base64, hashlib, hmac, json, sys
base, secret = sys.argv[1], sys.argv[2]
headers = dict(l.rstrip("\n").split(": ", 1) for l in open(base + ".headers"))
body = open(base + ".json", "rb").read()
key = base64.b64decode(secret[len("whsec_"):])
signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
doc = json.loads(body)
ok = expected in headers["webhook-signature"].split(" ") and doc["type"] == "parlwatch.alert"
ok = ok and doc["data"]["rules"][0]["query"] == "speaker:10121"
sys.exit(0 if ok else 1)
PY
}
check "the webhook signature verifies (Standard Webhooks)" verify 1

# A failing endpoint: retried with the same webhook-id, then 410 disables it.
printf 'hooks 500\n' >"$work/faults"
cp "$data/debates2007-11-26a.xml" "$work/site/debates/"  # Vernon Coaker speaks again
"$pw" run --config "$work/pw.toml" --once 2>"$work/run2.log"
check "a run whose delivery failed exits 75 (temporary failure)" [ $? -eq 75 ]
row=$(q "SELECT id FROM outbox WHERE channel = 'webhook' ORDER BY id DESC LIMIT 1")
check "a 500 leaves the webhook to retry" [ "$(q "SELECT state FROM outbox WHERE id = $row")" = retry ]
check "with the error recorded" [ "$(q "SELECT last_error FROM outbox WHERE id = $row")" = "HTTP 500" ]
: >"$work/faults"
"$pw" --db "$work/pw.db" outbox retry "$row" >/dev/null
"$pw" run --config "$work/pw.toml" --once 2>"$work/run3.log"
check "a run whose deliveries all succeed exits 0" [ $? -eq 0 ]
check "once the endpoint recovers it is sent" [ "$(q "SELECT state FROM outbox WHERE id = $row")" = sent ]
ids=$(grep -h '^webhook-id: ' "$work"/hooks/*.headers | sort | uniq -c | awk '$1 > 1' | wc -l)
check "and the receiver can tell the retry by its webhook-id" [ "$ids" -eq 0 ]

printf 'hooks 410\n' >"$work/faults"
q "UPDATE outbox SET state = 'pending' WHERE id = $row"  # as if newly queued
"$pw" run --config "$work/pw.toml" --once 2>"$work/run4.log"
check "410 Gone kills the row" [ "$(q "SELECT state FROM outbox WHERE id = $row")" = dead ]
check "and disables the endpoint" [ "$(q "SELECT webhook_disabled_at > 0 FROM users WHERE email = 'group@example.org'")" -eq 1 ]
owner_told() { grep -lqx 'group@example.org' "$work"/mail/*.envelope; }
check "and its owner is told by email" eventually owner_told

# Ten tarpit endpoints (they take the request and never answer in time)
# must not hold up anyone's email (issue 22): emails and webhooks are sent in
# separate lanes, and the circuit breaker pauses the endpoint after two
# timeouts instead of waiting out all ten.
sed -i 's/^allow_networks = .*/&\ntimeout_seconds = 2/' "$work/pw.toml"
for i in $(seq 10); do
  "$pw" --db "$work/pw.db" user add "tarpit$i@example.org" \
    --webhook "http://127.0.0.1:$port/hooks/tarpit$i" >/dev/null
  "$pw" --db "$work/pw.db" rule add --user "tarpit$i@example.org" trafficking >/dev/null
done
"$pw" --db "$work/pw.db" user add reader@example.org >/dev/null  # queued after the tarpits
"$pw" --db "$work/pw.db" rule add --user reader@example.org trafficking >/dev/null
printf 'tarpit stall:20000\n' >"$work/faults"
last=$(q "SELECT MAX(id) FROM outbox")
cp "$data/debates2023-03-28d.xml" "$work/site/debates/"
"$pw" run --config "$work/pw.toml" --once 2>"$work/run5.log"
check "a run with tarpit webhooks exits 75" [ $? -eq 75 ]
mail_row=$(q "SELECT id FROM outbox WHERE id > $last AND destination = 'reader@example.org'")
check "the reader's alert was queued after the ten webhooks" \
  [ "$mail_row" -gt "$(q "SELECT MAX(id) FROM outbox WHERE destination LIKE '%tarpit%'")" ]
check "and sent" [ "$(q "SELECT state FROM outbox WHERE id = $mail_row")" = sent ]
queued=$(q "SELECT created_at FROM outbox WHERE id = $mail_row")
newest=$(ls -t "$work"/mail/*.eml | head -n 1)
delay=$(( $(stat -c %Y "$newest") - queued ))
check "the email was not held up by more than one webhook timeout (took ${delay} s)" [ "$delay" -le 3 ]
check "ten tarpit webhooks were queued" \
  [ "$(q "SELECT COUNT(*) FROM outbox WHERE id > $last AND destination LIKE '%tarpit%'")" -eq 10 ]
tried=$(grep -c 'tarpit' "$work/requests")
check "the breaker stopped after two timeouts (the tarpit saw ${tried} requests)" [ "$tried" -le 2 ]
paused=$(q "SELECT COUNT(*) FROM outbox WHERE id > $last AND last_error LIKE 'endpoint paused%'")
check "and paused the other eight, to retry later" [ "$paused" -eq 8 ]
echo "tarpits: the email waited ${delay} s (the whole seconds from queueing to the sink);" \
  "the tarpit saw ${tried} requests, ${paused} webhooks paused"

finish
