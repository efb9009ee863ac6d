#pragma once

#include <filesystem>
#include <string>

namespace pw::test {

// A fresh directory under the system temp dir, removed with its contents
// when the object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Path of a file in tests/data.
std::filesystem::path data_path(const std::string& name);

// Contents of a file in tests/data.
std::string read_data(const std::string& name);

// Writes `content` to `path`, replacing it.
void write_file(const std::filesystem::path& path, const std::string& content);

}  // namespace pw::test
