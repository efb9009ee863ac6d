#include <iostream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/support.hpp"
#include "core/clock.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/stored_settings.hpp"
#include "deliver/local_sink.hpp"
#include "storage/outbox_repository.hpp"

namespace pw::cli {
int cmd_outbox(const GlobalOptions& g, bool deliver) {
  return with_database(g, [&](storage::Database& db) {
    const SystemClock clock;
    const int code = deliver ? deliver_pending(g, db, clock) : kExitOk;
    storage::OutboxRepository outbox(db);
    auto rows = outbox.list_all();
    if (!rows) return report_error(rows.error());
    auto recorded = recorded_delivery(db);
    if (!recorded) return report_error(recorded.error());
    const deliver::LocalSink sink(recorded->outbox_or(g.outbox_dir));
    for (const auto& r : *rows) {
      std::string where = r.last_error;
      if (r.state == storage::OutboxState::kSent)
        where = recorded->network ? "by network" : sink.path_for(r).string();
      std::cout << fmt::format(
          "{}\t{}\t{}\t{}\t{}\t{} attempts\t{}\n", r.id, storage::outbox_state_name(r.state),
          storage::channel_name(r.channel), r.destination, r.subject, r.attempts, where);
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

}  // namespace pw::cli
