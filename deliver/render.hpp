#pragma once

#include <string>

#include "deliver/alert.hpp"

namespace pw::deliver {

struct EmailSettings {
  std::string from = "parlwatch <parlwatch@localhost>";
};

// Renders one plain-text email (RFC 5322, UTF-8) listing every alert of
// the batch, grouped by rule: heading, date, speaker, an extract around the
// first matched word, and the TheyWorkForYou link. The Message-ID derives
// from the outbox id, so every attempt sends an identical message.
RenderedMessage render_email(const AlertBatch& batch, const EmailSettings& settings);

// Renders a plain-text email from parlwatch itself (e.g. "your webhook
// endpoint was disabled"), with the same headers as alerts.
RenderedMessage render_notice(std::int64_t outbox_id, const std::string& recipient,
                              const std::string& subject, const std::string& text,
                              std::int64_t created_at, const EmailSettings& settings);

// Renders the JSON document a webhook subscriber receives for the batch.
RenderedMessage render_webhook(const AlertBatch& batch);

// Formats "2009-10-27" as "Tuesday 27 October 2009"; returns the input
// unchanged if it is not a valid date.
std::string long_date(const std::string& iso_date);

}  // namespace pw::deliver
