#include "rules/background.hpp"

#include <algorithm>
#include <iterator>

namespace pw::rules {
namespace {

struct BackgroundEntry {
  std::string_view stem;
  std::uint32_t docs;
};

#include "rules/background_df.inc"

}  // namespace

std::uint32_t BackgroundStats::docs() {
  return kBackgroundDocs;
}

std::uint32_t BackgroundStats::doc_freq(std::string_view stem) {
  const auto* begin = std::begin(kBackgroundEntries);
  const auto* end = std::end(kBackgroundEntries);
  const auto* it = std::lower_bound(
      begin, end, stem, [](const BackgroundEntry& e, std::string_view s) { return e.stem < s; });
  return it != end && it->stem == stem ? it->docs : 0;
}

}  // namespace pw::rules
