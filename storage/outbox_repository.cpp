#include "storage/outbox_repository.hpp"

#include <string_view>

namespace pw::storage {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, user_id, channel, destination, file_id, subject, body, state, created_at,"
    " COALESCE(sent_at, 0) FROM outbox ";

OutboxRecord read_row(const Statement& s) {
  OutboxRecord r;
  r.id = s.int64(0);
  r.user_id = s.int64(1);
  r.channel = s.text(2) == "webhook" ? Channel::kWebhook : Channel::kEmail;
  r.destination = s.text(3);
  r.file_id = s.int64(4);
  r.subject = s.text(5);
  r.body = s.text(6);
  r.state = s.text(7);
  r.created_at = s.int64(8);
  r.sent_at = s.int64(9);
  return r;
}

}  // namespace

const char* channel_name(Channel c) {
  return c == Channel::kWebhook ? "webhook" : "email";
}

Result<std::int64_t> OutboxRepository::reserve(std::int64_t user_id, Channel channel,
                                               const std::string& destination, std::int64_t file_id,
                                               std::int64_t now) {
  auto ok = db_.run(
      "INSERT INTO outbox (user_id, channel, destination, file_id, created_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5)",
      user_id, channel_name(channel), destination, file_id, now);
  if (!ok) return fail(ok.error());
  return db_.last_insert_id();
}

Status OutboxRepository::set_message(std::int64_t id, const std::string& subject,
                                     const std::string& body) {
  return db_.run("UPDATE outbox SET subject = ?2, body = ?3 WHERE id = ?1", id, subject, body);
}

Result<std::vector<OutboxRecord>> OutboxRepository::pending() {
  return collect_rows(db_.query(std::string(kSelect) + "WHERE state = 'pending' ORDER BY id"),
                      read_row);
}

Result<std::vector<OutboxRecord>> OutboxRepository::all() {
  return collect_rows(db_.query(std::string(kSelect) + "ORDER BY id"), read_row);
}

Status OutboxRepository::mark_sent(std::int64_t id, std::int64_t now) {
  return db_.run("UPDATE outbox SET state = 'sent', sent_at = ?2 WHERE id = ?1", id, now);
}

}  // namespace pw::storage
