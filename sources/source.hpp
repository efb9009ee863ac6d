#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace pw::sources {

// A transcript file a source offers.
struct RemoteFile {
  std::string section;          // scrapedxml folder: debates, westminhall, wrans ...
  std::string name;             // e.g. debates2009-10-27d.xml
  std::int64_t changed_at = 0;  // changedates.txt time or file mtime; 0 if unknown

  // "section/name": the file's key within its source.
  std::string path() const { return section + "/" + name; }
};

// What a source said about a file the last time it was ingested: stored
// with the ingest and offered back on the next fetch.
struct Validators {
  std::string etag;
  std::string last_modified;
  std::int64_t changed_at = 0;
};

struct Fetched {
  bool not_modified = false;  // the stored copy is current; body is empty
  std::string body;
  Validators validators;  // to store with the ingest
  std::string location;   // URL or path, for messages
};

// The files offered, and what went wrong per section (the other sections
// still count).
struct Discovery {
  std::vector<RemoteFile> files;
  std::vector<Error> errors;
};

// Where transcripts come from: TheyWorkForYou over HTTP, or a local
// directory kept current by rsync. Calls block; one instance is used by
// one thread at a time.
class Source {
 public:
  virtual ~Source() = default;
  virtual const std::string& name() const = 0;
  // Lists the files of every watched section.
  virtual Discovery discover() = 0;
  // Fetches one file; `known` holds the validators of the stored copy, or
  // nullptr. Errors name the source, the URL or path and the HTTP status.
  virtual Result<Fetched> fetch(const RemoteFile& file, const Validators* known) = 0;
};

}  // namespace pw::sources
