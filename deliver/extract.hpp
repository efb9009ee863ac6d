#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pw::deliver {

// Returns up to about `max_bytes` of `text` around the first occurrence of
// any of `terms` (ASCII case-insensitive, at a word start), cut at spaces,
// with "..." where text was left out; the start of the text when no term
// occurs. Never splits a UTF-8 sequence. Newlines become spaces.
std::string extract(std::string_view text, const std::vector<std::string>& terms,
                    std::size_t max_bytes = 240);

}  // namespace pw::deliver
