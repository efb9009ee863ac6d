#include "rules/highlight.hpp"

namespace pw::rules {
namespace {

void collect(const QueryNode& n, Analyzer& analyzer, std::vector<std::string>& out) {
  switch (n.kind) {
    case QueryNode::Kind::kNot:
    case QueryNode::Kind::kFilter:
      return;
    case QueryNode::Kind::kWildcard:
      out.push_back(n.text);
      return;
    case QueryNode::Kind::kWord: {
      const auto tokens = analyzer.tokens(n.text);
      if (!tokens.empty()) out.push_back(tokens.front().stem);
      return;
    }
    case QueryNode::Kind::kPhrase: {
      const auto tokens = analyzer.tokens(n.text);
      for (const auto& t : tokens) {
        if (!is_stop_word(t.exact) || tokens.size() == 1) out.push_back(t.exact);
      }
      return;
    }
    default:
      for (const auto& c : n.children) collect(c, analyzer, out);
  }
}

}  // namespace

std::vector<std::string> highlight_terms(const Query& query, Analyzer& analyzer) {
  std::vector<std::string> out;
  collect(query.root, analyzer, out);
  return out;
}

}  // namespace pw::rules
