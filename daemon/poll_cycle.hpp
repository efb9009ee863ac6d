#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/stop_flag.hpp"
#include "daemon/poller.hpp"
#include "ingest/ingester.hpp"
#include "sources/plan.hpp"
#include "sources/source.hpp"
#include "storage/database.hpp"
#include "web/counters.hpp"

namespace pw {

// What the worker needs for one poll: the stored validators and the plan.
struct PollJob {
  std::map<std::string, sources::Validators> known;
  sources::PlanOptions plan;
};

// What finish() made of a poll.
struct PollOutcome {
  FetchSummary summary;
  std::vector<std::string> errors;  // of this poll, in the order met
  bool ok() const { return errors.empty(); }
};

// The polls of one source, as the steps the loop thread and a worker take,
// in order: begin (loop), fetch (worker), store for each file fetched
// (loop), finish (loop). No event loop here: App posts fetch() to its
// thread pool and the rest to the loop; tests call them in sequence.
// Errors met along the way are collected; finish() records the first with
// the poll and logs each once, until a poll goes without it.
class PollCycle {
 public:
  // `source`, `db`, `ingester` and `counters` are borrowed and outlive this.
  PollCycle(sources::Source& source, storage::Database& db, ingest::Ingester& ingester,
            web::Counters& counters);

  const std::string& name() const { return source_.name(); }

  // Counts an error met outside the cycle (the rules could not be
  // reloaded) against this poll.
  void add_error(std::string error) { errors_.push_back(std::move(error)); }

  // Loop: starts a poll with `plan`. Returns the worker's job, or nullopt
  // when the poll cannot go on (an error is kept for finish()).
  std::optional<PollJob> begin(sources::PlanOptions plan);

  // Worker: discovers, plans and fetches (fetch_new_files), handing each
  // file to `on_file`; stops between files once `stop` is raised. An
  // unexpected exception ends the fetch as that poll's error, told to
  // `unexpected`. Touches no database and no loop state.
  FetchSummary fetch(const PollJob& job, StopFlag& stop,
                     const std::function<void(FetchedFile)>& on_file,
                     const std::function<void(std::string_view)>& unexpected) const;

  // Loop: ingests one fetched file with its validators, logs the result
  // and returns it; a failed file is this poll's error, and so is a
  // quarantined one (outcome kFailed, nothing stored).
  ingest::FileReport store(FetchedFile& file, bool alert, std::int64_t now);

  // After how many attempts that ended the process a file is quarantined
  // (SourceRepository::begin_ingest); 2 unless set.
  void set_quarantine_after(int crashes) { quarantine_after_ = crashes; }
  // Called now and then while store() ingests a long file.
  void set_progress(std::function<void()> progress) { progress_ = std::move(progress); }

  // Loop: ends the poll: counts its files and errors in /metrics, records
  // change times learned and the poll's result, logs each error once.
  PollOutcome finish(const FetchSummary& summary, std::int64_t now);

 private:
  void log_errors();

  sources::Source& source_;
  storage::Database& db_;
  ingest::Ingester& ingester_;
  web::Counters& counters_;
  std::vector<std::string> errors_;    // of the poll in progress
  std::set<std::string> last_errors_;  // of the previous poll, logged already
  int quarantine_after_ = 2;
  std::function<void()> progress_;
};

}  // namespace pw
