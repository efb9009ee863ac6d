#pragma once

#include <string>
#include <vector>

#include "rules/analyzer.hpp"
#include "rules/query.hpp"

namespace pw::rules {

// Returns folded words to centre an alert's extract on: the stems of the
// rule's unquoted words, the first word of each phrase and the wildcard
// prefixes, leaving out excluded ones and filters.
std::vector<std::string> highlight_terms(const Query& query, Analyzer& analyzer);

}  // namespace pw::rules
