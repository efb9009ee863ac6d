#include "rules/query_lexer.hpp"

#include <charconv>

#include <fmt/format.h>

#include "rules/query_dates.hpp"

namespace pw::rules {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The filters the parser knows, TheyWorkForYou's included: it refuses those
// that cannot select new items, with a reason.
bool is_filter_name(std::string_view n) {
  for (const std::string_view known :
       {"speaker", "party", "section", "department", "heading", "major", "date", "from", "to",
        "groupby", "column", "gid", "segment", "batch"}) {
    if (n == known) return true;
  }
  return false;
}

bool looks_like_filter(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) return false;
  }
  return true;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Tok>> run() {
    std::vector<Tok> toks;
    for (;;) {
      while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
      if (pos_ >= text_.size()) break;
      PW_TRY_ASSIGN(auto tok, next());
      if (tok.t != Tok::T::kEnd) toks.push_back(std::move(tok));
    }
    toks.push_back(Tok{Tok::T::kEnd, {}, {}, text_.size(), 0, 0});
    return toks;
  }

 private:
  Result<Tok> next() {
    const std::size_t start = pos_;
    const char c = text_[pos_];
    if (c == '(') return single(Tok::T::kLParen);
    if (c == ')') return single(Tok::T::kRParen);
    if (c == '"') return phrase();
    if ((c == '-' || c == '+') && pos_ + 1 < text_.size() && !is_space(text_[pos_ + 1])) {
      ++pos_;
      if (c == '+') return Tok{Tok::T::kEnd, {}, {}, start, 0, 0};  // Xapian's "must": same as AND
      return Tok{Tok::T::kMinus, {}, {}, start, 0, 0};
    }
    return word();
  }

  Tok single(Tok::T t) { return Tok{t, {}, {}, pos_++, 0, 0}; }

  Result<Tok> phrase() {
    const std::size_t open = pos_;
    const std::size_t close = text_.find('"', open + 1);
    if (close == std::string_view::npos)
      return fail(query_error(text_, open, "unterminated quote"));
    pos_ = close + 1;
    return Tok{
        Tok::T::kPhrase, std::string(text_.substr(open + 1, close - open - 1)), {}, open, 0, 0};
  }

  Result<Tok> word() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !ends_word(text_[pos_])) ++pos_;
    const std::string_view w = text_.substr(start, pos_ - start);
    const std::size_t colon = w.find(':');
    if (colon != std::string_view::npos && looks_like_filter(w.substr(0, colon))) {
      return filter(w, start, colon);
    }
    if (looks_like_day_range(w))
      return Tok{Tok::T::kFilter, "range", std::string(w), start, start, 0};
    if (w == "OR") return Tok{Tok::T::kOr, {}, {}, start, 0, 0};
    if (w == "XOR") return Tok{Tok::T::kXor, {}, {}, start, 0, 0};
    if (w == "AND") return Tok{Tok::T::kAnd, {}, {}, start, 0, 0};
    if (w == "NOT") return Tok{Tok::T::kNot, {}, {}, start, 0, 0};
    if (w == "NEAR" || w.substr(0, 5) == "NEAR/") return near(w, start);
    return Tok{Tok::T::kWord, std::string(w), {}, start, 0, 0};
  }

  Result<Tok> near(std::string_view w, std::size_t start) {
    Tok t{Tok::T::kNear, {}, {}, start, 0, kDefaultNear};
    if (w == "NEAR") return t;
    const std::string_view n = w.substr(5);
    const auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), t.distance);
    if (ec != std::errc() || p != n.data() + n.size() || t.distance < 1 || t.distance > kMaxNear) {
      return fail(query_error(text_, start + 5,
                              fmt::format("NEAR/n needs a number from 1 to {}", kMaxNear)));
    }
    return t;
  }

  Result<Tok> filter(std::string_view w, std::size_t start, std::size_t colon) {
    Tok t{Tok::T::kFilter,
          std::string(w.substr(0, colon)),
          std::string(w.substr(colon + 1)),
          start,
          start + colon + 1,
          0};
    if (!is_filter_name(t.text)) {
      return fail(
          query_error(text_, start,
                      fmt::format("unknown filter '{}:'; filters are speaker:, party:, "
                                  "section:, major:, department:, heading:, date:, from: and to:",
                                  t.text)));
    }
    if (t.value.empty() && pos_ < text_.size() && text_[pos_] == '"') {
      PW_TRY_ASSIGN(auto quoted, phrase());
      t.value = quoted.text;
    }
    if (t.value.empty()) {
      return fail(query_error(text_, t.value_col, fmt::format("{}: needs a value", t.text)));
    }
    return t;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

bool ends_word(char c) {
  return is_space(c) || c == '(' || c == ')' || c == '"';
}

std::string straighten_quotes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 3) == "\u201c" || text.substr(i, 3) == "\u201d") {
      out += '"';
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

Result<std::vector<Tok>> lex_query(std::string_view text) {
  return Lexer(text).run();
}

}  // namespace pw::rules
