#include "daemon/poll_cycle.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/loop_guard.hpp"
#include "storage/source_repository.hpp"

namespace pw {

PollCycle::PollCycle(sources::Source& source, storage::Database& db, ingest::Ingester& ingester,
                     web::Counters& counters)
    : source_(source), db_(db), ingester_(ingester), counters_(counters) {}

std::optional<PollJob> PollCycle::begin(sources::PlanOptions plan) {
  storage::SourceRepository repo(db_);
  auto known = known_files(repo, name());
  if (!known) errors_.push_back(known.error().message);
  if (!errors_.empty()) return std::nullopt;
  spdlog::debug("source {}: polling", name());
  return PollJob{std::move(*known), std::move(plan)};
}

FetchSummary PollCycle::fetch(const PollJob& job, StopFlag& stop,
                              const std::function<void(FetchedFile)>& on_file,
                              const std::function<void(std::string_view)>& unexpected) const {
  return call_guarded([&] { return fetch_new_files(source_, job.known, job.plan, stop, on_file); },
                      [&](std::string_view what) {
                        const auto message = fmt::format("source {}: {}", name(), what);
                        unexpected(message);
                        FetchSummary failed;
                        failed.errors.push_back(Error::transient(message));
                        return failed;
                      });
}

ingest::FileReport PollCycle::store(FetchedFile& file, bool alert, std::int64_t now) {
  storage::SourceRepository repo(db_);
  using Ingest = storage::SourceRepository::Ingest;
  const auto path = file.file.path();
  auto go = repo.begin_ingest(name(), path, file.sha256, now, quarantine_after_);
  if (go && *go != Ingest::kGo) {
    ingest::FileReport r;
    r.file = file.location;
    r.outcome = ingest::FileReport::Outcome::kFailed;
    r.error = Error::permanent(
        fmt::format("{}: quarantined: ingesting it ended parlwatch {} times; it is not tried again "
                    "(a new version is)",
                    file.location, quarantine_after_));
    errors_.push_back(fmt::format("source {}: {}", name(), r.error.message));
    return r;
  }
  if (!go) spdlog::warn("source {}: crash-loop guard: {}", name(), go.error().message);
  auto r = store_fetched(ingester_, repo, name(), file, alert, now, progress_);
  if (go) {
    if (auto ok = repo.end_ingest(name(), path, file.sha256); !ok) {
      spdlog::warn("source {}: crash-loop guard: {}", name(), ok.error().message);
    }
  }
  if (r.outcome == ingest::FileReport::Outcome::kFailed) {
    errors_.push_back(fmt::format("source {}: {}", name(), r.error.message));
    return r;
  }
  for (const auto& id : r.unknown_speakers) {
    spdlog::warn("{}: speaker {} is not in the people data", r.file, id);
  }
  if (!r.members_gap.empty()) {
    spdlog::warn("{}: {}", r.file, r.members_gap);
  }
  spdlog::info("{}: {}, {} new items, {} updated, {} redirects, {} matches, {} alerts", r.file,
               ingest::outcome_name(r.outcome), r.new_items, r.updated_items, r.redirects,
               r.matches, r.alerts);
  return r;
}

PollOutcome PollCycle::finish(const FetchSummary& summary, std::int64_t now) {
  for (const auto& e : summary.errors) errors_.push_back(e.message);
  const web::Labels source{{"source", name()}};
  counters_.add("parlwatch_files_fetched_total", source, summary.fetched);
  counters_.add("parlwatch_fetch_errors_total", source, errors_.size());
  log_errors();
  PollOutcome outcome{summary, std::move(errors_)};
  errors_.clear();
  storage::SourceRepository repo(db_);
  if (auto ok = record_change_times(repo, name(), summary); !ok) {
    spdlog::error("source {}: {}", name(), ok.error().message);
  }
  const std::string first_error = outcome.ok() ? "" : outcome.errors.front();
  if (auto ok =
          repo.poll_finished(name(), now, first_error, static_cast<std::int64_t>(summary.fetched));
      !ok) {
    spdlog::error("source {}: {}", name(), ok.error().message);
  }
  spdlog::info("source {}: {} files listed, {} fetched, {} unchanged, {} errors", name(),
               summary.offered, summary.fetched, summary.not_modified, last_errors_.size());
  return outcome;
}

void PollCycle::log_errors() {
  std::set<std::string> now_failing(errors_.begin(), errors_.end());
  for (const auto& e : now_failing) {
    if (last_errors_.count(e) == 0) {
      spdlog::error("{}", e);
    } else {
      spdlog::debug("still failing: {}", e);
    }
  }
  if (now_failing.empty() && !last_errors_.empty()) {
    spdlog::info("source {}: recovered", name());
  }
  last_errors_ = std::move(now_failing);
}

}  // namespace pw
