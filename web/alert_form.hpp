#pragma once

#include <utility>

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pw::web {

// The public sign-up form, as sent (by a GET link or a POST).
struct AlertForm {
  std::string email;
  std::string q;        // keywords; commas separate topics, each its own alert
  std::string exclude;  // words or phrases to leave out, separated by commas or spaces
  std::string speaker;  // a person id, or part of a name to look up
  std::string like;     // an item id or a TheyWorkForYou link: "debates like this"
  std::vector<std::string> chambers;  // `section:` values; none means every chamber
  bool daily = false;
};

// A chamber the form offers, as the `section:` value a rule gets.
struct ChamberChoice {
  std::string_view value;
  std::string_view label;
};

// The chambers offered, in the order shown.
std::span<const ChamberChoice> chamber_choices();

// Reads the form's fields (from a query string or a form body). Unknown
// chamber values are dropped; values are trimmed.
AlertForm read_alert_form(const std::vector<std::pair<std::string, std::string>>& fields);

// The topics of a keywords field: split at commas outside double quotes
// and brackets, trimmed, empty ones dropped. "trafficking, modern slavery"
// is two topics.
std::vector<std::string> split_topics(std::string_view q);

// The rule text for one topic ("" for a speaker alone) with the form's
// speaker, exclusions and chambers: `topic -word -"a phrase" speaker:ID
// section:a section:b`; a topic with OR or XOR is bracketed first. The
// result is checked by the caller (ingest::check_rule) like any rule.
std::string compose_rule(std::string_view topic, const AlertForm& form);

// The query-string form of the form's rule fields (no address), for links:
// "q=...&exclude=...&chamber=...".
std::string alert_query_string(const AlertForm& form);

// Messages for the fields that caused them, by field name.
using FieldErrors = std::map<std::string, std::string>;

}  // namespace pw::web
