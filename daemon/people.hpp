#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "daemon/config.hpp"
#include "parse/members.hpp"
#include "sources/http_client.hpp"
#include "storage/database.hpp"

namespace pw {

// Adds one members file (people.xml, all-members.xml or people.json, told
// apart by content) to `members`; invalid_input naming it if it is missing
// or malformed.
Status load_people_file(const std::string& path, parse::Members& members);

// Loads members files (people.xml, all-members.xml, people.json) in order.
Result<parse::Members> load_people(const std::vector<std::string>& files);

// Stores every person of `members` in the persons table (one
// transaction), so speaker:"Name" and speaker:N are checked against the
// members data before any transcript naming them is ingested.
Status remember_persons(storage::Database& db, const parse::Members& members);

// What the last response for the members file said, sent back to ask
// "changed since?" (a conditional GET).
struct PeopleValidators {
  std::string etag;
  std::string last_modified;
};

struct PeopleFetch {
  bool changed = false;  // a new copy was written
  PeopleValidators validators;
};

// Performs one GET (with the daemon's retries, as for transcripts).
using HttpGet = std::function<Result<sources::HttpResponse>(const sources::HttpRequest&)>;

// Brings the local copy `path` of the members file at `url` (ParlParse's
// people.json) up to date with a conditional GET through `get`. A 200 is checked
// (it must load as members data) and then replaces `path` atomically; a
// 304 leaves it. Errors: a transient one for a network failure or a 5xx
// (try again later), invalid_input for any other status or a body that is
// not members data; the old copy is kept either way.
Result<PeopleFetch> fetch_people_file(const HttpGet& get, const std::string& url,
                                      const std::string& path, const PeopleValidators& known);

// The daemon's members data as loaded, with what is missing or broken.
struct PeopleLoad {
  parse::Members members;
  std::vector<std::string> problems;  // each a sentence for the log and status
};

// Loads the configured members files, then the fetched copy if there is
// one. A file that cannot be read or parsed is a problem, not a failure:
// the daemon runs without members data (speakers stay unresolved) rather
// than not at all. No files and no URL configured is a problem too.
PeopleLoad load_daemon_people(const Config& config);

// Records in the database what was loaded (settings people_persons,
// people_problems and people_data_ends, for status and /metrics) and stores its persons.
Status record_people(storage::Database& db, const parse::Members& members,
                     const std::vector<std::string>& problems);

// The validators of the last fetch of the members file, kept in settings.
Result<PeopleValidators> stored_people_validators(storage::Database& db);
Status store_people_validators(storage::Database& db, const PeopleValidators& v);

}  // namespace pw
