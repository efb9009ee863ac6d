#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "deliver/email_body.hpp"
#include "deliver/render.hpp"
#include "storage/database.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/records.hpp"

namespace pw::deliver {

// Where one outbox message goes.
struct OutboxAddress {
  std::int64_t user_id = 0;
  storage::Channel channel = storage::Channel::kEmail;
  std::string destination;   // an email address or a webhook URL
  std::int64_t file_id = 0;  // the transcript it alerts on; 0 for digests and notices
};

// Renders one message once its outbox row's id is known (the id is part
// of the message's identity: Message-ID, webhook-id).
using RenderWithId = std::function<Result<RenderedMessage>(std::int64_t outbox_id)>;

// What the messages written in one transaction share, as ingesting one
// transcript does: its emails' items, rendered once (their pieces' stored
// ids hold only within the transaction), the next outbox id, and the rows
// written and not stored yet. Must not outlive the transaction.
struct WriteSession {
  static constexpr std::size_t kRowsHeld = 32;
  ItemCache items{ItemCache::kMaxBytes};
  std::int64_t next_id = 0;  // 0: not read yet
  std::vector<storage::NewOutboxRecord> rows;
};

// The one writer of outbox messages: takes the next id for `to`, renders
// the message with it and stores the whole row in one write, with the
// shared pieces it refers to that are not stored yet. A piece's
// stored_id holds only within this transaction: one renderer's pieces
// (an ItemCache) must not outlive it. A message that
// cannot be rendered (a header would carry a line break) is kept as dead
// with the reason rather than sent. Returns the row's id. Runs in the
// caller's transaction, or in one of its own (the id is taken and used
// under one write lock). With a `session` (in the caller's transaction
// only), the next id is read once and then counted on, and rows are
// stored kRowsHeld at a time: the caller calls store_written() before it
// commits.
Result<std::int64_t> write_message(storage::Database& db, const OutboxAddress& to, std::int64_t now,
                                   const RenderWithId& render, WriteSession* session = nullptr);

// Stores the rows `session` holds.
Status store_written(storage::Database& db, WriteSession& session);

// Writes a notice from parlwatch itself (render_notice) to `user_id`'s
// address `email`; see write_message.
Result<std::int64_t> write_notice(storage::Database& db, std::int64_t user_id,
                                  const std::string& email, const std::string& subject,
                                  const std::string& text, std::int64_t now,
                                  const EmailSettings& settings);

}  // namespace pw::deliver
