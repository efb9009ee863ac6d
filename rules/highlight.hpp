#pragma once

#include <string>
#include <vector>

#include "rules/analyzer.hpp"
#include "rules/query.hpp"

namespace pw::rules {

// Returns folded words to centre an alert's extract on and to mark in it:
// the stems of the rule's unquoted words, the words of each phrase but its
// stop words, and the wildcard prefixes, leaving out excluded ones and
// filters.
std::vector<std::string> highlight_terms(const Query& query, Analyzer& analyzer);

}  // namespace pw::rules
