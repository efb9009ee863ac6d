// libFuzzer target for the text analyzer: any bytes split into words
// without crashing, no word is empty, and the words (with their positions
// and joined marks) do not depend on where the text starts, which moves
// the fast path's 64-byte windows across it.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rules/analyzer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static pw::rules::Analyzer analyzer;
  const auto tokens = analyzer.tokens(text);
  const std::size_t shift = 1 + size % 63;
  const auto shifted = analyzer.tokens(std::string(shift, ' ') + std::string(text));
  if (tokens.size() != shifted.size()) std::abort();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& a = tokens[i];
    const auto& b = shifted[i];
    if (a.exact.empty() || a.exact != b.exact || a.pos != b.pos || a.joined != b.joined) {
      std::abort();
    }
  }
  return 0;
}
