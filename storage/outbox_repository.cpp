#include "storage/outbox_repository.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <string_view>

#include <fmt/format.h>

#include "storage/row_inserts.hpp"

namespace pw::storage {
namespace {

// Rows in one INSERT of add_all(): 11 parameters each, within SQLite's 999
// for old builds.
constexpr std::size_t kMessagesPerInsert = 32;

// An INSERT of `rows` new messages.
std::string insert_outbox(std::size_t rows) {
  return insert_of_rows(
      "INSERT INTO outbox (id, user_id, channel, destination, file_id, subject, body, pieces,"
      " state, last_error, created_at) VALUES ",
      "(?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, IIF(? = '', 'pending', 'dead'), ?, ?)", rows);
}

void bind_new(Statement& s, int& index, const NewOutboxRecord& m) {
  s.bind(index++, m.id);
  s.bind(index++, m.user_id);
  s.bind(index++, std::string_view(channel_name(m.channel)));
  s.bind(index++, m.destination);
  s.bind(index++, m.file_id);
  s.bind(index++, m.subject);
  s.bind(index++, m.body);
  s.bind(index++, encode_piece_refs(m.pieces));
  s.bind(index++, m.dead_reason);
  s.bind(index++, m.dead_reason);
  s.bind(index++, m.created_at);
}

// The columns read_row() reads, `message` standing for body and pieces.
std::string select_outbox(std::string_view message) {
  return fmt::format(
      "SELECT id, user_id, channel, destination, COALESCE(file_id, 0), subject, {}, state,"
      " created_at, COALESCE(sent_at, 0), attempts, next_attempt_at, lease_until, last_error"
      " FROM outbox ",
      message);
}

// Every column of a row.
const std::string kSelectOutbox = select_outbox("body, pieces");
// The same without the message (body and pieces ""), for listings.
const std::string kListOutbox = select_outbox("'', ''");

// A row as stored: `r.body` its own bytes, `pieces` what goes into them.
struct StoredRow {
  OutboxRecord r;
  std::string pieces;
};

StoredRow read_row(const Statement& s) {
  StoredRow row{{}, s.text(7)};
  OutboxRecord& r = row.r;
  r.id = s.int64(0);
  r.user_id = s.int64(1);
  r.channel = s.text(2) == "webhook" ? Channel::kWebhook : Channel::kEmail;
  r.destination = s.text(3);
  r.file_id = s.int64(4);
  r.subject = s.text(5);
  r.body = s.text(6);
  r.state = outbox_state_from_name(s.text(8)).value_or(OutboxState::kDead);  // CHECK'd column
  r.created_at = s.int64(9);
  r.sent_at = s.int64(10);
  r.attempts = static_cast<int>(s.int64(11));
  r.next_attempt_at = s.int64(12);
  r.lease_until = s.int64(13);
  r.last_error = s.text(14);
  return row;
}

Result<std::string> piece(Database& db, std::int64_t id) {
  PW_TRY_ASSIGN(auto bytes, first_row(db.query("SELECT bytes FROM outbox_pieces WHERE id = ?1", id),
                                      [](const Statement& s) { return s.text(0); }));
  if (!bytes) return fail(Error::permanent(fmt::format("its stored piece {} is missing", id)));
  return std::move(*bytes);
}

// The row with its whole body.
Result<OutboxRecord> whole(Database& db, StoredRow row) {
  if (row.pieces.empty()) return std::move(row.r);
  const auto context = fmt::format("outbox message {}", row.r.id);
  auto refs = decode_piece_refs(row.pieces, row.r.body.size());
  if (!refs) return fail(refs.error().with_context(context));
  std::vector<std::string> bytes;
  bytes.reserve(refs->size());
  for (const auto& ref : *refs) {
    auto b = piece(db, ref.piece_id);
    if (!b) return fail(b.error().with_context(context));
    bytes.push_back(std::move(*b));
  }
  std::vector<PlacedPiece> placed;
  for (std::size_t i = 0; i < bytes.size(); ++i) placed.emplace_back((*refs)[i].offset, bytes[i]);
  row.r.body = assemble(row.r.body, placed);
  return std::move(row.r);
}

Result<std::vector<OutboxRecord>> whole_rows(Database& db, Result<std::vector<StoredRow>> rows) {
  if (!rows) return fail(rows.error());
  std::vector<OutboxRecord> out;
  out.reserve(rows->size());
  for (auto& row : *rows) {
    PW_TRY_ASSIGN(auto r, whole(db, std::move(row)));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

namespace {

constexpr std::array<const char*, 5> kOutboxStates{"pending", "sending", "sent", "retry", "dead"};

}  // namespace

const char* outbox_state_name(OutboxState s) {
  return kOutboxStates.at(static_cast<std::size_t>(s));
}

std::optional<OutboxState> outbox_state_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kOutboxStates.size(); ++i) {
    if (name == kOutboxStates[i]) return static_cast<OutboxState>(i);
  }
  return std::nullopt;
}

const char* channel_name(Channel c) {
  return c == Channel::kWebhook ? "webhook" : "email";
}

Result<std::int64_t> OutboxRepository::reserve(std::int64_t user_id, Channel channel,
                                               const std::string& destination, std::int64_t file_id,
                                               std::int64_t now) {
  PW_TRY(
      db_.run("INSERT INTO outbox (user_id, channel, destination, file_id, created_at)"
              " VALUES (?1, ?2, ?3, NULLIF(?4, 0), ?5)",
              user_id, channel_name(channel), destination, file_id, now));
  return db_.last_insert_id();
}

Status OutboxRepository::set_message(std::int64_t id, const std::string& subject,
                                     const std::string& body) {
  return db_.run("UPDATE outbox SET subject = ?2, body = ?3 WHERE id = ?1", id, subject, body);
}

Result<std::int64_t> OutboxRepository::next_id() {
  return db_.scalar(
      "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0),"
      " COALESCE((SELECT MAX(id) FROM outbox), 0)) + 1");
}

Result<std::int64_t> OutboxRepository::add_piece(const std::string& bytes) {
  PW_TRY(db_.run("INSERT INTO outbox_pieces (bytes) VALUES (?1)", bytes));
  return db_.last_insert_id();
}

Status OutboxRepository::add(const NewOutboxRecord& m) {
  return add_all(std::span(&m, 1));
}

Status OutboxRepository::add_all(std::span<const NewOutboxRecord> rows) {
  static const std::string many = insert_outbox(kMessagesPerInsert);
  static const std::string one = insert_outbox(1);
  return insert_rows(
      db_, rows.size(), kMessagesPerInsert, many, one,
      [&rows](Statement& s, int& index, std::size_t i) { bind_new(s, index, rows[i]); });
}

Result<std::vector<OutboxRecord>> OutboxRepository::pending() {
  return whole_rows(db_, collect_rows(db_.query(std::string(kSelectOutbox) +
                                                "WHERE state = 'pending' ORDER BY id"),
                                      read_row));
}

Result<std::vector<OutboxRecord>> OutboxRepository::all() {
  return whole_rows(db_,
                    collect_rows(db_.query(std::string(kSelectOutbox) + "ORDER BY id"), read_row));
}

Result<std::vector<OutboxRecord>> OutboxRepository::list_all() {
  return whole_rows(db_,
                    collect_rows(db_.query(std::string(kListOutbox) + "ORDER BY id"), read_row));
}

Result<std::vector<OutboxRecord>> OutboxRepository::recent(int limit) {
  return whole_rows(
      db_, collect_rows(db_.query(std::string(kListOutbox) + "ORDER BY id DESC LIMIT ?1", limit),
                        read_row));
}

Status OutboxRepository::mark_sent(std::int64_t id, std::int64_t now) {
  return db_.run("UPDATE outbox SET state = 'sent', sent_at = ?2, lease_until = 0 WHERE id = ?1",
                 id, now);
}

Result<std::vector<OutboxRecord>> OutboxRepository::claim_due(std::int64_t now,
                                                              std::int64_t lease_seconds, int limit,
                                                              std::optional<Channel> channel) {
  PW_TRY_ASSIGN(auto tx, Transaction::begin(db_));
  auto rows = collect_rows(
      db_.query(std::string(kSelectOutbox) +
                    "WHERE (state = 'pending' OR (state = 'retry' AND next_attempt_at <= ?1)"
                    " OR (state = 'sending' AND lease_until <= ?1))"
                    " AND (?3 = '' OR channel = ?3)"
                    " ORDER BY file_id IS NOT NULL, id LIMIT ?2",
                now, limit, channel ? std::string(channel_name(*channel)) : std::string()),
      read_row);
  if (!rows) return fail(rows.error());
  std::vector<OutboxRecord> claimed;
  for (auto& row : *rows) {
    const std::int64_t id = row.r.id;
    auto r = whole(db_, std::move(row));
    if (!r) {
      PW_TRY(mark_dead(id, r.error().message));
      continue;
    }
    PW_TRY(
        db_.run("UPDATE outbox SET state = 'sending', lease_until = ?2, attempts = attempts + 1"
                " WHERE id = ?1",
                r->id, now + lease_seconds));
    r->state = OutboxState::kSending;
    r->lease_until = now + lease_seconds;
    ++r->attempts;
    claimed.push_back(std::move(*r));
  }
  PW_TRY(tx.commit());
  return claimed;
}

Result<int> OutboxRepository::release_leases() {
  PW_TRY(
      db_.run("UPDATE outbox SET state = 'retry', next_attempt_at = 0, lease_until = 0"
              " WHERE state = 'sending'"));
  return db_.changes();
}

Status OutboxRepository::mark_retry(std::int64_t id, std::int64_t next_attempt_at,
                                    const std::string& error) {
  return db_.run(
      "UPDATE outbox SET state = 'retry', next_attempt_at = ?2, last_error = ?3, lease_until = 0"
      " WHERE id = ?1",
      id, next_attempt_at, error);
}

Status OutboxRepository::mark_dead(std::int64_t id, const std::string& error) {
  return db_.run("UPDATE outbox SET state = 'dead', last_error = ?2, lease_until = 0 WHERE id = ?1",
                 id, error);
}

Result<bool> OutboxRepository::requeue(std::int64_t id) {
  PW_TRY(
      db_.run("UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = 0"
              " WHERE id = ?1 AND state IN ('dead', 'retry')",
              id));
  return db_.changes() > 0;
}

Result<std::optional<OutboxRecord>> OutboxRepository::find(std::int64_t id) {
  PW_TRY_ASSIGN(auto row,
                first_row(db_.query(std::string(kSelectOutbox) + "WHERE id = ?1", id), read_row));
  if (!row) return std::optional<OutboxRecord>();
  PW_TRY_ASSIGN(auto r, whole(db_, std::move(*row)));
  return std::optional<OutboxRecord>(std::move(r));
}

}  // namespace pw::storage
