#include "parse/string_codes.hpp"

#include <fmt/format.h>

namespace pw::parse {
namespace {

// Stands for "no number": the string is its prefix. Numbers coded are
// below it (at most nine digits).
constexpr std::uint32_t kWhole = 0xFFFFFFFF;
constexpr std::size_t kMaxDigits = 9;

struct Split {
  std::string_view prefix;
  std::uint32_t number = kWhole;
};

// A number is split off only if it reads back the same: no leading zero
// ("07" stays in the prefix), at most nine digits.
Split split(std::string_view s) {
  std::size_t start = s.size();
  while (start > 0 && s[start - 1] >= '0' && s[start - 1] <= '9') --start;
  const std::size_t digits = s.size() - start;
  if (digits == 0 || digits > kMaxDigits || (digits > 1 && s[start] == '0')) return {s};
  std::uint32_t n = 0;
  for (std::size_t i = start; i < s.size(); ++i)
    n = n * 10 + static_cast<std::uint32_t>(s[i] - '0');
  return {s.substr(0, start), n};
}

StringCodes::Code make_code(std::uint32_t prefix, std::uint32_t number) {
  return (static_cast<StringCodes::Code>(prefix) << 32) | number;
}

}  // namespace

StringCodes::Code StringCodes::code(std::string_view s) {
  const Split parts = split(s);
  const auto [it, added] =
      index_.try_emplace(std::string(parts.prefix), static_cast<std::uint32_t>(prefixes_.size()));
  if (added) prefixes_.emplace_back(parts.prefix);
  return make_code(it->second, parts.number);
}

std::optional<StringCodes::Code> StringCodes::find(std::string_view s) const {
  const Split parts = split(s);
  const auto it = index_.find(std::string(parts.prefix));
  if (it == index_.end()) return std::nullopt;
  return make_code(it->second, parts.number);
}

std::string StringCodes::text(Code c) const {
  const auto number = static_cast<std::uint32_t>(c & kWhole);
  const std::string& prefix = prefixes_.at(c >> 32);
  return number == kWhole ? prefix : fmt::format("{}{}", prefix, number);
}

}  // namespace pw::parse
