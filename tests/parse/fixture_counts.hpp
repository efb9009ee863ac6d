#pragma once

#include <map>
#include <string>

namespace pw::test {

// Element counts of one fixture, as taken by xmllint (tests/data/counts.txt).
struct FixtureCounts {
  int speeches = 0;
  int questions = 0;
  int answers = 0;
  int headings = 0;
  int divisions = 0;
  int redirects = 0;
};

// Reads tests/data/counts.txt, keyed by file name.
std::map<std::string, FixtureCounts> load_fixture_counts();

}  // namespace pw::test
