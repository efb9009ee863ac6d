#!/bin/sh
# Counts transcript elements with xmllint, independently of parlwatch's
# parser, for every transcript fixture in tests/data. Elements named by a
# <gidredirect> oldgid (old text a superseded version keeps) are left out,
# as the parser ignores them. The output is checked in as counts.txt and
# the test suite checks that this script still produces it.
#
# Usage: tools/count_elements.sh DATA_DIR
set -eu
dir=${1:-.}
keep='[not(@id = //gidredirect/@oldgid)]'
count() { xmllint --nonet --xpath "count($2)" "$1"; }
printf 'file speeches questions answers headings divisions redirects\n'
for f in "$dir"/debates*.xml "$dir"/westminster*.xml "$dir"/answers*.xml \
         "$dir"/ministerial*.xml "$dir"/daylord*.xml "$dir"/lordswms*.xml "$dir"/ni2*.xml \
         "$dir"/sp2*.xml "$dir"/spwa2*.xml "$dir"/standing*.xml; do
  [ -f "$f" ] || continue
  headings="(//major-heading$keep | //minor-heading$keep | //oral-heading$keep)"
  printf '%s %s %s %s %s %s %s\n' "$(basename "$f")" \
    "$(count "$f" "//speech$keep")" "$(count "$f" "//ques$keep")" \
    "$(count "$f" "//reply$keep")" "$(count "$f" "$headings")" \
    "$(count "$f" "//division$keep")" "$(count "$f" "//gidredirect")"
done
