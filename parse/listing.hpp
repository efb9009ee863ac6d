#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace pw::parse {

// Returns the transcript file names linked from an HTML directory listing
// (Apache's or nginx's autoindex of a scrapedxml folder), in page order
// without repeats. Only links to plain names in the same folder that look
// like ParlParse transcripts count: parent links, sort links, other
// folders and absolute or off-site URLs are ignored. libxml2's HTML parser
// reads the page leniently and never touches the network. Returns
// invalid_input only for input it cannot read at all (empty, or larger
// than 16 MiB).
Result<std::vector<std::string>> parse_directory_listing(std::string_view html);

// One line of a changedates.txt file.
struct ChangeDate {
  std::int64_t unix_time = 0;
  std::string file;
};

struct ChangeDates {
  std::vector<ChangeDate> latest;  // one per file: its latest time, in file name order
  std::size_t bad_lines = 0;       // lines that were not "unixtime,filename"
};

// Parses changedates.txt ("unixtime,filename" lines, appended on every
// write, unsorted, with repeats). Blank lines are skipped; other malformed
// lines, and names that are not ParlParse transcripts, are counted in
// bad_lines. Pure.
ChangeDates parse_changedates(std::string_view text);

}  // namespace pw::parse
