#!/bin/sh
# Runs the demo job (what scripts/demo runs after building) and checks what
# it promises: it ends by saying where the alerts are and how many, and at
# least one alert comes from a keyword rule and one from a speaker rule.
# Usage: demo_test.sh PARLWATCH REPO_ROOT
set -u
pw=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$root/scripts/demo-job" "$pw" "$work/state" >"$work/out" 2>&1
rc=$?
. "$(dirname "$0")/lib.sh"
check "the demo exits 0" [ "$rc" -eq 0 ]
last=$(tail -n 1 "$work/out")
check "the last line says where the alerts are: $last" \
  sh -c "echo '$last' | grep -Eq '^== alerts: [1-9][0-9]* emails in .*/outbox/mail/new/, [1-9][0-9]* webhook documents in .*/outbox/webhooks/$'"
check "a keyword rule matched" \
  sh -c "grep -E '^  rule [0-9]+ +[^ s].* [1-9][0-9]* matches$' '$work/out' | grep -vq 'speaker:'"
check "a speaker rule matched" grep -Eq '^  rule [0-9]+ +speaker:[0-9]+ .* [1-9][0-9]* matches$' "$work/out"
check "the table's columns line up" sh -c "grep -E '^  rule [0-9]+ ' '$work/out' | awk '{ print index(\$0, \"matches\") }' | sort -u | wc -l | grep -qx 1"
check "the emails link to the web face" grep -rq 'http://127.0.0.1:8026/u/' "$work/state/outbox/mail/new/"
check "the demo says how to go on" grep -q 'run --config' "$work/out"
check "the emails are in the Maildir" sh -c "ls '$work/state/outbox/mail/new/' | grep -q '.eml$'"
check "a Scottish Parliament alert names its chamber" \
  grep -rq '^Subject: parlwatch: 1 new match in Scottish Parliament written answers' \
  "$work/state/outbox/mail/new/"
check "with TheyWorkForYou's spwrans link" \
  grep -rq 'theyworkforyou.com/spwrans/?id=3D2009-10-30.S3W-28117.q0' "$work/state/outbox/mail/new/"
check "a speaker alert went out as a webhook" \
  grep -q '"query": "speaker:10121"' "$work"/state/outbox/webhooks/*.json
check "a speaker alert says how the member voted" \
  grep -q '^  How Mark Durkan voted$' "$work/out"
check "with the division's vote and result" \
  grep -q '^    voted No (Ayes 200, Noes 269: the Noes have it)$' "$work/out"
[ "$failures" -eq 0 ] || cat "$work/out"
finish
