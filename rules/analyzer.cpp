#include "rules/analyzer.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

#include <libstemmer.h>
#include <utf8proc.h>

#include "rules/ascii_scan.hpp"

namespace pw::rules {
namespace {

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }  // NOLINT: utf8proc mallocs
};

void append_utf8(std::string& out, utf8proc_int32_t cp) {
  std::array<utf8proc_uint8_t, 4> buf{};
  const auto n = utf8proc_encode_char(cp, buf.data());
  out.append(reinterpret_cast<const char*>(buf.data()), static_cast<std::size_t>(n));
}

utf8proc_int32_t straighten(utf8proc_int32_t cp) {
  switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x02BC:
    case 0x2032:
      return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x2033:
      return '"';
    case 0x2010:
    case 0x2011:
      return '-';
    default:
      return cp;
  }
}

// Calls f(codepoint) for each code point; invalid bytes come as ' '.
template <typename F>
void for_each_codepoint(std::string_view text, F f) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    f(n > 0 ? cp : ' ');
    const utf8proc_ssize_t step = n > 0 ? n : 1;
    p += step;
    left -= step;
  }
}

bool is_word_char(utf8proc_int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z');
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

using ascii::byte_class;
using ascii::kLower;
using ascii::kSeparator;

// Splits folded text into words; a word's parts are separated by hyphens.
// Passes each word's joined form (if hyphenated) and parts to a sink.
class WordSplitter {
 public:
  explicit WordSplitter(WordSink& sink) : sink_(sink) {}

  void feed(utf8proc_int32_t cp) {
    if (is_word_char(cp)) {
      if (joiner_ == '-') end_part();
      if (joiner_ == '\'') current_ += '\'';
      joiner_ = 0;
      append_utf8(current_, cp);
    } else if ((cp == '\'' || cp == '-') && !current_.empty() && joiner_ == 0) {
      joiner_ = static_cast<char>(cp);
    } else {
      end_word();
    }
  }

  // Feeds an already folded ASCII byte.
  void feed_ascii(char c) {
    if (byte_class(c) == kLower && joiner_ == 0) {
      current_ += c;
    } else {
      feed(static_cast<unsigned char>(c));
    }
  }

  void end_word() {
    end_part();
    if (parts_ > 1) sink_.word(joined_, pos_, true);
    for (std::size_t i = 0; i < parts_; ++i) sink_.word(part_[i], pos_++, false);
    parts_ = 0;
    joined_.clear();
    joiner_ = 0;
  }

  // True between words: nothing pending.
  bool idle() const { return current_.empty() && parts_ == 0 && joiner_ == 0; }

  // Passes on the plain words that start at text[i] or after separators
  // there: runs of ASCII letters and digits (any case, under kWindow
  // bytes) that end at a separator or the end of the text. Returns where
  // the text stops being plain words: its end, or the start of a word for
  // feed(). Call only when idle().
  std::size_t plain_words(std::string_view text, std::size_t i) {
    // Each window of 64 bytes is classified at once, so finding a word is
    // bit arithmetic, not a loop over its bytes. Past the end of the text
    // the last window reads zero bytes, which are separators (16 more than
    // a window, for lower_alnum's block reads).
    std::array<char, kWindow + 16> tail;
    while (i < text.size()) {
      const char* window = text.data() + i;
      std::size_t room = text.size() - i;  // bytes readable at window
      if (room < kWindow) {
        std::memcpy(tail.data(), window, room);
        std::memset(tail.data() + room, 0, tail.size() - room);
        window = tail.data();
        room = tail.size();
      }
      const ascii::Block b = ascii::classify64(window);
      std::size_t k = 0;  // window[k - 1] ended a word or is a separator
      for (;;) {
        const std::uint64_t stops = ~b.separator & from_bit(k);
        if (stops == 0) {
          i += kWindow;
          break;
        }
        const auto start = static_cast<std::size_t>(__builtin_ctzll(stops));
        if ((b.alnum >> start & 1) == 0) return i + start;  // ' or - or not ASCII
        const std::uint64_t ends = ~b.alnum & from_bit(start);
        if (ends == 0) {  // the word goes on past the window
          if (start == 0) return i;
          i += start;
          break;
        }
        const auto end = static_cast<std::size_t>(__builtin_ctzll(ends));
        if ((b.separator >> end & 1) == 0) return i + start;
        ascii::lower_alnum(window + start, end - start, room - start, lower_.data());
        sink_.word(std::string_view(lower_.data(), end - start), pos_++, false);
        k = end;
      }
    }
    return text.size();
  }

 private:
  void end_part() {
    if (current_.empty()) return;
    clean(current_);
    if (!current_.empty()) {
      if (part_.size() <= parts_) part_.resize(parts_ + 1);
      part_[parts_].swap(current_);
      joined_ += part_[parts_];
      ++parts_;
    }
    current_.clear();
  }

  // Drops a possessive "'s" and any other apostrophe, in place.
  static void clean(std::string& part) {
    if (part.size() > 2 && part.compare(part.size() - 2, 2, "'s") == 0)
      part.resize(part.size() - 2);
    if (part.find('\'') != std::string::npos) {
      part.erase(std::remove(part.begin(), part.end(), '\''), part.end());
    }
  }

  WordSink& sink_;
  std::vector<std::string> part_;  // parts of the current word (reused)
  std::size_t parts_ = 0;
  std::string joined_;
  std::string current_;
  // Bits k and up of a 64-bit mask (none for k = 64).
  static std::uint64_t from_bit(std::size_t k) { return k < kWindow ? ~0ULL << k : 0; }

  static constexpr std::size_t kWindow = 64;
  std::array<char, kWindow> lower_{};  // a plain word, folded (whole blocks of 16 written)
  std::uint32_t pos_ = 0;
  char joiner_ = 0;  // a ' or - seen after word characters, not yet followed by one
};

// Collects tokens without stems.
class TokenSink final : public WordSink {
 public:
  explicit TokenSink(std::vector<Token>& out) : out_(out) {}
  void word(std::string_view exact, std::uint32_t pos, bool joined) override {
    out_.push_back(Token{std::string(exact), {}, pos, joined});
  }

 private:
  std::vector<Token>& out_;
};

// A day's vocabulary is a few tens of thousands of words; the bound only
// stops a long-running daemon's cache from growing without end.
constexpr std::size_t kMaxCachedStems = 500'000;

}  // namespace

void Analyzer::StemmerDeleter::operator()(sb_stemmer* s) const {
  sb_stemmer_delete(s);
}

Analyzer::Analyzer() : stemmer_(sb_stemmer_new("english", "UTF_8")) {}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

std::string fold_text(std::string_view text) {
  std::string straight;
  straight.reserve(text.size());
  for_each_codepoint(text, [&](utf8proc_int32_t cp) { append_utf8(straight, straighten(cp)); });
  utf8proc_uint8_t* out = nullptr;
  const auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                      UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
  const utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(straight.data()),
                   static_cast<utf8proc_ssize_t>(straight.size()), &out, options);
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owner(out);
  if (n < 0) return {};
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

const std::string& Analyzer::stem(const std::string& word) {
  const auto found = stems_.find(word);
  if (found != stems_.end()) return found->second;
  const std::string_view british = british_spelling(word);
  std::string stemmed(british);
  if (stemmer_) {
    const sb_symbol* s =
        sb_stemmer_stem(stemmer_.get(), reinterpret_cast<const sb_symbol*>(british.data()),
                        static_cast<int>(british.size()));
    if (s != nullptr) {
      stemmed.assign(reinterpret_cast<const char*>(s),
                     static_cast<std::size_t>(sb_stemmer_length(stemmer_.get())));
    }
  }
  if (stems_.size() >= kMaxCachedStems) stems_.clear();
  return stems_.emplace(word, std::move(stemmed)).first->second;
}

void Analyzer::fold_into(std::int32_t cp, std::string& out) {
  auto it = folded_.find(cp);
  if (it == folded_.end()) {
    std::string one;
    append_utf8(one, cp);
    it = folded_.emplace(cp, fold_text(one)).first;
  }
  out += it->second;
}

void Analyzer::for_each_word(std::string_view text, WordSink& sink) {
  WordSplitter splitter(sink);
  std::string folded;
  for (std::size_t i = 0; i < text.size();) {
    if (splitter.idle()) {  // the most common case, at its own speed
      i = splitter.plain_words(text, i);
      if (i == text.size()) break;
    }
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {  // ASCII folds by lower-casing
      splitter.feed_ascii(static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte | 0x20 : byte));
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                         static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    i += n > 0 ? static_cast<std::size_t>(n) : 1;
    if (n <= 0) {
      splitter.feed(' ');
      continue;
    }
    folded.clear();
    fold_into(cp, folded);
    for_each_codepoint(folded, [&](utf8proc_int32_t c) { splitter.feed(c); });
  }
  splitter.end_word();
}

std::vector<Token> Analyzer::tokens(std::string_view text) {
  std::vector<Token> out;
  TokenSink sink(out);
  for_each_word(text, sink);
  for (auto& t : out) t.stem = stem(t.exact);
  return out;
}

}  // namespace pw::rules
