#include "daemon/readiness.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/clock.hpp"
#include "core/london_time.hpp"
#include "storage/source_repository.hpp"

namespace pw {

std::vector<std::string> readiness_problems(const ReadinessFacts& facts,
                                            const std::vector<storage::SourcePollRecord>& polls,
                                            std::chrono::system_clock::time_point now,
                                            std::chrono::steady_clock::duration running_for) {
  if (!facts.write_problem.empty()) return {facts.write_problem};
  const auto& s = facts.schedule;
  const auto allowed = 2 * s.poll_interval + std::chrono::minutes(10);
  if (running_for < allowed || in_quiet_hours(now, s.quiet_from_minute, s.quiet_to_minute)) {
    return {};
  }
  std::vector<std::string> problems;
  const auto limit =
      unix_seconds(now) - std::chrono::duration_cast<std::chrono::seconds>(allowed).count();
  for (const auto& name : facts.sources) {
    const auto it =
        std::find_if(polls.begin(), polls.end(), [&](const auto& p) { return p.source == name; });
    if (it == polls.end() || it->last_poll_at < limit) {
      problems.push_back(fmt::format("source {}: no poll since {}", name,
                                     it == polls.end() ? std::int64_t{0} : it->last_poll_at));
    }
  }
  return problems;
}

void Readiness::set_write_problem(std::string problem) {
  const std::lock_guard lock(mutex_);
  facts_.write_problem = std::move(problem);
}

void Readiness::set_sources(std::vector<std::string> names, ScheduleConfig schedule) {
  const std::lock_guard lock(mutex_);
  facts_.sources = std::move(names);
  facts_.schedule = std::move(schedule);
}

std::vector<std::string> Readiness::problems(storage::Database& db,
                                             std::chrono::system_clock::time_point now) const {
  ReadinessFacts facts;
  {
    const std::lock_guard lock(mutex_);
    facts = facts_;
  }
  if (!facts.write_problem.empty()) return {facts.write_problem};
  auto polls = storage::SourceRepository(db).polls();
  if (!polls) return {"database: " + polls.error().message};
  return readiness_problems(facts, *polls, now, std::chrono::steady_clock::now() - started_);
}

}  // namespace pw
