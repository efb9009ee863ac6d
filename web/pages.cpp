#include <fmt/format.h>

#include "deliver/mime.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "web/site.hpp"

namespace pw::web {
namespace {

using deliver::html_escape;
using deliver::LinkPurpose;
using deliver::LinkSubject;

Response failure_page(const Refusal& r) {
  return html_page(r.status, "Something went wrong", "<p>" + html_escape(r.message) + "</p>");
}

// The page for a link that names nothing (forged, incomplete, or for
// something since removed), or for a database failure while checking it.
Response link_failure(const Refusal& r) {
  if (r.status != 404) return failure_page(r);
  return html_page(404, "This link does not work",
                   "<p>It may be incomplete (copy the whole address from the email), or the "
                   "alert it was for has been removed: removed alerts' links never work "
                   "again.</p>");
}

std::string what_of(const storage::RuleRecord& s, const std::string& webhook_url) {
  std::string out = "<p>Alerts for <b>" + html_escape(s.user_email) + "</b> about:</p>\n<p><b>" +
                    html_escape(s.query) + "</b></p>\n";
  if (s.channel == storage::Channel::kWebhook) {
    return out + "<p>posted to the webhook <code>" + html_escape(webhook_url) + "</code></p>\n";
  }
  return out + (s.daily ? "<p>by email, one digest a day</p>\n"
                        : "<p>by email, as soon as a match is published</p>\n");
}

std::string button(const std::string& action, std::int64_t id, const char* label) {
  return fmt::format(
      "<form class=\"inline\" method=\"post\"><input type=\"hidden\" name=\"action\" "
      "value=\"{}\"><input type=\"hidden\" name=\"id\" value=\"{}\"><button type=\"submit\" "
      "name=\"do\" value=\"{}-{}\">{}</button></form>",
      action, id, action, id, label);
}

std::string row_html(const storage::RuleRecord& s) {
  std::string actions;
  if (s.confirmed_at != 0) {
    actions +=
        s.suspended_at == 0 ? button("suspend", s.id, "Pause") : button("resume", s.id, "Resume");
    if (s.channel == storage::Channel::kEmail) {
      actions += s.daily ? button("immediate", s.id, "Send at once")
                         : button("daily", s.id, "Daily digest");
    }
  }
  actions += button("unsubscribe", s.id, "Unsubscribe");
  return fmt::format(
      "<tr id=\"sub-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", s.id,
      html_escape(s.query), storage::channel_name(s.channel), frequency_name(s), state_name(s),
      actions);
}

// "Forget me": the address and everything tied to it.
std::string forget_form() {
  return "<form method=\"post\"><input type=\"hidden\" name=\"action\" value=\"forget\">"
         "<p>Delete this address and everything parlwatch keeps about it (alerts, matches, "
         "messages not yet sent). These links stop working.</p>"
         "<p><button type=\"submit\" id=\"forget\">Forget me</button></p></form>";
}

std::string manage_html(const std::string& email, const std::vector<storage::RuleRecord>& subs) {
  if (subs.empty()) {
    return "<p>There are no alerts for " + html_escape(email) + ".</p>" + forget_form();
  }
  std::string out = "<p>Alerts for " + html_escape(email) + ":</p>\n<table>\n" +
                    "<tr class=\"head\"><th>Alert</th><th>By</th><th>How "
                    "often</th><th>State</th><th></th></tr>\n";
  for (const auto& s : subs) out += row_html(s);
  out += "</table>\n";
  out +=
      "<form method=\"post\"><input type=\"hidden\" name=\"action\" value=\"unsubscribe_all\">"
      "<p><button type=\"submit\" id=\"unsubscribe-all\">Unsubscribe from all</button></p>"
      "</form>";
  return out + forget_form();
}

}  // namespace

Response Site::confirm(const Request& r, const std::string& token) {
  const auto s = subject(LinkPurpose::kConfirm, token);
  if (!s) return link_failure(s.error());
  if (s->kind != LinkSubject::Kind::kSubscription) return link_failure(Refusal{404, ""});
  if (r.method != "POST") return confirm_page(s->id);
  auto done = subscriptions_.confirm(s->id, now());
  if (!done) return failure_page(done.error());
  std::string body = "<p>Your alert <b>" + html_escape(done->query) + "</b> for " +
                     html_escape(done->user_email) + " is on.</p>\n";
  if (done->channel == storage::Channel::kWebhook) {
    body +=
        "<p>Alerts are posted to your webhook, signed (Standard Webhooks) with the secret you "
        "were given when you asked for them.</p>\n";
  }
  return html_page(200, "Alert confirmed", body + manage_link(done->user_id));
}

Response Site::confirm_page(std::int64_t id) {
  auto found = storage::SubscriptionRepository(db_).find(id);
  if (!found) return failure_page(refusal_for(found.error()));
  if (!*found) return link_failure(Refusal{404, ""});
  const auto& s = **found;
  if (s.confirmed_at != 0) {
    return html_page(200, "Alert confirmed",
                     "<p>This alert is on already.</p>\n" + manage_link(s.user_id));
  }
  if (s.created_at + options_.limits.confirm_within_seconds < now()) {
    return failure_page(Refusal{410, "this confirmation link has expired: please sign up again"});
  }
  auto user = storage::UserRepository(db_).user(s.user_id);
  if (!user) return failure_page(refusal_for(user.error()));
  const auto url =
      s.pending_webhook_url.empty() && *user ? (*user)->webhook_url : s.pending_webhook_url;
  return html_page(200, "Confirm your alert",
                   what_of(s, url) +
                       "<form method=\"post\"><p><button type=\"submit\" id=\"confirm\">Start "
                       "these alerts</button></p></form>\n<p>If you did not ask for this, close "
                       "this page: nothing is sent unless the button is pressed.</p>");
}

std::string Site::manage_link(std::int64_t user_id) {
  auto user = storage::UserRepository(db_).user(user_id);
  if (!user || !*user) return "";
  const auto manage =
      "/m/" +
      deliver::make_link_token(options_.email.token_secret, LinkPurpose::kManage,
                               LinkSubject{LinkSubject::Kind::kUser, user_id, (*user)->link_key});
  return "<p><a href=\"" + html_escape(manage) + "\">See and change your alerts</a></p>";
}

Response Site::manage(const Request& r, const std::string& token) {
  const auto s = subject(LinkPurpose::kManage, token);
  if (!s) return link_failure(s.error());
  if (s->kind != LinkSubject::Kind::kUser) return link_failure(Refusal{404, ""});
  if (r.method == "POST") {
    return manage_action(r, s->id, "/m/" + token);
  }
  auto user = storage::UserRepository(db_).user(s->id);
  if (!user) return failure_page(refusal_for(user.error()));
  if (!*user) return html_page(404, "Your alerts", "<p>There are no alerts for this address.</p>");
  auto subs = storage::SubscriptionRepository(db_).all(s->id);
  if (!subs) return failure_page(refusal_for(subs.error()));
  return html_page(200, "Your alerts", manage_html((*user)->email, *subs));
}

Response Site::manage_action(const Request& r, std::int64_t user_id, const std::string& back) {
  const auto form = parse_form(r.body);
  const auto action = form_value(form, "action");
  storage::SubscriptionRepository subs(db_);
  if (action == "unsubscribe_all") {
    auto removed = subs.remove_all(user_id);
    if (!removed) return failure_page(refusal_for(removed.error()));
    return redirect(back);
  }
  if (action == "forget") {
    auto removed = storage::UserRepository(db_).remove_user(user_id);
    if (!removed) return failure_page(refusal_for(removed.error()));
    return html_page(200, "Forgotten",
                     "<p>Done: this address and everything tied to it are deleted. Nothing "
                     "more will be sent to it.</p>");
  }
  const auto id = parse_positive_id(form_value(form, "id"));
  if (!id) return failure_page(Refusal{400, "the form named no alert"});
  auto found = subs.find(*id);
  if (!found) return failure_page(refusal_for(found.error()));
  if (!*found || (*found)->user_id != user_id) {
    return failure_page(Refusal{404, "there is no such alert for this address"});
  }
  Status ok;
  if (action == "unsubscribe") {
    ok = subs.remove(*id);
  } else if (action == "suspend" || action == "resume") {
    ok = subs.set_suspended(*id, action == "suspend", now());
  } else if (action == "daily" || action == "immediate") {
    if ((*found)->channel != storage::Channel::kEmail) {
      return failure_page(Refusal{422, "daily digests are sent by email, not to webhooks"});
    }
    ok = subs.set_daily(*id, action == "daily");
  } else {
    return failure_page(Refusal{400, "unknown action"});
  }
  if (!ok) return failure_page(refusal_for(ok.error()));
  return redirect(back);
}

Response Site::unsubscribe(const Request& r, const std::string& token) {
  const auto s = subject(LinkPurpose::kUnsubscribe, token);
  if (!s) return link_failure(s.error());
  const bool all = s->kind == LinkSubject::Kind::kUser;
  storage::SubscriptionRepository subs(db_);
  std::string what;
  if (all) {
    auto user = storage::UserRepository(db_).user(s->id);
    if (!user) return failure_page(refusal_for(user.error()));
    if (!*user) return link_failure(Refusal{404, ""});
    what = "all alerts for " + (*user)->email;
  } else {
    auto found = subs.find(s->id);
    if (!found) return failure_page(refusal_for(found.error()));
    if (!*found) return link_failure(Refusal{404, ""});
    what = "the alert \"" + (*found)->query + "\" for " + (*found)->user_email;
  }
  if (r.method != "POST") {
    return html_page(200, "Unsubscribe",
                     "<p>Stop " + html_escape(what) +
                         "?</p>\n<form method=\"post\"><button type=\"submit\" "
                         "id=\"unsubscribe\">Unsubscribe</button></form>");
  }
  const Status ok = all ? subs.remove_all(s->id).map([](std::int64_t) {}) : subs.remove(s->id);
  if (!ok) return failure_page(refusal_for(ok.error()));
  return html_page(200, "Unsubscribed",
                   "<p>Done: " + html_escape(what) + " will get no more alerts.</p>");
}

}  // namespace pw::web
