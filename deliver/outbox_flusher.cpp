#include "deliver/outbox_flusher.hpp"

#include <fmt/format.h>

namespace pw::deliver {

Result<FlushReport> flush_outbox(storage::OutboxRepository& outbox, const LocalSink& sink,
                                 const Clock& clock) {
  auto rows = outbox.pending();
  if (!rows) return fail(rows.error());
  FlushReport report;
  for (const auto& row : *rows) {
    if (auto ok = sink.deliver(row); !ok) {
      report.errors.push_back(fmt::format("outbox {}: {}", row.id, ok.error().message));
      continue;
    }
    if (auto ok = outbox.mark_sent(row.id, unix_seconds(clock.now())); !ok) {
      return fail(ok.error());
    }
    ++report.delivered;
  }
  return report;
}

}  // namespace pw::deliver
