// libFuzzer target for the people data loaders: the first byte chooses
// people.xml, all-members.xml or people.json; the rest is the file. Any
// bytes must load or give an error, never crash or leak.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/members.hpp"
#include "parse/xml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pw::parse::XmlLibrary xml;
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  pw::parse::Members members;
  pw::Status ok;
  switch (data[0] % 3) {
    case 0:
      ok = pw::parse::load_people_xml(bytes, members);
      break;
    case 1:
      ok = pw::parse::load_all_members_xml(bytes, members);
      break;
    default:
      ok = pw::parse::load_people_json(bytes, members);
      break;
  }
  if (!ok && ok.error().message.empty()) std::abort();
  (void)members.person("uk.org.publicwhip/member/1947", "2009-10-26");
  (void)members.person("uk.org.publicwhip/person/10121", "2009-10-26");
  return 0;
}
