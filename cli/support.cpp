#include "cli/support.hpp"

#include <filesystem>
#include <iostream>
#include <random>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/exit_codes.hpp"
#include "daemon/people.hpp"
#include "daemon/stored_settings.hpp"
#include "deliver/delivery_worker.hpp"
#include "deliver/local_sink.hpp"
#include "deliver/webhook_signature.hpp"
#include "ingest/file_io.hpp"
#include "storage/item_repository.hpp"
#include "storage/source_repository.hpp"

namespace pw::cli {
int report_error(const Error& e) {
  spdlog::error("{}", e.message);
  return exit_code_for(e);
}

int check_database_path(const std::string& path, OnMissing missing) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return kExitOk;
  if (missing == OnMissing::kRefuse) {
    spdlog::error("no database at {}: give --db PATH (or --config FILE), or add a user first",
                  path);
    return kExitNoInput;
  }
  spdlog::info("creating a new database at {}", path);
  return kExitOk;
}

std::optional<parse::Members> load_members(const GlobalOptions& g) {
  auto members = load_people(g.people);
  if (!members) {
    report_error(members.error());
    return std::nullopt;
  }
  return std::move(*members);
}

std::optional<Config> config_or_report(const std::string& path) {
  auto config = load_config(path);
  if (!config) {
    std::cerr << config.error().message << "\n";
    return std::nullopt;
  }
  spdlog::set_level(spdlog::level::from_str(config->log_level));
  return std::move(*config);
}

int deliver_pending(const GlobalOptions& g, storage::Database& db, const Clock& clock) {
  auto recorded = recorded_delivery(db);
  if (!recorded) return report_error(recorded.error());
  if (recorded->network) {
    auto waiting =
        db.scalar("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending', 'retry')");
    if (!waiting) return report_error(waiting.error());
    std::cout << fmt::format(
        "{} alerts wait for delivery: this database's daemon sends them by SMTP and webhooks "
        "([delivery] mode = \"network\"), so they are left for it\n",
        *waiting);
    return kExitOk;
  }
  const std::string& outbox_dir = recorded->outbox_or(g.outbox_dir);
  if (outbox_dir != g.outbox_dir) {
    spdlog::info("alerts go to {}, the outbox of this database's daemon", outbox_dir);
  }
  const deliver::LocalSink sink(outbox_dir);
  deliver::LocalSinkSender local(sink);
  std::mt19937_64 rng(std::random_device{}());
  auto settings = email_settings(db, g.from, "");
  if (!settings) return report_error(settings.error());
  auto report = deliver::deliver_due(db, local, local, clock, *settings, rng);
  if (!report) return report_error(report.error());
  for (const auto& line : report->log) spdlog::error("{}", line);
  if (report->sent > 0) {
    std::cout << fmt::format("delivered {} messages to {}\n", report->sent, outbox_dir);
  }
  return report->log.empty() ? kExitOk : kExitTempFail;
}

}  // namespace pw::cli
