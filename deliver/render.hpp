#pragma once

#include <string>

#include "core/result.hpp"
#include "deliver/alert.hpp"

namespace pw::deliver {

class ItemCache;

struct EmailSettings {
  std::string from = "parlwatch <parlwatch@localhost>";
  // Where parlwatch's web pages are (https://...), for the manage and
  // one-click unsubscribe links; "" leaves them out (mailto: only).
  std::string public_url;
  std::string token_secret;  // signs those links
  // The relay offers SMTPUTF8, so addresses may be non-ASCII UTF-8.
  bool smtputf8 = false;
};

// Renders one alert email (RFC 5322): multipart/alternative with a plain
// text and an HTML part (email_body.hpp), both quoted-printable UTF-8;
// RFC 2047 encoded headers; Date, Message-ID (from the outbox id, so every
// attempt sends identical bytes), Auto-Submitted, and List-Unsubscribe
// (https link and mailto) with List-Unsubscribe-Post for one click
// (RFC 8058) when a public_url is set. Refuses (invalid_input) a
// recipient or From with CR, LF or NUL: they would inject headers. Items
// come from `cache` if one is given (email_body.hpp: the same bytes).
Result<RenderedMessage> render_email(const AlertBatch& batch, const EmailSettings& settings,
                                     ItemCache* cache = nullptr);

// Renders a plain-text, quoted-printable email from parlwatch itself (e.g. "your webhook
// endpoint was disabled"), with the same headers as alerts.
RenderedMessage render_notice(std::int64_t outbox_id, const std::string& recipient,
                              const std::string& subject, const std::string& text,
                              std::int64_t created_at, const EmailSettings& settings);

// Renders the JSON body a webhook subscriber receives for the batch, in
// Standard Webhooks' shape: {"type": "parlwatch.alert", "timestamp":
// ISO 8601, "data": {id, recipient, digest, file, date, rules: [{id,
// query, items: [{id (gid), link, date, chamber, heading, speaker {name,
// party, constituency, person_id, office}, extract, more_in_debate, ...}]}]}}.
RenderedMessage render_webhook(const AlertBatch& batch);

// Formats "2009-10-27" as "Tuesday 27 October 2009"; returns the input
// unchanged if it is not a valid date.
std::string long_date(const std::string& iso_date);

}  // namespace pw::deliver
