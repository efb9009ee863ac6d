#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "deliver/local_sink.hpp"
#include "storage/outbox_repository.hpp"

namespace pw::deliver {

struct FlushReport {
  std::size_t delivered = 0;
  std::vector<std::string> errors;  // one line per row that failed; it stays pending
};

// Hands every pending outbox row to `sink` and marks it sent once the sink
// accepted it. A row that fails stays pending for the next flush; the
// others still go out. If the process dies between the sink accepting a
// row and the row being marked, the next flush delivers it again under the
// same name (at-least-once, never lost).
Result<FlushReport> flush_outbox(storage::OutboxRepository& outbox, const LocalSink& sink,
                                 const Clock& clock);

}  // namespace pw::deliver
