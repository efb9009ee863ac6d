// libFuzzer target for the changedates.txt parser: any bytes, no crash,
// one entry per file with a real transcript name, and every line counted.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "core/gid.hpp"
#include "parse/listing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto c = pw::parse::parse_changedates(text);
  std::set<std::string> files;
  for (const auto& e : c.latest) {
    if (e.unix_time < 0 || !pw::parse_transcript_name(e.file) || !files.insert(e.file).second) {
      std::abort();
    }
  }
  return 0;
}
