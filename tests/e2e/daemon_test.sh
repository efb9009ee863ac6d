#!/bin/bash
# End-to-end test of `parlwatch run` against a loopback fake of
# TheyWorkForYou (fake_parlparse_server): first poll, conditional re-poll,
# a re-issued day, a late file, injected faults and signals. Crash safety
# is crash_trials.sh.
# Usage: daemon_test.sh PARLWATCH FAKE_SERVER DATA_DIR
set -u
pw=$1
server=$2
data=$3
work=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work: $work"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  pkill -KILL -f "$work/" 2>/dev/null
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"

q() { sqlite3 "$1" "$2"; }

# The fixture week, laid out as scrapedxml.
site=$work/site
week "$site" "$data"
printf '1256630000,ministerial2009-10-26b.xml\n' >"$site/wms/changedates.txt"
: >"$work/faults"
"$server" "$site" "$work/port" "$work/faults" "$work/requests" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")

config() {  # config NAME DB [EXTRA_HTTP_LINE] [BASE_URL]
  cat >"$work/$1.toml" <<TOML
[storage]
database = "$2"
outbox_dir = "$2.outbox"
[people]
files = ["$data/people.xml", "$data/all-members.xml"]
[http]
user_agent = "parlwatch-test (ops@example.org)"
delay_between_requests_ms = 0
retries = 2
retry_delay_ms = 50
timeout_seconds = 2
${3:-}
[schedule]
start_date = "2009-10-01"
recheck_days = 36500
poll_interval_minutes = 1
[[source]]
name = "twfy"
kind = "parlparse-http"
base_url = "${4:-http://127.0.0.1:$port/scrapedxml/}"
sections = ["debates", "westminhall", "wrans", "wms", "lordspages"]
[server]
listen = "127.0.0.1:0"
TOML
}

users() {  # users DB
  "$pw" --db "$1" user add alice@example.org >/dev/null
  "$pw" --db "$1" rule add --user alice@example.org trafficking >/dev/null
  "$pw" --db "$1" rule add --user alice@example.org '"zebra crossing"' >/dev/null
  "$pw" --db "$1" user add bob@example.org >/dev/null
  "$pw" --db "$1" rule add --user bob@example.org 'speaker:10001' >/dev/null
  "$pw" --db "$1" rule add --user bob@example.org 'housing OR wardens' >/dev/null
}

# --- polls: first, again (304s), a re-issued day, a late file ---------------
db=$work/poll.db
config poll "$db"
users "$db"
"$pw" run --config "$work/poll.toml" --once 2>"$work/poll1.log"
check "the first poll succeeds" [ $? -eq 0 ]
check "and ingests the week" [ "$(q "$db" 'SELECT COUNT(*) FROM files')" -eq 5 ]
alerts=$(q "$db" 'SELECT COUNT(*) FROM outbox')
check "and queues alerts" [ "$alerts" -ge 2 ]
check "and delivers them" [ "$(ls "$db.outbox/mail/new" | wc -l)" -eq "$alerts" ]

: >"$work/requests"
"$pw" run --config "$work/poll.toml" --once 2>"$work/poll2.log"
check "the next poll succeeds" [ $? -eq 0 ]
check "files are asked for conditionally: 304" [ "$(grep -c '\.xml 304$' "$work/requests")" -eq 4 ]
check "wms is skipped: changedates.txt says unchanged" \
  [ "$(grep -c 'ministerial.*xml' "$work/requests")" -eq 0 ]
check "nothing is fetched in full" [ "$(grep -c '\.xml 200$' "$work/requests")" -eq 0 ]
check "nothing new is queued" [ "$(q "$db" 'SELECT COUNT(*) FROM outbox')" -eq "$alerts" ]

sed -e 's/2009-10-27d\./2009-10-27e./g' -e 's/life-saving service/life-saving zebra crossing service/' \
  "$data/debates2009-10-27d.xml" >"$site/debates/debates2009-10-27e.xml"
items=$(q "$db" 'SELECT COUNT(*) FROM items')
"$pw" run --config "$work/poll.toml" --once 2>"$work/poll3.log"
check "a re-issued day is ingested" grep -q 'debates2009-10-27e.xml: ingested, 0 new items, 1 updated' "$work/poll3.log"
check "with no new items" [ "$(q "$db" 'SELECT COUNT(*) FROM items')" -eq "$items" ]
check "and one new alert, for the changed speech" \
  [ "$(q "$db" 'SELECT COUNT(*) FROM outbox')" -eq $((alerts + 1)) ]
check "and no duplicate match" [ "$(q "$db" "SELECT COUNT(*) FROM matches m JOIN rules r ON r.id = m.rule_id WHERE r.query = '\"zebra crossing\"'")" -eq 1 ]

cp "$data/ministerial2009-10-26c.xml" "$site/wms/"
printf '1256630400,ministerial2009-10-26c.xml\n' >>"$site/wms/changedates.txt"
"$pw" run --config "$work/poll.toml" --once 2>"$work/poll4.log"
check "a file that appears later is picked up" grep -q 'ministerial2009-10-26c.xml: ingested, 22 new' "$work/poll4.log"
"$pw" status --config "$work/poll.toml" >"$work/status"
check "status shows the source's last success" grep -q '^source twfy: last poll .*, last success 20' "$work/status"
check "status shows the outbox" grep -q "^outbox: sent $(q "$db" 'SELECT COUNT(*) FROM outbox')$" "$work/status"

# --- backup and restore: the restored service goes on without repeats ---------
"$pw" backup --config "$work/poll.toml" "$work/backup.db" >"$work/backup.out"
check "backup writes a copy and says where" grep -q "written to $work/backup.db" "$work/backup.out"
sent=$(q "$db" 'SELECT COUNT(*) FROM outbox')
restored=$work/restored.db
cp "$work/backup.db" "$restored"  # doc/config.md: stop, copy over, start
sed "s|$db|$restored|g" "$work/poll.toml" >"$work/restored.toml"
"$pw" run --config "$work/restored.toml" --once 2>"$work/restored.log"
check "the restored service runs" [ $? -eq 0 ]
check "with what was stored" [ "$(q "$restored" 'SELECT COUNT(*) FROM files')" -eq "$(q "$db" 'SELECT COUNT(*) FROM files')" ]
check "and alerts nothing again" [ "$(q "$restored" 'SELECT COUNT(*) FROM outbox')" -eq "$sent" ]

# --- a file whose ingest ended the process twice is quarantined ---------------
# Each attempt is committed before the ingest starts; two that never ended
# are what two crashes (or watchdog kills) in that file leave behind.
sha=$(sha256sum "$data/debates2023-03-28d.xml" | cut -d' ' -f1)
q "$db" "INSERT INTO ingest_attempts (source, path, sha256, attempts)
         VALUES ('twfy', 'debates/debates2023-03-28d.xml', '$sha', 2)"
cp "$data/debates2023-03-28d.xml" "$site/debates/"
"$pw" run --config "$work/poll.toml" --once 2>"$work/quarantine.log"
check "a run meeting a quarantined file exits 75" [ $? -eq 75 ]
check "and says why" grep -q 'debates2023-03-28d.xml: quarantined: ingesting it ended parlwatch 2 times' "$work/quarantine.log"
check "the file is not ingested" [ "$(q "$db" "SELECT COUNT(*) FROM files WHERE date = '2023-03-28'")" -eq 0 ]
"$pw" status --config "$work/poll.toml" >"$work/status"
check "status lists it" grep -q '^quarantined: twfy debates/debates2023-03-28d.xml' "$work/status"
rm "$site/debates/debates2023-03-28d.xml"

# --- start date and backfill -------------------------------------------------
db=$work/back.db
config back "$db"
sed -i 's/^start_date = .*/start_date = "2009-10-28"/' "$work/back.toml"
users "$db"
"$pw" run --config "$work/back.toml" --once 2>/dev/null
check "polls skip sittings before the start date" \
  [ "$(q "$db" "SELECT COUNT(*) FROM files WHERE date < '2009-10-28'")" -eq 0 ]
check "and ingest the later ones" [ "$(q "$db" 'SELECT COUNT(*) FROM files')" -eq 3 ]
queued=$(q "$db" 'SELECT COUNT(*) FROM outbox')
"$pw" backfill --config "$work/back.toml" --since 2009-10-01 2>"$work/back.log"
check "backfill ingests the older sittings" \
  [ "$(q "$db" "SELECT COUNT(*) FROM files WHERE date < '2009-10-28'")" -gt 0 ]
check "and records their matches" \
  [ "$(q "$db" 'SELECT COUNT(*) FROM matches WHERE outbox_id IS NULL')" -gt 0 ]
check "without queueing alerts" [ "$(q "$db" 'SELECT COUNT(*) FROM outbox')" -eq "$queued" ]

# --- faults: each refused or retried; nothing partial stored -----------------
fault_run() {  # fault_run NAME FAULTS [EXTRA_HTTP_LINE] [BASE_URL]; prints the exit code
  printf '%s\n' "$2" >"$work/faults"
  rm -f "$work/f.db"*
  config fault "$work/f.db" "${3:-}" "${4:-}"
  "$pw" run --config "$work/fault.toml" --once 2>"$work/$1.log"
  echo $?
}
stored() { q "$work/f.db" 'SELECT COUNT(*) FROM files'; }
all=$(find "$site" -name '*.xml' | wc -l)
debates=$(find "$site/debates" -name '*.xml' | wc -l)
small=$(find "$site" -name '*.xml' -size -300000c | wc -l)

check "500s: the run reports a temporary failure" [ "$(fault_run e500 'debates/ 500')" -eq 75 ]
check "500s: the listing URL and status are logged" grep -q 'scrapedxml/debates/: HTTP 500' "$work/e500.log"
check "500s: the other sections are ingested" [ "$(stored)" -eq $((all - debates)) ]
check "429 with Retry-After: retried, then ingested" [ "$(fault_run e429 'answers2009 429:1 1')" -eq 0 ]
check "429 with Retry-After: waited as asked" grep -q 'HTTP 429; retry 1 of 2 in 1000 ms' "$work/e429.log"
check "a stalled server times out" [ "$(fault_run stall 'answers2009 stall:4000')" -eq 75 ]
check "a stalled server: the file is not stored" [ "$(stored)" -eq $((all - 1)) ]
check "a truncated body is not stored" [ "$(fault_run trunc 'answers2009 truncate')" -eq 75 ]
check "a truncated body: the rest is" [ "$(stored)" -eq $((all - 1)) ]
check "an oversize body is refused" [ "$(fault_run big '' 'max_body_bytes = 300000')" -eq 75 ]
check "an oversize body: the error says so" grep -q 'body larger than 300000 bytes refused' "$work/big.log"
check "an oversize body: smaller files are stored" [ "$(stored)" -eq "$small" ]
check "invalid XML is not stored" [ "$(fault_run garbage 'answers2009 garbage')" -eq 75 ]
check "invalid XML: named in the log" grep -q 'answers2009-10-28c.xml' "$work/garbage.log"
check "a redirect to another host is refused" [ "$(fault_run away 'answers2009 redirect:http://127.0.0.2:9/x')" -eq 75 ]
check "a redirect to another host: logged" grep -q 'redirect to another host' "$work/away.log"
check "connection refused: temporary failure" [ "$(fault_run refused '' '' 'http://127.0.0.1:9/scrapedxml/')" -eq 75 ]
check "connection refused: nothing stored" [ "$(stored)" -eq 0 ]
: >"$work/faults"

# --- signals -----------------------------------------------------------------
db=$work/sig.db
config sig "$db"
users "$db"
"$pw" run --config "$work/sig.toml" 2>"$work/sig.log" &
pid=$!
for _ in $(seq 100); do grep -q 'ingested' "$work/sig.log" 2>/dev/null && break; sleep 0.05; done
kill -TERM $pid
start=$(date +%s)
wait $pid
rc=$?
check "SIGTERM during ingest exits 0" [ $rc -eq 0 ]
check "within 10 s" [ $(($(date +%s) - start)) -le 10 ]
check "the database is intact" [ "$(q "$db" 'PRAGMA integrity_check')" = ok ]
# Items unchanged by a re-issued version keep the file that first stored
# them, so the last file's items are counted by its sitting.
check "every stored file has its items" \
  [ "$(q "$db" 'SELECT COUNT(*) FROM files f WHERE f.items > (SELECT COUNT(*) FROM items i WHERE i.section = f.section AND i.date = f.date) AND NOT EXISTS (SELECT 1 FROM files g WHERE g.id > f.id)')" -eq 0 ]

"$pw" run --config "$work/sig.toml" 2>"$work/hup.log" &
pid=$!
for _ in $(seq 100); do grep -q 'source twfy: ' "$work/hup.log" 2>/dev/null && break; sleep 0.05; done
cp "$work/sig.toml" "$work/sig.good"
printf '[log]\nlevel = "loud"\n' >>"$work/sig.toml"
kill -HUP $pid
for _ in $(seq 100); do grep -q 'configuration refused' "$work/hup.log" && break; sleep 0.05; done
check "SIGHUP with a broken config: refused and logged" grep -q 'configuration refused, keeping the running one' "$work/hup.log"
check "SIGHUP with a broken config: names the line" grep -q "sig.toml:[0-9]*: .*level" "$work/hup.log"
check "SIGHUP with a broken config: still running" kill -0 $pid
cp "$work/sig.good" "$work/sig.toml"
kill -HUP $pid
for _ in $(seq 100); do grep -q 'configuration reloaded' "$work/hup.log" && break; sleep 0.05; done
check "SIGHUP with a good config: reloaded" grep -q 'configuration reloaded' "$work/hup.log"
printf '[email]\ndigest_time = "06:45"\n' >>"$work/sig.toml"
kill -HUP $pid
for _ in $(seq 100); do grep -q 'daily digests now at' "$work/hup.log" && break; sleep 0.05; done
check "SIGHUP with a new digest_time: applied and said" \
  grep -q 'SIGHUP: daily digests now at 06:45 London time' "$work/hup.log"
get() {  # get URL: true if it answers 200
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$1" 2>/dev/null
}
old_port=$(sed -n 's/.*http: listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/hup.log" | head -n 1)
new_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
check "the web face answers on its first address" get "http://127.0.0.1:$old_port/healthz"
sed -i "s/^listen = .*/listen = \"127.0.0.1:$new_port\"/" "$work/sig.toml"
kill -HUP $pid
for _ in $(seq 100); do grep -q 'now listening on' "$work/hup.log" && break; sleep 0.05; done
check "SIGHUP with a new listen address: re-bound and said" \
  grep -q "SIGHUP: http: now listening on 127.0.0.1:$new_port" "$work/hup.log"
check "the new address answers" get "http://127.0.0.1:$new_port/healthz"
check "the old one is closed" sh -c "! python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", $old_port), 2)' 2>/dev/null"
busy=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -c 'import socket, sys, time; s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); open(sys.argv[2], "w").close(); time.sleep(30)' "$busy" "$work/held" &
holder=$!
for _ in $(seq 100); do [ -e "$work/held" ] && break; sleep 0.05; done
sed -i "s/^listen = .*/listen = \"127.0.0.1:$busy\"/" "$work/sig.toml"
kill -HUP $pid
for _ in $(seq 100); do grep -q 'still listening on' "$work/hup.log" && break; sleep 0.05; done
check "SIGHUP with an address in use: refused, old address kept" \
  grep -q "SIGHUP: \[server\] listen: .*still listening on 127.0.0.1:$new_port" "$work/hup.log"
check "and it still answers there" get "http://127.0.0.1:$new_port/healthz"
kill $holder 2>/dev/null
wait $holder 2>/dev/null
kill -TERM $pid
wait $pid
check "and stops cleanly afterwards" [ $? -eq 0 ]

finish
