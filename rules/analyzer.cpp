#include "rules/analyzer.hpp"

#include <cstdlib>
#include <memory>

#include <utf8proc.h>

namespace pw::rules {
namespace {

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }  // NOLINT: utf8proc mallocs
};

// Case-folds, decomposes and drops combining marks, then recomposes.
std::string fold(std::string_view text) {
  utf8proc_uint8_t* out = nullptr;
  const auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                      UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
  const utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                   static_cast<utf8proc_ssize_t>(text.size()), &out, options);
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owner(out);
  if (n < 0) return {};
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

bool is_word_char(utf8proc_int32_t cp) {
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

// Folding fails only on invalid UTF-8; then keep the valid sequences.
std::string fold_lenient(std::string_view text) {
  std::string folded = fold(text);
  if (!folded.empty() || text.empty()) return folded;
  std::string cleaned;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    const utf8proc_ssize_t step = n > 0 ? n : 1;
    if (n > 0)
      cleaned.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    else
      cleaned += ' ';
    p += step;
    left -= step;
  }
  return fold(cleaned);
}

}  // namespace

std::vector<std::string> analyze(std::string_view text) {
  const std::string folded = fold_lenient(text);
  std::vector<std::string> terms;
  std::string current;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(folded.data());
  auto left = static_cast<utf8proc_ssize_t>(folded.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    const utf8proc_ssize_t step = n > 0 ? n : 1;
    if (n > 0 && is_word_char(cp)) {
      current.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    } else if (!current.empty()) {
      terms.push_back(std::move(current));
      current.clear();
    }
    p += step;
    left -= step;
  }
  if (!current.empty()) terms.push_back(std::move(current));
  return terms;
}

}  // namespace pw::rules
