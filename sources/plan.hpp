#pragma once

#include <map>
#include <string>
#include <vector>

#include "sources/source.hpp"

namespace pw::sources {

// Which of the offered files one poll fetches.
struct PlanOptions {
  std::string from_date;  // YYYY-MM-DD: files of earlier sittings are left alone
  std::string to_date;    // YYYY-MM-DD, exclusive; "" for no limit
  // Known files without change times (no changedates.txt) are fetched
  // again, conditionally, only for sittings on or after this date.
  std::string recheck_from_date;
};

// Picks the files to fetch from `offered`, given what was stored before
// (`known`, by RemoteFile::path()): new names always; known names when
// their change time moved on, or, with no change times, when their sitting
// is recent enough to recheck. Names that are not ParlParse transcripts are
// ignored. The result is ordered by sitting date, section, then version,
// so older versions of a day are ingested first. Pure.
std::vector<RemoteFile> plan_fetches(const std::vector<RemoteFile>& offered,
                                     const std::map<std::string, Validators>& known,
                                     const PlanOptions& options);

}  // namespace pw::sources
