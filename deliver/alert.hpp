#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/transcript.hpp"
#include "deliver/pieces.hpp"

namespace pw::deliver {

// One matched item as an alert shows it.
struct AlertItem {
  std::int64_t rule_id = 0;
  std::string rule_key;                // the rule's link key, for its "stop this alert" link
  std::string query;                   // the rule as the user wrote it
  std::vector<std::string> highlight;  // analysed terms to centre the extract on
  Section section = Section::kDebates;
  std::string date;  // sitting date, YYYY-MM-DD
  ItemKind kind = ItemKind::kSpeech;
  std::string gid;
  std::vector<std::string> headings;
  std::string speaker_name;
  std::string speaker_party;
  std::string speaker_office;
  std::string speaker_constituency;
  std::string person_id;
  std::string time;
  std::string text;
  std::string hansard_url;
  std::size_t more_in_debate = 0;  // further matching items of the same debate, not listed
};

// How one person a speaker rule watches voted in one division of the sitting.
struct VoteLine {
  std::int64_t rule_id = 0;
  std::string person_id;
  std::string person_name;
  std::string division_gid;
  int number = 0;       // division number
  std::string subject;  // the division's innermost two headings, "Bill > Clause 2 - ..."
  std::string result;   // "Ayes 242, Noes 309: the Noes have it"
  std::string vote;     // "aye", "no", "content", "not-content", or "absent"
  bool teller = false;
  std::string proxy;  // name of whoever cast the vote by proxy, or "" if in person
};

// Everything one recipient gets for one ingested file.
struct AlertBatch {
  std::int64_t outbox_id = 0;  // identity of the message (Message-ID, webhook id)
  std::int64_t user_id = 0;    // for the manage and unsubscribe links
  std::string recipient;       // email address (also set for webhook users)
  std::string file_name;
  Section section = Section::kDebates;
  std::string date;
  std::int64_t created_at = 0;  // unix seconds
  std::vector<AlertItem> alerts;
  bool digest = false;          // a daily digest: items from several files and sittings
  std::string user_key;         // the user's link key, for the manage and unsubscribe links
  std::vector<VoteLine> votes;  // of speaker rules' persons, in rule, person, division order
};

// A message as queued: RFC 5322 for email, JSON for webhooks. The whole
// message is `body` with `pieces` put in it (with_pieces); without pieces,
// `body` is all of it.
struct RenderedMessage {
  std::string subject;
  std::string body;
  std::vector<PieceAt> pieces;
};

}  // namespace pw::deliver
