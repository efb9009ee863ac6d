#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "deliver/delivery_worker.hpp"
#include "deliver/render.hpp"
#include "deliver/sender.hpp"
#include "storage/database.hpp"
#include "web/counters.hpp"

namespace pw {

// The delivery runs, as the steps the loop thread and a worker take, in
// order: claim due rows (loop), send them (worker), record the outcomes
// (loop). One run at a time: a run asked for while one is in flight is
// remembered and started when it ends. No event loop here: App posts
// send() to its thread pool and the rest to the loop; tests call them in
// sequence.
class DeliveryCycle {
 public:
  // `db`, `clock` and `counters` are borrowed and outlive this; at most
  // `batch` rows are claimed a run.
  DeliveryCycle(storage::Database& db, const Clock& clock, web::Counters& counters,
                int batch = 200);

  // Loop: leases up to a batch of due rows and puts the run in flight.
  // Nothing (and no run) when none is due or the claim failed (logged),
  // or when a run is in flight already: that one is asked to run again.
  std::optional<std::vector<deliver::Claimed>> claim(std::int64_t now);

  // Worker: sends each row with the sender for its channel (send_claimed).
  // An unexpected exception ends the batch unsent, told to `unexpected`;
  // the rows are claimed again when their lease ends.
  std::vector<deliver::Attempt> send(std::vector<deliver::Claimed> claimed, deliver::Sender& email,
                                     deliver::Sender& webhook,
                                     const std::function<void(std::string_view)>& unexpected) const;

  // Loop: records the run's outcomes (retries, dead rows, disabled
  // endpoints with their notices) and counts them; ends the run. True when
  // another should start at once: the batch was full, a notice was queued,
  // or a run was asked for meanwhile.
  bool record(const std::vector<deliver::Attempt>& attempts, const deliver::EmailSettings& email);

  // True between a claim that found rows and its record().
  bool in_flight() const { return in_flight_; }

 private:
  storage::Database& db_;
  const Clock& clock_;
  web::Counters& counters_;
  int batch_;
  bool in_flight_ = false;
  bool again_ = false;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace pw
