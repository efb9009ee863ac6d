#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

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
  kNi,          // Northern Ireland Assembly (ni/)
  kSp,          // Scottish Parliament debates (sp/)
  kSpWrans,     // Scottish Parliament written answers (sp-written/)
  kPbc,         // Public Bill Committees (standing/), one file per committee sitting
};

// Everything the parser, the query language, the sources and the alerts
// need to know of one section. The table in core/section.cpp is the only
// list of sections: adding a chamber is one entry there plus fixtures.
struct SectionInfo {
  Section section;
  std::string_view name;                    // in rules, storage and JSON: "whall"
  std::string_view folder;                  // its folder on a ParlParse source: "westminhall"
  std::string_view file_prefix;             // of its transcript files: "westminster"
  std::string_view link_path;               // TheyWorkForYou's URL path segment: "whall"
  std::string_view title;                   // for readers: "Westminster Hall debates"
  std::string_view house;                   // "commons", "lords", "ni" or "scotland"
  int twfy_major;                           // TheyWorkForYou's major number (1 debates, 101 Lords)
  std::array<std::string_view, 1> aliases;  // parlwatch's other `section:` value for it alone
};

// Every section, in enum order.
std::span<const SectionInfo> all_sections();

// The entry of `s`.
const SectionInfo& section_info(Section s);

// Returns the short name used in rules, storage and JSON ("debates", "whall",
// "wrans", "wms", "lords", "lordswrans", "lordswms", "ni", "sp", "spwrans").
std::string_view section_name(Section s);

// Parses a short name as returned by section_name(); nullopt if unknown.
std::optional<Section> section_from_name(std::string_view name);

// Maps a transcript file name prefix ("debates", "westminster", "answers",
// "ministerial", "daylord", "lordswrans", "lordswms") to its section.
std::optional<Section> section_from_file_prefix(std::string_view prefix);

// Maps a ParlParse folder ("debates", "westminhall", "lordspages", ...) to
// its section.
std::optional<Section> section_from_folder(std::string_view folder);

// What a `section:` value selects: the sections read here, and the titles
// of the TheyWorkForYou sections it names that parlwatch does not read.
struct SectionSelection {
  std::vector<Section> sections;
  std::vector<std::string_view> not_read;
};

// The sections a lower-case `section:` value names. TheyWorkForYou's
// values (twfy_section_values()) mean what they mean there, by major
// number: "wrans" is both Houses' written answers, "uk" every UK
// Parliament section. Otherwise a section's name or alias names it alone
// ("lordswrans", "commonswrans"), and "commons" every Commons section.
// Both lists are empty for an unknown value.
SectionSelection sections_for_alias(std::string_view value);

// The sections with TheyWorkForYou major number `major` (major:3).
SectionSelection sections_for_major(int major);

// TheyWorkForYou's `section:` values, in its order.
std::vector<std::string_view> twfy_section_values();

// Returns a reader's title for the section ("House of Commons debates",
// "Westminster Hall", "Commons written answers", ...).
std::string_view section_title(Section s);

// Returns the TheyWorkForYou URL path segment for an item of this section
// ("debates", "whall", "wrans", "wms" or "lords").
std::string_view section_link_path(Section s);

}  // namespace pw
