#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pw {

// The byte offset of the first control character in UTF-8 `text` (C0 but
// tab, DEL, C1, U+2028 or U+2029), or npos if there is none.
std::size_t control_at(std::string_view text);

// `text` with ASCII capitals lowered; other bytes as they are.
std::string ascii_lower(std::string_view text);

// True if `text` is one or more ASCII digits and nothing else.
bool all_digits(std::string_view text);

}  // namespace pw
