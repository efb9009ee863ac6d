// libFuzzer target for the TOML configuration reader: any text must give a
// configuration or "FILE:LINE: what" errors, never a crash or leak.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto c = pw::parse_config(text, "fuzz.toml");
  if (!c && c.error().message.rfind("fuzz.toml", 0) != 0) std::abort();
  return 0;
}
