#include "rules/query.hpp"

#include <fmt/format.h>

#include "rules/analyzer.hpp"

namespace pw::rules {
namespace {

constexpr std::string_view kPersonPrefix = "uk.org.publicwhip/person/";

Error query_error(std::string_view text, std::size_t pos, std::string_view what) {
  return Error::invalid(
      fmt::format("column {}: {}\n  {}\n  {}^", pos + 1, what, text, std::string(pos, ' ')));
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

class QueryParser {
 public:
  explicit QueryParser(std::string_view text) : text_(text) {}

  Result<Query> run() {
    if (text_.size() > kMaxQueryBytes) {
      return fail(Error::invalid(fmt::format("rule longer than {} bytes", kMaxQueryBytes)));
    }
    while (skip_space()) {
      auto ok = text_[pos_] == '"' ? phrase() : word_or_filter();
      if (!ok) return fail(ok.error());
    }
    if (!q_.has_keywords() && q_.speaker.empty()) {
      return fail(query_error(text_, 0, "nothing to match: give words, a \"phrase\" or speaker:N"));
    }
    return std::move(q_);
  }

 private:
  bool skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
    return pos_ < text_.size();
  }

  Status phrase() {
    const std::size_t open = pos_;
    const std::size_t close = text_.find('"', open + 1);
    if (close == std::string_view::npos)
      return fail(query_error(text_, open, "unterminated quote"));
    pos_ = close + 1;
    auto terms = analyze(text_.substr(open + 1, close - open - 1));
    if (terms.empty()) return fail(query_error(text_, open, "empty phrase"));
    if (terms.size() == 1) {
      q_.words.push_back(std::move(terms.front()));
    } else {
      q_.phrases.push_back(std::move(terms));
    }
    return {};
  }

  Status word_or_filter() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !is_space(text_[pos_]) && text_[pos_] != '"') ++pos_;
    const std::string_view token = text_.substr(start, pos_ - start);
    const std::size_t colon = token.find(':');
    if (colon != std::string_view::npos && colon > 0) return filter(token, start, colon);
    for (auto& t : analyze(token)) q_.words.push_back(std::move(t));
    return {};
  }

  Status filter(std::string_view token, std::size_t start, std::size_t colon) {
    const std::string_view name = token.substr(0, colon);
    std::string_view value = token.substr(colon + 1);
    if (name != "speaker") {
      return fail(query_error(text_, start, fmt::format("unknown filter '{}:'", name)));
    }
    if (value.substr(0, kPersonPrefix.size()) == kPersonPrefix) {
      value.remove_prefix(kPersonPrefix.size());
    }
    if (!all_digits(value)) {
      return fail(query_error(text_, start + colon + 1, "speaker: needs a person id number"));
    }
    if (!q_.speaker.empty()) {
      return fail(query_error(text_, start, "only one speaker: per rule"));
    }
    q_.speaker = std::string(kPersonPrefix) + std::string(value);
    return {};
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  Query q_;
};

}  // namespace

Result<Query> parse_query(std::string_view text) {
  return QueryParser(text).run();
}

}  // namespace pw::rules
