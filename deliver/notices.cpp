#include "deliver/notices.hpp"

#include <fmt/format.h>

namespace pw::deliver {

NoticeText confirmation_notice(const ConfirmationFacts& f) {
  return {
      "parlwatch: confirm your alert",
      fmt::format("Someone, hopefully you, asked parlwatch to alert {} about:\n\n  {}\n\n({}).\n\n"
                  "To start these alerts, open this link within {} days:\n\n  {}\n\n"
                  "If you did not ask for this, ignore this email: nothing more is sent unless the "
                  "link is opened, and the request expires.\n\nYour alerts: {}\n",
                  f.email, f.query, f.delivery, f.confirm_days, f.confirm_url, f.manage_url)};
}

NoticeText endpoint_disabled_notice(const std::string& webhook_url, const std::string& why) {
  return {"parlwatch: your webhook endpoint was disabled",
          fmt::format("parlwatch has stopped sending alerts to your webhook endpoint\n\n  {}\n\n"
                      "because {}.\n\n"
                      "Your rules are kept. Alerts come by email to this address until the "
                      "endpoint is set\nup again.\n",
                      webhook_url, why)};
}

}  // namespace pw::deliver
