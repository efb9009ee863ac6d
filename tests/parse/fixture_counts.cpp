#include "tests/parse/fixture_counts.hpp"

#include <sstream>

#include "tests/fakes/temp_dir.hpp"

namespace pw::test {

std::map<std::string, FixtureCounts> load_fixture_counts() {
  std::istringstream in(read_data("counts.txt"));
  std::string header;
  std::getline(in, header);
  std::map<std::string, FixtureCounts> out;
  std::string file;
  FixtureCounts c;
  while (in >> file >> c.speeches >> c.questions >> c.answers >> c.headings >> c.divisions >>
         c.redirects) {
    out[file] = c;
  }
  return out;
}

}  // namespace pw::test
