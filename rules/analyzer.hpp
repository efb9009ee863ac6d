#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pw::rules {

// Splits text into search terms: Unicode case folding and diacritic
// folding ("Féin" -> "fein"), then maximal runs of letters and digits.
// Everything else (spaces, punctuation, apostrophes, dashes) separates
// terms. Invalid UTF-8 bytes separate terms too. Pure and thread-safe.
std::vector<std::string> analyze(std::string_view text);

}  // namespace pw::rules
