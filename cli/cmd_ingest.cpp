#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/support.hpp"
#include "core/clock.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/people.hpp"
#include "daemon/stored_settings.hpp"
#include "ingest/file_io.hpp"
#include "ingest/ingester.hpp"

namespace pw::cli {
namespace {

struct Totals {
  std::size_t files = 0, failed = 0, new_items = 0, updated = 0, matches = 0, alerts = 0;
  int exit_code = kExitOk;  // of the most serious failure
};

// 70 for a fault of parlwatch's, over 75 for one that may pass (a locked
// database, a full disk), over 65 for a bad file.
int graver(int a, int b) {
  for (const int code : {kExitSoftware, kExitTempFail, kExitDataErr}) {
    if (a == code || b == code) return code;
  }
  return kExitOk;
}

void log_report(const ingest::FileReport& r, Totals& totals) {
  ++totals.files;
  if (r.outcome == ingest::FileReport::Outcome::kFailed) {
    ++totals.failed;
    totals.exit_code = graver(totals.exit_code, exit_code_for(r.error));
    spdlog::error("{}", r.error.message);
    return;
  }
  for (const auto& id : r.unknown_speakers) {
    spdlog::warn("{}: speaker {} is not in the people data; treated as an unknown person", r.file,
                 id);
  }
  if (!r.members_gap.empty()) {
    spdlog::warn("{}: {}", r.file, r.members_gap);
  }
  totals.new_items += r.new_items;
  totals.updated += r.updated_items;
  totals.matches += r.matches;
  totals.alerts += r.alerts;
  std::cout << fmt::format(
      "{}: {}, {} new items, {} updated, {} redirects, {} matches, {} alerts\n", r.file,
      ingest::outcome_name(r.outcome), r.new_items, r.updated_items, r.redirects, r.matches,
      r.alerts);
}

}  // namespace

int cmd_ingest(const GlobalOptions& g, const std::vector<std::string>& paths, bool deliver,
               const std::string& config_path) {
  std::optional<Config> config;
  GlobalOptions options = g;
  if (!config_path.empty()) {
    config = config_or_report(config_path);
    if (!config) return kExitConfig;
    options.db = config->database;
    options.outbox_dir = config->outbox_dir;
    if (options.people.empty()) options.people = config->people_files;
  }
  return with_database(
      options,
      [&](storage::Database& db) {
        auto members = load_members(options);
        if (!members) return kExitDataErr;
        if (members->empty())
          spdlog::warn("no people data given (--people): speakers stay unresolved");
        if (auto ok = remember_persons(db, *members); !ok) return report_error(ok.error());
        const SystemClock clock;
        auto settings = config
                            ? email_settings(db, config->delivery.from, config->delivery.public_url,
                                             config->delivery.token_secret_file)
                            : email_settings(db, g.from, "");
        if (!settings) return report_error(settings.error());
        ingest::Ingester ingester(db, *members, clock, *settings);
        auto loaded = ingester.load_rules();
        if (!loaded) return report_error(loaded.error());
        for (const auto& w : loaded->warnings) spdlog::warn("{}", w);
        for (const auto& n : loaded->snapshot_notes) spdlog::info("{}", n);
        std::cout << fmt::format(
            "{} rules loaded{} ({} without an index anchor)\n", ingester.rules().size(),
            loaded->from_snapshot ? " from their snapshot" : "", ingester.rules().catch_all_size());
        Totals totals;
        for (const auto& file : transcript_files(paths))
          log_report(ingester.ingest_file(file), totals);
        std::cout << fmt::format(
            "{} files ({} failed), {} new items, {} updated items, {} matches, {} alerts queued\n",
            totals.files, totals.failed, totals.new_items, totals.updated, totals.matches,
            totals.alerts);
        const int delivered = deliver ? deliver_pending(options, db, clock) : kExitOk;
        if (totals.failed > 0) return totals.exit_code;
        return delivered;
      },
      OnMissing::kCreate);
}

}  // namespace pw::cli
