#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/section.hpp"

namespace pw {

// Returns the version-independent key of a ParlParse gid: the version
// letters after the sitting date (the last date before the first '.' of the
// part after the last '/') are removed
// ("uk.org.publicwhip/debate/2009-10-27d.141.2" ->
// "uk.org.publicwhip/debate/2009-10-27.141.2"; a Public Bill Committee's
// ".../standing2009-10-20_CHILDPOV_07-0_2009-10-29a.1.1" ->
// ".../standing2009-10-20_CHILDPOV_07-0_2009-10-29.1.1"). A gid without such
// a date is returned unchanged.
std::string gid_key(std::string_view gid);

// Returns the part of a gid after its last '/', as TheyWorkForYou uses in
// item links ("2009-10-27d.141.2").
std::string_view gid_local(std::string_view gid);

// Returns the public TheyWorkForYou page of an item.
std::string twfy_link(Section section, std::string_view gid);

// The page an alert links an item to: twfy_link(), except for Public Bill
// Committees, whose TheyWorkForYou pages are addressed by session and bill
// title rather than by id: there, the Hansard page (`hansard_url`) when the
// transcript gives one.
std::string item_link(Section section, std::string_view gid, std::string_view hansard_url);

// The parts of a ParlParse transcript file name.
struct TranscriptName {
  Section section;
  std::string date;     // "YYYY-MM-DD": the sitting's
  std::string version;  // "", "a" ... "z", "aa" ...
  // The name without version and ".xml": the versions of one sitting share
  // it ("debates2009-10-27"; "standing2009-10-20_CHILDPOV_07-0_2009-10-29").
  std::string series;
};

// Parses a base name such as "debates2009-10-27d.xml"; nullopt if it is not
// a transcript name of a known section: an unknown prefix, a date that is
// not a day of the calendar (or before 1800), or a version of more than two
// letters. Public Bill Committee files are named
// "standing" FIRST-SITTING-DATE "_" BILL "_" SITTING "_" DATE VERSION ".xml"
// (TheyWorkForYou's xml2db.pl reads them so): DATE is the sitting's.
std::optional<TranscriptName> parse_transcript_name(std::string_view file_name);

// Orders version letters as an odometer: "" < "a" < ... < "z" < "aa" < "ab".
// Returns <0, 0 or >0 like strcmp.
int compare_versions(std::string_view a, std::string_view b);

// Returns the position of version letters in that order: "" -> 0, "a" -> 1,
// "z" -> 26, "aa" -> 27. Saturates for absurdly long versions.
std::int64_t version_rank(std::string_view version);

}  // namespace pw
