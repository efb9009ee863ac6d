#pragma once

#include <string>

namespace pw::deliver {

// The subject and text of one email from parlwatch itself, rendered with
// render_notice (write_notice).
struct NoticeText {
  std::string subject;
  std::string text;
};

// What a confirmation email says.
struct ConfirmationFacts {
  std::string email;        // who asked
  std::string query;        // the rule
  std::string delivery;     // how alerts come, e.g. "immediately, by email"
  int confirm_days = 0;     // how long the link works
  std::string confirm_url;  // opens the confirm page (a button there confirms)
  std::string manage_url;   // the owner's manage page
};

// "Confirm your alert": double opt-in for a sign-up.
NoticeText confirmation_notice(const ConfirmationFacts& facts);

// "Your webhook endpoint was disabled", telling its owner `why`; alerts
// come by email until it is set up again.
NoticeText endpoint_disabled_notice(const std::string& webhook_url, const std::string& why);

}  // namespace pw::deliver
