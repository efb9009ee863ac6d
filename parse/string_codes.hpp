#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pw::parse {

// Eight-byte codes for the strings of members data. A string ending in a
// number ("uk.org.publicwhip/member/1604") is coded as its prefix, kept
// once, and the number, so tens of thousands of ids sharing a few prefixes
// cost little; any other string is kept once, whole. text(code(s)) == s for
// every s, and two strings have the same code only if they are equal.
// Not thread-safe for writes; const methods may be called from any thread.
class StringCodes {
 public:
  using Code = std::uint64_t;

  // The code of `s`, keeping its prefix if it is new.
  Code code(std::string_view s);
  // The code of `s` if code(s) was called before for a string with its
  // prefix; nullopt otherwise (then no string coded here equals `s`).
  std::optional<Code> find(std::string_view s) const;
  // The string `c` stands for; `c` must come from this object.
  std::string text(Code c) const;

 private:
  std::vector<std::string> prefixes_;
  std::unordered_map<std::string, std::uint32_t> index_;  // prefix -> its place in prefixes_
};

}  // namespace pw::parse
