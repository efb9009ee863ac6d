#include "deliver/outbox_writer.hpp"

#include <optional>

#include "storage/outbox_repository.hpp"

namespace pw::deliver {
namespace {

// The references to `pieces`, each stored first if it is not yet.
Result<std::vector<storage::PieceRef>> stored(storage::OutboxRepository& outbox,
                                              const std::vector<PieceAt>& pieces) {
  std::vector<storage::PieceRef> refs;
  refs.reserve(pieces.size());
  for (const auto& p : pieces) {
    if (p.piece->stored_id == 0) {
      PW_TRY_ASSIGN(p.piece->stored_id, outbox.add_piece(p.piece->bytes));
    }
    refs.push_back(storage::PieceRef{p.offset, p.piece->stored_id});
  }
  return refs;
}

}  // namespace

Result<std::int64_t> write_message(storage::Database& db, const OutboxAddress& to, std::int64_t now,
                                   const RenderWithId& render, WriteSession* session) {
  storage::OutboxRepository outbox(db);
  std::optional<storage::Transaction> own;
  if (!db.in_transaction()) {
    if (session != nullptr) {
      return fail(Error::permanent("a write session's messages need its caller's transaction"));
    }
    PW_TRY_ASSIGN(auto tx, storage::Transaction::begin(db));
    own.emplace(std::move(tx));
  }
  std::int64_t id = session != nullptr ? session->next_id : 0;
  if (id == 0) {
    PW_TRY_ASSIGN(id, outbox.next_id());
  }
  auto msg = render(id);
  storage::NewOutboxRecord row{id, to.user_id, to.channel, to.destination, to.file_id, now, "",
                               "", "",         {}};
  if (msg) {
    row.subject = std::move(msg->subject);
    row.body = std::move(msg->body);
    PW_TRY_ASSIGN(row.pieces, stored(outbox, msg->pieces));
  } else {
    row.dead_reason = msg.error().message;
  }
  if (session != nullptr) {
    session->rows.push_back(std::move(row));
    session->next_id = id + 1;
    if (session->rows.size() >= WriteSession::kRowsHeld) PW_TRY(store_written(db, *session));
    return id;
  }
  PW_TRY(outbox.add(row));
  if (own) PW_TRY(own->commit());
  return id;
}

Status store_written(storage::Database& db, WriteSession& session) {
  const auto rows = std::move(session.rows);
  session.rows.clear();
  return storage::OutboxRepository(db).add_all(rows);
}

Result<std::int64_t> write_notice(storage::Database& db, std::int64_t user_id,
                                  const std::string& email, const std::string& subject,
                                  const std::string& text, std::int64_t now,
                                  const EmailSettings& settings) {
  return write_message(db, OutboxAddress{user_id, storage::Channel::kEmail, email, 0}, now,
                       [&](std::int64_t id) -> Result<RenderedMessage> {
                         return render_notice(id, email, subject, text, now, settings);
                       });
}

}  // namespace pw::deliver
