#include <ctime>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/support.hpp"
#include "daemon/exit_codes.hpp"
#include "storage/backup.hpp"
#include "storage/settings_repository.hpp"
#include "storage/source_repository.hpp"
#include "storage/status_reader.hpp"

namespace pw::cli {
namespace {

std::string when(std::int64_t unix_time) {
  if (unix_time == 0) return "never";
  const std::time_t t = unix_time;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%SZ", &tm);
  return buf;
}

void print_sources(storage::SourceRepository& repo,
                   const std::vector<storage::SourcePollRecord>& polls) {
  for (const auto& p : polls) {
    auto files = repo.files(p.source);
    std::cout << fmt::format(
        "source {}: last poll {}, last success {}, {} files fetched then, "
        "{} files known\n",
        p.source, when(p.last_poll_at), when(p.last_success_at), p.files_fetched,
        files ? files->size() : 0);
    if (!p.last_error.empty()) {
      std::cout << fmt::format("  last error ({}): {}\n", when(p.last_error_at), p.last_error);
    }
  }
}

void print_members_gap(storage::SettingsRepository& settings, const storage::StoreSummary& s) {
  auto ends = settings.get("people_data_ends");
  if (!ends || !*ends || (*ends)->empty()) return;
  std::cout << fmt::format("people data dated to: {}\n", **ends);
  if (s.files_after_members == 0) return;
  std::cout << fmt::format(
      "files after the people data: {} (newest sitting {}): parties and seats left empty; "
      "load newer members data\n",
      s.files_after_members, s.newest_after_members);
}

void print_quarantined(const storage::StoreSummary& s) {
  for (const auto& file : s.quarantined) {
    std::cout << fmt::format(
        "quarantined: {} (ingesting it ended parlwatch repeatedly; a new version is tried)\n",
        file);
  }
}

}  // namespace

int cmd_check_db(const GlobalOptions& g, const std::string& config_path) {
  return with_configured_database(g, config_path, [](storage::Database& db, const auto& path) {
    if (auto ok = db.check_integrity(); !ok) {
      spdlog::error("{}: {}", path, ok.error().message);
      return kExitDataErr;
    }
    std::cout << fmt::format("{}: ok\n", path);
    return kExitOk;
  });
}

int cmd_backup(const GlobalOptions& g, const std::string& config_path, const std::string& file) {
  return with_configured_database(g, config_path, [&](storage::Database& db, const auto& path) {
    if (auto ok = storage::backup_database(db, file); !ok) return report_error(ok.error());
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(file, ec);
    std::cout << fmt::format("backup of {} written to {} ({} bytes)\n", path, file, ec ? 0 : bytes);
    return kExitOk;
  });
}

int cmd_status(const GlobalOptions& g, const std::string& config_path) {
  return with_configured_database(g, config_path, [](storage::Database& db, const auto& path) {
    storage::SourceRepository repo(db);
    storage::SettingsRepository settings(db);
    auto polls = repo.polls();
    if (!polls) return report_error(polls.error());
    auto summary = storage::summarise(db);
    if (!summary) return report_error(summary.error());
    auto start = settings.get("start_date");
    std::cout << fmt::format("database: {}\nstart date: {}\n", path,
                             start && *start ? **start : "not set (never polled)");
    auto persons = settings.get("people_persons");
    auto problems = settings.get("people_problems");
    if (persons && *persons) {
      std::cout << fmt::format(
          "people data: {} persons{}\n", **persons,
          problems && *problems && !(*problems)->empty() ? " (" + **problems + ")" : "");
    } else {
      std::cout << "people data: not loaded by the daemon yet\n";
    }
    const auto& s = *summary;
    print_members_gap(settings, s);
    print_quarantined(s);
    print_sources(repo, *polls);
    std::cout << fmt::format("files: {}, items: {}, rules: {}, matches: {}\n", s.files, s.items,
                             s.rules, s.matches);
    std::cout << "outbox:";
    if (s.outbox.empty()) std::cout << " empty";
    for (const auto& [state, n] : s.outbox) std::cout << fmt::format(" {} {}", state, n);
    std::cout << "\n";
    std::cout << (s.oldest_undelivered_id == 0
                      ? std::string("oldest undelivered alert: none\n")
                      : fmt::format("oldest undelivered alert: {} (outbox row {})\n",
                                    when(s.oldest_undelivered_at), s.oldest_undelivered_id));
    return kExitOk;
  });
}

}  // namespace pw::cli
