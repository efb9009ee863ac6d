#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "deliver/link_tokens.hpp"
#include "deliver/render.hpp"
#include "storage/database.hpp"
#include "web/alert_form.hpp"
#include "web/counters.hpp"
#include "web/http.hpp"
#include "web/member_directory.hpp"
#include "web/rate_limiter.hpp"
#include "web/subscriptions.hpp"

namespace pw::web {

struct SiteOptions {
  deliver::EmailSettings email;  // public_url and the secret that signs links
  std::string admin_token;       // bearer token of the admin API; "" turns it off
  WebLimits limits;
  // Peers (IP addresses as text) whose X-Forwarded-For is believed: a
  // request from one of them is counted against the last address in that
  // header, so rate limits work behind a reverse proxy.
  std::vector<std::string> trusted_proxies;
};

// The daemon's web face, without sockets: it turns one Request into one
// Response (the operator's /healthz, /readyz and /metrics are Probes').
// Routes:
//   GET  /                               what is watched, and the sign-up form
//   GET  /alert?q=|like=|speaker=        a proposed alert with a preview
//   POST /alert                          the form: step=preview, or sign up
//                                        (form token and Origin checked)
//   POST /api/subscriptions              sign-up (JSON), double opt-in
//   GET  /c/TOKEN, POST /c/TOKEN         confirmation page; its button confirms
//   GET  /m/TOKEN, POST /m/TOKEN         manage page and its forms
//   GET  /u/TOKEN, POST /u/TOKEN         unsubscribe page; one-click (RFC 8058)
//   GET|POST /api/admin/subscriptions, POST /api/admin/subscriptions/ID/delete,
//   GET  /api/admin/alerts, POST /api/admin/forget, POST /api/admin/webhook-secret
//                                        admin API (Authorization: Bearer)
// State changes only on POST, never on GET or HEAD (mail scanners open
// every link in an email); a link's token is bound to a random key stored
// in the row it names, so it dies with that row; every value shown in HTML
// is escaped; JSON errors are {"error": "..."} with a fitting status. Not
// thread-safe: the daemon calls it from one worker thread, which owns `db`.
class Site {
 public:
  Site(storage::Database& db, SiteOptions options, Counters& counters, const Clock& clock);

  Response handle(const Request& request);

  // Called after a request queued an email, so it can be delivered soon.
  void set_on_queued(std::function<void()> callback);
  // Removes subscriptions left unconfirmed past their time; returns how
  // many. The daemon calls it now and then.
  Result<std::int64_t> expire_unconfirmed();
  // New settings (after a configuration reload); a changed rate limit
  // starts counting afresh, unchanged ones keep their counts.
  void set_options(SiteOptions options);
  // The members data to choose a member from by name; without one (or an
  // empty one) the persons stored in the database are searched.
  void set_members(std::shared_ptr<const MemberDirectory> members) {
    members_ = std::move(members);
  }
  // See SubscriptionService::set_corpus.
  void set_corpus(std::optional<rules::CorpusStats> stats, std::int64_t read_at) {
    subscriptions_.set_corpus(std::move(stats), read_at);
  }

 private:
  Response route(const Request& r, std::string& name);
  Response home(const Request& r);
  Response alert(const Request& r);
  Response alert_post(const Request& r);
  Response alert_page(const Request& r, AlertForm f, FieldErrors errors, int status);
  Response sign_up_form(const Request& r, const AlertForm& f);
  // Fills f.q from f.like when empty; returns the words that introduce it.
  Answer<std::string> like_intro(AlertForm& f);
  std::string resolve_speaker(AlertForm& f, FieldErrors& errors);
  std::string previews(const Request& r, const AlertForm& f, FieldErrors& errors);
  // A form token for the browser's form cookie, setting one on `out` when
  // the request brought none.
  std::string form_token_for(const Request& r, Response& out);
  Response sign_up(const Request& r);
  Response confirm(const Request& r, const std::string& token);
  Response confirm_page(std::int64_t id);
  std::string manage_link(std::int64_t user_id);
  Response manage(const Request& r, const std::string& token);
  Response manage_action(const Request& r, std::int64_t user_id, const std::string& back);
  Response unsubscribe(const Request& r, const std::string& token);
  Response admin(const Request& r, const std::string& rest);
  Response admin_list(const Request& r);
  Response admin_create(const Request& r);
  Response admin_delete(const std::string& id_text);
  Response admin_alerts(const Request& r);
  Answer<storage::UserRecord> admin_user(const Request& r);
  Response admin_forget(const storage::UserRecord& user);
  Response admin_rotate(const storage::UserRecord& user);
  Response admin_enable_webhook(const storage::UserRecord& user);
  std::string client_of(const Request& r) const;
  // A 429 answer when `client` or its network is over its sign-up limit;
  // otherwise counts the sign-up against both.
  std::optional<Response> too_many_sign_ups(const std::string& client, std::int64_t at);
  // The row a link's token names, if the token is genuine and the row
  // still exists (a refusal of 404 otherwise, or the database's error).
  Answer<deliver::LinkSubject> subject(deliver::LinkPurpose purpose, const std::string& token);
  std::int64_t now() const;
  void queued();

  storage::Database& db_;
  SiteOptions options_;
  Counters& counters_;
  const Clock& clock_;
  SubscriptionService subscriptions_;
  RateLimiter signups_by_address_;
  RateLimiter signups_by_network_;
  RateLimiter previews_by_address_;
  std::function<void()> on_queued_;
  std::shared_ptr<const MemberDirectory> members_;
};

}  // namespace pw::web
