#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.hpp"
#include "deliver/email_body.hpp"
#include "deliver/render.hpp"
#include "storage/database.hpp"
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

// The one writer of outbox messages: takes the next id for `to`, renders
// the message with it and stores the whole row in one write, with the
// shared pieces it refers to that are not stored yet. A piece's
// stored_id holds only within this transaction: one renderer's pieces
// (an ItemCache) must not outlive it. A message that
// cannot be rendered (a header would carry a line break) is kept as dead
// with the reason rather than sent. Returns the row's id. Runs in the
// caller's transaction, or in one of its own (the id is taken and used
// under one write lock). A caller that writes many messages in one
// transaction passes `next_id` (0 at first): the id is read once, then
// counted on (left as it was if the message is not stored).
Result<std::int64_t> write_message(storage::Database& db, const OutboxAddress& to, std::int64_t now,
                                   const RenderWithId& render, std::int64_t* next_id = nullptr);

// What the messages written in one transaction share, as ingesting one
// transcript does: its emails' items, rendered once (their pieces' stored
// ids hold only within the transaction), and the next outbox id
// (write_message). Must not outlive the transaction.
struct WriteSession {
  ItemCache items{ItemCache::kMaxBytes};
  std::int64_t next_id = 0;
};

// Writes a notice from parlwatch itself (render_notice) to `user_id`'s
// address `email`; see write_message.
Result<std::int64_t> write_notice(storage::Database& db, std::int64_t user_id,
                                  const std::string& email, const std::string& subject,
                                  const std::string& text, std::int64_t now,
                                  const EmailSettings& settings);

}  // namespace pw::deliver
