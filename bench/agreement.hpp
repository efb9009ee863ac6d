#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "bench/engines.hpp"

namespace pw::bench {

// How far parlwatch and Xapian agree on a set of rules over one batch.
struct Agreement {
  std::size_t rules = 0;     // rules compared
  std::size_t agreeing = 0;  // rules for which both return the same items
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_construct;  // agreeing, all
  std::vector<std::string> examples;  // a few disagreeing rules, with the counts each returned
};

// The construct a generated rule exercises, for the breakdown: "NEAR",
// "wildcard", "speaker", "phrase", "boolean" or "words".
std::string construct_of(const std::string& rule);

// Matches each rule with parlwatch's matcher and with `xapian` (built over
// `batch`) and compares the items each returns.
Agreement compare_with_xapian(const std::vector<std::string>& rules,
                              const std::vector<BatchItem>& batch, XapianEngine& xapian);

}  // namespace pw::bench
