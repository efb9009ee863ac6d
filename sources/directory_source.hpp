#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sources/source.hpp"

namespace pw::sources {

// A local copy of scrapedxml kept current by rsync: DIR/SECTION/NAME.
// A file's modification time is its change time, so a file is read again
// only when rsync replaced it. Files over `max_bytes` are refused.
class DirectorySource final : public Source {
 public:
  DirectorySource(std::string name, std::string path, std::vector<std::string> sections,
                  std::uint64_t max_bytes);

  const std::string& name() const override { return name_; }
  Discovery discover() override;
  Result<Fetched> fetch(const RemoteFile& file, const Validators* known) override;

 private:
  std::string name_;
  std::string path_;
  std::vector<std::string> sections_;
  std::uint64_t max_bytes_;
};

}  // namespace pw::sources
