#include "deliver/outbox_writer.hpp"

#include "storage/outbox_repository.hpp"

namespace pw::deliver {

Result<std::int64_t> write_message(storage::Database& db, const OutboxAddress& to, std::int64_t now,
                                   const RenderWithId& render) {
  storage::OutboxRepository outbox(db);
  PW_TRY_ASSIGN(auto id, outbox.reserve(to.user_id, to.channel, to.destination, to.file_id, now));
  const auto msg = render(id);
  const auto stored = msg ? outbox.set_message(id, msg->subject, msg->body)
                          : outbox.mark_dead(id, msg.error().message);
  if (!stored) return fail(stored.error());
  return id;
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
