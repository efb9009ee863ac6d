#pragma once

#include <cstdint>
#include <string_view>

namespace pw::rules {

// Word frequencies shipped with parlwatch: in how many items of a sample of
// real transcripts (rules/background_df.inc, every chamber) each stem
// occurs. "Debates like this" adds them to the archive's own, so a fresh
// install with little stored still knows "victims" from "trafficking".
class BackgroundStats {
 public:
  // Items in the sample.
  static std::uint32_t docs();
  // Items of the sample containing `stem` (0 for one seen in fewer than two).
  static std::uint32_t doc_freq(std::string_view stem);
};

}  // namespace pw::rules
