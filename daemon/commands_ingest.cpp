#include <iostream>
#include <random>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "daemon/command_support.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/transcript_json.hpp"
#include "deliver/delivery_worker.hpp"
#include "deliver/local_sink.hpp"
#include "ingest/file_io.hpp"
#include "ingest/ingester.hpp"
#include "parse/transcript_parser.hpp"
#include "storage/outbox_repository.hpp"

namespace pw {
namespace {

void print_summary(const Transcript& t) {
  std::cout << fmt::format("{}: {} {} version '{}'{}, {} items, {} redirects\n", t.file_name,
                           section_name(t.section), t.date, t.version,
                           t.latest ? "" : " (superseded)", t.items.size(), t.redirects.size());
  for (const auto& item : t.items) {
    std::cout << fmt::format(
        "{:<13} {} {}\n", item_kind_name(item.kind), item.gid,
        item.speaker.name.empty() ? item.text.substr(0, 60) : item.speaker.name);
  }
}

struct Totals {
  std::size_t files = 0, failed = 0, new_items = 0, updated = 0, matches = 0, alerts = 0;
};

void log_report(const ingest::FileReport& r, Totals& totals) {
  ++totals.files;
  if (r.outcome == ingest::FileReport::Outcome::kFailed) {
    ++totals.failed;
    spdlog::error("{}", r.error);
    return;
  }
  for (const auto& id : r.unknown_speakers) {
    spdlog::warn("{}: speaker {} is not in the people data; treated as an unknown person", r.file,
                 id);
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

}  // namespace

int cmd_parse(const GlobalOptions& g, const std::string& file, bool json) {
  auto members = load_members(g);
  if (!members) return kExitDataErr;
  auto bytes = read_file(file, parse::kMaxTranscriptBytes);
  if (!bytes) return report_error(bytes.error());
  auto t = parse::parse_transcript(std::filesystem::path(file).filename().string(), *bytes);
  if (!t) return report_error(t.error());
  for (const auto& id : parse::resolve_speakers(*t, *members)) {
    if (!members->empty()) spdlog::warn("{}: speaker {} is not in the people data", file, id);
  }
  if (json) {
    std::cout << transcript_json(*t).dump(2) << "\n";
  } else {
    print_summary(*t);
  }
  return kExitOk;
}

int cmd_ingest(const GlobalOptions& g, const std::vector<std::string>& paths, bool deliver) {
  return with_database(
      g,
      [&](storage::Database& db) {
        auto members = load_members(g);
        if (!members) return kExitDataErr;
        if (members->empty())
          spdlog::warn("no people data given (--people): speakers stay unresolved");
        if (auto ok = remember_persons(db, *members); !ok) return report_error(ok.error());
        const SystemClock clock;
        auto settings = email_settings(db, g.from, "");
        if (!settings) return report_error(settings.error());
        ingest::Ingester ingester(db, *members, clock, *settings);
        auto loaded = ingester.load_rules();
        if (!loaded) return report_error(loaded.error());
        for (const auto& w : loaded->warnings) spdlog::warn("{}", w);
        std::cout << fmt::format("{} rules loaded ({} without an index anchor)\n",
                                 ingester.rules().size(), ingester.rules().catch_all_size());
        Totals totals;
        for (const auto& file : transcript_files(paths))
          log_report(ingester.ingest_file(file), totals);
        std::cout << fmt::format(
            "{} files ({} failed), {} new items, {} updated items, {} matches, {} alerts queued\n",
            totals.files, totals.failed, totals.new_items, totals.updated, totals.matches,
            totals.alerts);
        const int delivered = deliver ? deliver_pending(g, db, clock) : kExitOk;
        if (totals.failed > 0) return kExitDataErr;
        return delivered;
      },
      OnMissing::kCreate);
}

int cmd_outbox(const GlobalOptions& g, bool deliver) {
  return with_database(g, [&](storage::Database& db) {
    const SystemClock clock;
    const int code = deliver ? deliver_pending(g, db, clock) : kExitOk;
    storage::OutboxRepository outbox(db);
    auto rows = outbox.all();
    if (!rows) return report_error(rows.error());
    auto recorded = recorded_delivery(db);
    if (!recorded) return report_error(recorded.error());
    const deliver::LocalSink sink(recorded->outbox_or(g.outbox_dir));
    for (const auto& r : *rows) {
      std::string where = r.last_error;
      if (r.state == "sent") where = recorded->network ? "by network" : sink.path_for(r).string();
      std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\t{} attempts\t{}\n", r.id, r.state,
                               storage::channel_name(r.channel), r.destination, r.subject,
                               r.attempts, where);
    }
    return code;
  });
}

int cmd_outbox_retry(const GlobalOptions& g, std::int64_t id) {
  return with_database(g, [&](storage::Database& db) {
    auto requeued = storage::OutboxRepository(db).requeue(id);
    if (!requeued) return report_error(requeued.error());
    if (!*requeued) {
      spdlog::error("outbox row {} is not dead or waiting to retry", id);
      return kExitDataErr;
    }
    std::cout << fmt::format("outbox row {} queued again\n", id);
    return kExitOk;
  });
}

}  // namespace pw
