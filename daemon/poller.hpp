#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/stop_flag.hpp"
#include "core/transcript.hpp"
#include "ingest/ingester.hpp"
#include "sources/plan.hpp"
#include "sources/source.hpp"
#include "storage/source_repository.hpp"

namespace pw {

// A file fetched and parsed on a worker, on its way to the database.
struct FetchedFile {
  sources::RemoteFile file;
  std::string location;  // URL or path, for messages
  sources::Validators validators;
  std::string sha256;
  Result<Transcript> parsed = fail(Error::permanent("not parsed"));
};

// What the worker side of one poll saw.
struct FetchSummary {
  std::size_t offered = 0;       // files the source lists
  std::size_t planned = 0;       // files it was asked for
  std::size_t fetched = 0;       // handed over with a body
  std::size_t not_modified = 0;  // answered 304 / unchanged mtime
  std::vector<Error> errors;     // per section and per file; the rest went on
  // Unchanged files that now have a change time where none was stored
  // (fetched before the folder had a changedates.txt), by "SECTION/NAME":
  // record_change_times stores them so the next polls leave those alone.
  std::map<std::string, std::int64_t> learned_change_times;
};

// Stores the change times a poll learned for files it found unchanged.
Status record_change_times(storage::SourceRepository& repo, const std::string& source,
                           const FetchSummary& summary);

// The stored validators of a source's files, by "SECTION/NAME".
Result<std::map<std::string, sources::Validators>> known_files(storage::SourceRepository& repo,
                                                               const std::string& source);

// Worker side of a poll: discovers, plans and fetches, parses each body,
// and hands each file to `deliver` (which must be safe to call from this
// thread) in plan order. Stops between files when `stop` is raised. Reads
// no database and writes nothing.
FetchSummary fetch_new_files(sources::Source& source,
                             const std::map<std::string, sources::Validators>& known,
                             const sources::PlanOptions& plan, StopFlag& stop,
                             const std::function<void(FetchedFile)>& deliver);

// Loop side: ingests one fetched file and, in the same transaction, stores
// its validators so the next poll asks for changes only. `progress` is
// called now and then during a long ingest (IngestOptions::progress).
ingest::FileReport store_fetched(ingest::Ingester& ingester, storage::SourceRepository& repo,
                                 const std::string& source, FetchedFile& f, bool alert,
                                 std::int64_t now, std::function<void()> progress = {});

}  // namespace pw
