#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "deliver/circuit_breaker.hpp"
#include "deliver/delivery_worker.hpp"
#include "deliver/render.hpp"
#include "deliver/sender.hpp"
#include "storage/database.hpp"
#include "web/counters.hpp"

namespace pw {

// Emails and webhooks are sent in separate lanes, each with its own run,
// so a slow webhook endpoint never holds up anyone's email.
enum class Lane { kEmail, kWebhook };

// The delivery runs, as the steps the loop thread and a worker take: claim
// a lane's due rows (loop), send them (worker), record each outcome as it
// comes (loop, several at a time in one transaction), and end the run
// (loop). One run per lane at a time: a run asked for while the lane's is
// in flight is remembered and started when it ends. No event loop here:
// App posts send() to its thread pool and the rest to the loop; tests call
// them in sequence.
class DeliveryCycle {
 public:
  // `db`, `clock` and `counters` are borrowed and outlive this; at most
  // `batch` rows are claimed a run.
  DeliveryCycle(storage::Database& db, const Clock& clock, web::Counters& counters,
                int batch = 200);

  // Loop: leases up to a batch of the lane's due rows (confirmations and
  // notices first) and puts the lane's run in flight. Nothing (and no run)
  // when none is due or the claim failed (logged), or when the lane's run
  // is in flight already: that one is asked to run again.
  std::optional<std::vector<deliver::Claimed>> claim(Lane lane, std::int64_t now);

  // Worker: sends each row with the sender for its channel, handing each
  // attempt to `done` as soon as it ends; `done` returning false stops the
  // run there (shutting down). Webhooks go through the circuit breaker: an
  // endpoint that keeps timing out is paused. An unexpected exception ends
  // the run, told to `unexpected`; rows not yet handed over are claimed
  // again when their lease ends.
  void send(Lane lane, std::vector<deliver::Claimed> claimed, deliver::Sender& email,
            deliver::Sender& webhook, const std::function<bool(deliver::Attempt)>& done,
            const std::function<void(std::string_view)>& unexpected);

  // Loop: records outcomes in one transaction (retries, dead rows,
  // disabled endpoints with their notices) and counts them. True when a
  // notice to an owner was queued: the email lane has work.
  bool record(const std::vector<deliver::Attempt>& attempts, const deliver::EmailSettings& email);

  // Loop: ends the lane's run, which claimed `claimed` rows. True when
  // another should start at once: the batch was full, or a run was asked
  // for meanwhile.
  bool finish(Lane lane, std::size_t claimed);

  bool in_flight(Lane lane) const { return lanes_[index(lane)].in_flight; }
  // True while either lane's run is in flight.
  bool in_flight() const { return lanes_[0].in_flight || lanes_[1].in_flight; }

 private:
  struct LaneState {
    bool in_flight = false;
    bool again = false;
    std::size_t sent = 0;  // in the run in flight
    std::size_t not_sent = 0;
  };
  static std::size_t index(Lane lane) { return lane == Lane::kEmail ? 0 : 1; }

  storage::Database& db_;
  const Clock& clock_;
  web::Counters& counters_;
  int batch_;
  LaneState lanes_[2];
  deliver::CircuitBreaker breaker_;  // the webhook lane's worker's
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace pw
