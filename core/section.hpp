#pragma once

#include <optional>
#include <string_view>

namespace pw {

// A ParlParse publication: one folder of scrapedxml, one kind of sitting.
enum class Section {
  kDebates,     // Commons main chamber (debates/)
  kWhall,       // Westminster Hall (westminhall/)
  kWrans,       // Commons written answers (wrans/)
  kWms,         // Commons written ministerial statements (wms/)
  kLords,       // Lords chamber (lordspages/)
  kLordsWrans,  // Lords written answers (lordswrans/)
  kLordsWms,    // Lords written statements (lordswms/)
};

// Returns the short name used in rules, storage and JSON ("debates", "whall",
// "wrans", "wms", "lords", "lordswrans", "lordswms").
std::string_view section_name(Section s);

// Parses a short name as returned by section_name(); nullopt if unknown.
std::optional<Section> section_from_name(std::string_view name);

// Maps a transcript file name prefix ("debates", "westminster", "answers",
// "ministerial", "daylord", "lordswrans", "lordswms") to its section.
std::optional<Section> section_from_file_prefix(std::string_view prefix);

// Returns a reader's title for the section ("House of Commons debates",
// "Westminster Hall", "Commons written answers", ...).
std::string_view section_title(Section s);

// Returns the TheyWorkForYou URL path segment for an item of this section
// ("debates", "whall", "wrans", "wms" or "lords").
std::string_view section_link_path(Section s);

}  // namespace pw
