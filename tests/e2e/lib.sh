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

finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}
