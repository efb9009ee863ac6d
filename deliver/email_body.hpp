#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "deliver/alert.hpp"
#include "deliver/render.hpp"

namespace pw::deliver {

// At most this many items are listed per rule; the rest are summarised
// with a link to search TheyWorkForYou for the rule.
inline constexpr std::size_t kItemsPerRule = 10;

// The plain-text part of an alert email: grouped by rule, then chamber;
// each item with its heading, date, speaker (name, party, constituency),
// an extract with the matching words marked *like this*, and its link;
// then, for a speaker rule, how each person it alerted on voted in each
// division of the sitting (batch.votes); a footer with the manage and
// unsubscribe links. Wrapped at 72 columns;
// lines end in "\n".
std::string alert_text(const AlertBatch& batch, const EmailSettings& settings);

// One vote in words: "voted Aye", "teller for No", "voted Aye by proxy (cast
// by NAME)", "absent (no vote recorded)".
std::string vote_phrase(const VoteLine& vote);

// The HTML part: the same content, matching words in bold, links clickable.
std::string alert_html(const AlertBatch& batch, const EmailSettings& settings);

// The link that unsubscribes `user_id` from all their alerts in one click
// (a POST, RFC 8058), or "" when no public_url is configured.
std::string unsubscribe_url(const EmailSettings& settings, const AlertBatch& batch);

}  // namespace pw::deliver
