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

# Lays out the fixture week in SITE as TheyWorkForYou's scrapedxml folders
# (the wms folder gets its first version only). Usage: week SITE DATA_DIR
week() {
  mkdir -p "$1/debates" "$1/westminhall" "$1/wrans" "$1/wms" "$1/lordspages"
  cp "$2/debates2009-10-27d.xml" "$1/debates/"
  cp "$2/westminster2009-10-29a.xml" "$1/westminhall/"
  cp "$2/answers2009-10-28c.xml" "$1/wrans/"
  cp "$2/ministerial2009-10-26b.xml" "$1/wms/"
  cp "$2/daylord2009-10-29a.xml" "$1/lordspages/"
}

finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}
