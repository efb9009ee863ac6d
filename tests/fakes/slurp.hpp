#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace pw::test {

// The whole contents of a file; "" if it cannot be read.
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace pw::test
