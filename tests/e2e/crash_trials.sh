#!/bin/bash
# Crash safety of `parlwatch run` with network delivery: each trial kills
# the daemon with SIGKILL one to three times at random points of the
# fixture week (fetching, ingesting, sending), restarts it with --once, and
# compares the database with a clean run's. Emails go to a loopback SMTP
# sink and webhooks to a loopback receiver, so a message sent twice is seen
# (same Message-ID, same webhook-id): each trial reports its duplicates.
# After a kill only the messages in flight may be sent again: at most the
# outcome window (4) plus the one being sent, per lane.
# Usage: crash_trials.sh PARLWATCH FAKE_SERVER FAKE_SMTP_SINK DATA_DIR [TRIALS]
set -u
pw=$1
server=$2
sink=$3
data=$4
trials=${5:-20}
work=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work: $work"
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  pkill -KILL -f "$work/" 2>/dev/null
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$1" "$2"; }

site=$work/site
week "$site" "$data"
cp "$data/ministerial2009-10-26c.xml" "$site/wms/"
mkdir -p "$work/hooks" "$work/mail"
: >"$work/faults"
"$server" "$site" "$work/port" "$work/faults" "$work/requests" "$work/hooks" &
pids="$pids $!"
"$sink" "$work/smtp-port" "$work/mail" &
pids="$pids $!"
for _ in $(seq 100); do [ -s "$work/port" ] && [ -s "$work/smtp-port" ] && break; sleep 0.05; done
port=$(cat "$work/port")
smtp_port=$(cat "$work/smtp-port")

config() {  # config NAME DB
  cat >"$work/$1.toml" <<TOML
[storage]
database = "$2"
outbox_dir = "$2.outbox"
[people]
files = ["$data/people.xml", "$data/all-members.xml"]
[http]
user_agent = "parlwatch-test (ops@example.org)"
delay_between_requests_ms = 0
[schedule]
start_date = "2009-10-01"
recheck_days = 36500
# Kills here are the test's, not the files' fault: no quarantine.
quarantine_after_crashes = 100
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
sections = ["debates", "westminhall", "wrans", "wms", "lordspages"]
[server]
listen = ""
TOML
}

users() {  # users DB: 20 readers by email, 20 groups by webhook, a few rules each
  for i in $(seq 20); do
    "$pw" --db "$1" user add "reader$i@example.org" >/dev/null
    "$pw" --db "$1" user add "group$i@example.org" \
      --webhook "http://127.0.0.1:$port/hooks/g$i" >/dev/null
  done
  for i in $(seq 20); do
    for who in reader group; do
      "$pw" --db "$1" rule add --user "$who$i@example.org" trafficking >/dev/null
      "$pw" --db "$1" rule add --user "$who$i@example.org" 'party:Lab' >/dev/null
    done
  done
}

dump() {  # dump DB: what must not differ between a clean and an interrupted run
  q "$1" "SELECT name, sha256, items FROM files ORDER BY name;
          SELECT r.query, i.key, m.outbox_id IS NOT NULL FROM matches m
            JOIN rules r ON r.id = m.rule_id JOIN items i ON i.id = m.item_id ORDER BY 1, 2;
          SELECT u.email, o.channel, o.subject, o.state FROM outbox o
            JOIN users u ON u.id = o.user_id ORDER BY 1, 2, 3;"
}
ids() {  # the Message-ID or webhook-id of every message received, one a line
  grep -h -i '^message-id:' "$work"/mail/*.eml 2>/dev/null
  grep -h -i '^webhook-id:' "$work"/hooks/*.headers 2>/dev/null
}
received() { rm -f "$work"/mail/* "$work"/hooks/*; }

users "$work/template.db"  # once: each run starts from a copy
q "$work/template.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
db=$work/clean.db
config clean "$db"
cp "$work/template.db" "$db"
began=$(date +%s%N)
"$pw" run --config "$work/clean.toml" --once 2>"$work/clean.log"
check "the clean run succeeds" [ $? -eq 0 ]
span=$((($(date +%s%N) - began) / 1000000 + 100))  # ms: the kills land anywhere in it
dump "$db" >"$work/clean.dump"
emails=$(q "$db" "SELECT COUNT(*) FROM outbox WHERE channel = 'email'")
hooks=$(q "$db" "SELECT COUNT(*) FROM outbox WHERE channel = 'webhook'")
check "the clean run queued emails and webhooks ($emails, $hooks)" [ "$emails" -ge 50 ] && [ "$hooks" -ge 50 ]
all_received() { [ "$(ids | sort -u | wc -l)" -eq $((emails + hooks)) ]; }
check "and each was received once" eventually all_received
check "and no more" [ "$(ids | wc -l)" -eq $((emails + hooks)) ]
received

ran=0 kills=0 mid=0 bad=0 lost=0 dups=0 worst=0
total=$(q "$work/clean.db" 'SELECT COUNT(*) FROM files')
for trial in $(seq "$trials"); do
  db=$work/crash$trial.db
  config crash "$db"
  cp "$work/template.db" "$db"
  k=0
  for _ in $(seq $((1 + RANDOM % 3))); do
    "$pw" run --config "$work/crash.toml" 2>/dev/null &
    pid=$!
    pause=$((RANDOM * 32768 + RANDOM))
    pause=$((pause % span))
    sleep "$((pause / 1000)).$(printf '%03d' $((pause % 1000)))"
    kill -KILL $pid 2>/dev/null && k=$((k + 1))
    wait $pid 2>/dev/null
    now=$(q "$db" 'SELECT COUNT(*) FROM files')
    [ "$now" -gt 0 ] && [ "$now" -lt "$total" ] && mid=$((mid + 1))
  done
  kills=$((kills + k))
  "$pw" run --config "$work/crash.toml" --once 2>"$work/crash$trial.log"
  dump "$db" >"$work/crash$trial.dump"
  # The fakes write a message a moment after answering; wait for all of them.
  for _ in $(seq 100); do
    [ "$(ids | sort -u | wc -l)" -ge $((emails + hooks)) ] && break
    sleep 0.05
  done
  sleep 0.2
  ids >"$work/ids"
  got=$(wc -l <"$work/ids")
  unique=$(sort -u "$work/ids" | wc -l)
  d=$((got - unique))
  dups=$((dups + d))
  [ "$d" -gt "$worst" ] && worst=$d
  [ "$unique" -ne $((emails + hooks)) ] && lost=$((lost + 1))
  echo "trial $trial: $k kills, $got messages received, $d duplicates"
  if ! cmp -s "$work/clean.dump" "$work/crash$trial.dump"; then
    bad=$((bad + 1))
    echo "trial $trial differs from the clean run:"
    diff "$work/clean.dump" "$work/crash$trial.dump" | head -5
  fi
  if [ "$d" -gt $((k * 2 * 5)) ]; then
    echo "trial $trial: $d duplicates after $k kills is more than the messages in flight"
    bad=$((bad + 1))
  fi
  ran=$((ran + 1))
  received
  rm -rf "$db"*
done
echo "crash trials: $ran run, $kills kills (SIGKILL), $mid of them part-way through the week," \
  "$bad differing from the clean run, $lost with a message lost," \
  "$dups duplicate deliveries ($worst at most in one trial), $((emails + hooks)) messages a run," \
  "kills spread over ${span} ms"
check "after SIGKILLs and a restart, the database equals a clean run's" [ "$bad" -eq 0 ]
check "no message was lost" [ "$lost" -eq 0 ]

finish
