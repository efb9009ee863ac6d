// libFuzzer target for the ParlParse transcript parser: any bytes must give
// a transcript or an error, never a crash, leak or unbounded work; what it
// gives must respect the parser's limits.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/members.hpp"
#include "parse/transcript_parser.hpp"
#include "parse/xml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pw::parse::XmlLibrary xml;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto t = pw::parse::parse_transcript("debates2009-10-27d.xml", bytes);
  if (!t) {
    if (t.error().message.empty()) std::abort();
    return 0;
  }
  if (t->items.size() > pw::parse::kMaxItemsPerFile) std::abort();
  static const pw::parse::Members members;
  (void)pw::parse::resolve_speakers(*t, members);
  return 0;
}
