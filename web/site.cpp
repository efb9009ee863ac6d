#include "web/site.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "web/form_guard.hpp"

namespace pw::web {
namespace {

constexpr std::int64_t kHour = 3600;
// Previews per client address an hour: each reads up to a month of the
// archive on the worker that also takes sign-ups.
constexpr int kPreviewsPerAddressPerHour = 120;

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

Site::Site(storage::Database& db, SiteOptions options, Counters& counters, const Clock& clock)
    : db_(db),
      options_(std::move(options)),
      counters_(counters),
      clock_(clock),
      subscriptions_(db, options_.email, options_.limits),
      signups_by_address_(options_.limits.signups_per_address_per_hour, kHour),
      signups_by_network_(options_.limits.signups_per_network_per_hour, kHour),
      previews_by_address_(kPreviewsPerAddressPerHour, kHour) {}

void Site::set_on_queued(std::function<void()> callback) {
  on_queued_ = std::move(callback);
}

void Site::set_options(SiteOptions options) {
  if (options.limits.signups_per_address_per_hour != options_.limits.signups_per_address_per_hour) {
    signups_by_address_ = RateLimiter(options.limits.signups_per_address_per_hour, kHour);
  }
  if (options.limits.signups_per_network_per_hour != options_.limits.signups_per_network_per_hour) {
    signups_by_network_ = RateLimiter(options.limits.signups_per_network_per_hour, kHour);
  }
  options_ = std::move(options);
  subscriptions_.set_email(options_.email);
  subscriptions_.set_limits(options_.limits);
}

Result<std::int64_t> Site::expire_unconfirmed() {
  return subscriptions_.expire(now());
}

std::int64_t Site::now() const {
  return unix_seconds(clock_.now());
}

void Site::queued() {
  if (on_queued_) on_queued_();
}

std::string Site::client_of(const Request& r) const {
  const auto& proxies = options_.trusted_proxies;
  if (std::find(proxies.begin(), proxies.end(), r.client) == proxies.end()) return r.client;
  std::string forwarded = r.header("x-forwarded-for");
  const auto comma = forwarded.rfind(',');
  if (comma != std::string::npos) forwarded.erase(0, comma + 1);
  const auto first = forwarded.find_first_not_of(' ');
  const auto last = forwarded.find_last_not_of(' ');
  return first == std::string::npos ? r.client : forwarded.substr(first, last - first + 1);
}

Answer<deliver::LinkSubject> Site::subject(deliver::LinkPurpose purpose, const std::string& token) {
  auto s = deliver::link_token_subject(token);
  if (!s) return refuse(404, "no such link");
  if (s->kind == deliver::LinkSubject::Kind::kUser) {
    auto user = storage::UserRepository(db_).user(s->id);
    if (!user) return tl::unexpected(refusal_for(user.error()));
    if (!*user) return refuse(404, "no such link");
    s->key = (*user)->link_key;
  } else {
    auto sub = storage::SubscriptionRepository(db_).find(s->id);
    if (!sub) return tl::unexpected(refusal_for(sub.error()));
    if (!*sub) return refuse(404, "no such link");
    s->key = (*sub)->link_key;
  }
  if (!deliver::check_link_token(options_.email.token_secret, purpose, *s, token)) {
    return refuse(404, "no such link");
  }
  return *s;
}

Response Site::handle(const Request& request) {
  std::string name = "other";
  Response r = route(request, name);
  return finish_answer(std::move(r), name, counters_);
}

Response Site::route(const Request& r, std::string& name) {
  const std::string path = r.path();
  const bool get = r.method == "GET" || r.method == "HEAD";
  const bool post = r.method == "POST";
  if (path == "/") {
    name = "home";
    return get ? home(r) : method_not_allowed("GET");
  }
  if (path == "/alert") {
    name = "alert";
    return get || post ? alert(r) : method_not_allowed("GET, POST");
  }
  if (path == "/api/subscriptions") {
    name = "signup";
    return post ? sign_up(r) : method_not_allowed("POST");
  }
  if (starts_with(path, "/api/admin/")) {
    name = "admin";
    return admin(r, path.substr(11));
  }
  const bool linked =
      starts_with(path, "/c/") || starts_with(path, "/m/") || starts_with(path, "/u/");
  if (linked && post && !same_origin(r, options_.email.public_url)) {
    name = "cross_site";
    return html_page(403, "Refused",
                     "<p>This form was sent from another site. Nothing was changed. Open the "
                     "link from your email and press the button there.</p>");
  }
  if (starts_with(path, "/c/")) {
    name = "confirm";
    return get || post ? confirm(r, path.substr(3)) : method_not_allowed("GET, POST");
  }
  if (starts_with(path, "/m/")) {
    name = "manage";
    return get || post ? manage(r, path.substr(3)) : method_not_allowed("GET, POST");
  }
  if (starts_with(path, "/u/")) {
    name = "unsubscribe";
    return get || post ? unsubscribe(r, path.substr(3)) : method_not_allowed("GET, POST");
  }
  return json_error(404, "no such page");
}

}  // namespace pw::web
