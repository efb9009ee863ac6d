// libFuzzer target for the HTML directory-listing parser: any bytes, no
// crash, and every name it returns is a plain transcript file name.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/gid.hpp"
#include "parse/listing.hpp"
#include "parse/xml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static pw::parse::XmlLibrary xml;
  auto names = pw::parse::parse_directory_listing(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!names) return 0;
  for (const auto& n : *names) {
    if (n.find('/') != std::string::npos || !pw::parse_transcript_name(n)) std::abort();
  }
  return 0;
}
