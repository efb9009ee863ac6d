#pragma once

#include <string>
#include <string_view>

namespace pw::parse {

// Normalises a ParlParse time attribute to "HH:MM:SS": "14:30:00" stays,
// "021:58:00" (a three-digit hour) becomes "21:58:00", "11:30" becomes
// "11:30:00". Returns "" for an empty or unreadable value.
std::string normalise_time(std::string_view raw);

// Returns the column number of a colnum attribute with non-digits stripped
// ("349W" -> 349, "1WS" -> 1); 0 if there are no digits or it overflows.
int normalise_column(std::string_view raw);

}  // namespace pw::parse
