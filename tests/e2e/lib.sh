# Shared by the end-to-end scripts (POSIX sh): counts checks and reports.
# Source it, call `check DESCRIPTION COMMAND...` for each expectation, and
# end with `finish`, which prints the tally and fails if any check did.
failures=0
passes=0

check() {
  desc=$1
  shift
  if "$@"; then
    passes=$((passes + 1))
  else
    echo "FAIL: $desc"
    failures=$((failures + 1))
  fi
}

# Runs COMMAND... until it succeeds, for up to 5 s: the fakes write what
# they received a moment after answering the client.
eventually() {
  for _ in $(seq 100); do
    "$@" && return 0
    sleep 0.05
  done
  return 1
}

finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}
