#pragma once

#include <optional>
#include <span>
#include <vector>

#include "storage/database.hpp"
#include "storage/piece_refs.hpp"
#include "storage/records.hpp"

namespace pw::storage {

// Messages waiting to be delivered, rendered once and stored so every
// attempt sends the same bytes. Bytes that many messages share (an alert
// item as one transcript's emails show it) can be stored once, as a piece
// (add_piece), and a message as its own bytes with references to pieces;
// every read gives the whole message back. Pieces are never changed. Rows are added in the ingest
// transaction and marked sent only after the peer accepted them. A row's life:
//   pending -> sending (leased until a deadline, so a crash frees it)
//           -> sent | retry (not before next_attempt_at) | dead
// and `requeue` puts a dead or retrying row back to pending.
// A message to store in one write (OutboxRepository::add).
struct NewOutboxRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  Channel channel = Channel::kEmail;
  std::string destination;
  std::int64_t file_id = 0;  // 0: none (a notice or digest)
  std::int64_t created_at = 0;
  std::string subject;
  std::string body;              // the message's own bytes
  std::string dead_reason;       // "": pending
  std::vector<PieceRef> pieces;  // stored pieces that go into `body`
};

class OutboxRepository {
 public:
  explicit OutboxRepository(Database& db) : db_(db) {}

  // Adds an empty pending row and returns its id; the message is stored by
  // set_message() once rendered (the id is part of the message's identity).
  Result<std::int64_t> reserve(std::int64_t user_id, Channel channel,
                               const std::string& destination, std::int64_t file_id,
                               std::int64_t now);
  Status set_message(std::int64_t id, const std::string& subject, const std::string& body);

  // The id the next row will get: ids are never handed out again, so it is
  // above every id used, even by rows since deleted. Holds only inside a
  // write transaction (which keeps other writers out until add()).
  Result<std::int64_t> next_id();
  // Stores bytes that messages added in this transaction may refer to;
  // returns the piece's id.
  Result<std::int64_t> add_piece(const std::string& bytes);
  // Stores a whole message in one write, under the id next_id() gave:
  // pending, or dead with `dead_reason` when it could not be rendered.
  Status add(const NewOutboxRecord& m);
  // As add() for each of `rows`, several in one statement (a transaction's
  // many messages go quicker so).
  Status add_all(std::span<const NewOutboxRecord> rows);

  // Reads give each row's whole body (its own bytes with its pieces put
  // back); a row whose pieces cannot be read fails the read, except in
  // claim_due, which marks such a row dead and leaves it out, and in the
  // listings, which read no bodies.

  // Pending rows, oldest first.
  Result<std::vector<OutboxRecord>> pending();

  // Leases up to `limit` rows that are due at `now` (pending; retry whose
  // time has come; sending whose lease expired), of `channel` when given:
  // rows of no file (confirmations and notices) first, then alerts, each
  // oldest first. They become sending until now + lease_seconds, with one
  // more attempt counted.
  Result<std::vector<OutboxRecord>> claim_due(std::int64_t now, std::int64_t lease_seconds,
                                              int limit,
                                              std::optional<Channel> channel = std::nullopt);
  // Frees every lease: for a daemon starting up, rows left "sending" were
  // being sent by a process that died. They become due at once (the peer
  // may have accepted them: the resend carries the same identity).
  // Returns how many were freed.
  Result<int> release_leases();
  Status mark_retry(std::int64_t id, std::int64_t next_attempt_at, const std::string& error);
  Status mark_dead(std::int64_t id, const std::string& error);
  // Puts a dead or retry row back to pending, attempts reset; returns
  // false if there is no such row or it was sent or is being sent.
  Result<bool> requeue(std::int64_t id);
  Result<std::optional<OutboxRecord>> find(std::int64_t id);
  // Every row, oldest first.
  Result<std::vector<OutboxRecord>> all();
  // Listings, which show no message: every row, oldest first, or the newest
  // `limit`, newest first; each with its body "" (not read, so a row whose
  // pieces cannot be read is listed too).
  Result<std::vector<OutboxRecord>> list_all();
  Result<std::vector<OutboxRecord>> recent(int limit);

  Status mark_sent(std::int64_t id, std::int64_t now);

 private:
  Database& db_;
};

}  // namespace pw::storage
