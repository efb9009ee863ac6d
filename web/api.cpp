#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "web/network.hpp"
#include "web/site.hpp"
#include "web/validate.hpp"

namespace pw::web {
namespace {

using nlohmann::json;

json subscription_json(const storage::RuleRecord& s) {
  return {{"id", s.id},
          {"email", s.user_email},
          {"query", s.query},
          {"channel", storage::channel_name(s.channel)},
          {"frequency", frequency_name(s)},
          {"votes", s.votes},
          {"state", state_name(s)},
          {"created_at", s.created_at},
          {"confirmed_at", s.confirmed_at == 0 ? json(nullptr) : json(s.confirmed_at)}};
}

json alert_json(const storage::OutboxRecord& r, const std::string& email) {
  return {{"id", r.id},
          {"email", email},
          {"channel", storage::channel_name(r.channel)},
          {"destination", r.destination},
          {"subject", r.subject},
          {"state", storage::outbox_state_name(r.state)},
          {"attempts", r.attempts},
          {"created_at", r.created_at},
          {"sent_at", r.sent_at == 0 ? json(nullptr) : json(r.sent_at)},
          {"last_error", r.last_error}};
}

Response refused(const Refusal& r) {
  return json_error(r.status, r.message);
}

// Reads {"email", "query" | "speaker" | "like", "frequency", "webhook_url",
// "votes"}: strings, and a boolean "votes"; no other fields.
Answer<SignUpRequest> parse_sign_up(const Request& r) {
  const auto type = r.header("content-type");
  if (type.rfind("application/json", 0) != 0) {
    return refuse(415, "send the subscription as application/json");
  }
  std::set<std::string> keys;
  std::string repeated;
  const json::parser_callback_t note_keys = [&](int depth, json::parse_event_t event,
                                                json& parsed) {
    if (event == json::parse_event_t::key && depth == 1 &&
        !keys.insert(parsed.get<std::string>()).second) {
      repeated = parsed.get<std::string>();
    }
    return true;
  };
  const json body = json::parse(r.body, note_keys, false);
  if (body.is_discarded()) return refuse(400, "the body is not valid JSON");
  if (!repeated.empty()) return refuse(400, fmt::format("\"{}\" is given twice", repeated));
  if (!body.is_object()) return refuse(400, "the body must be a JSON object");
  SignUpRequest out;
  const std::pair<const char*, std::string*> fields[] = {
      {"email", &out.email}, {"query", &out.query},         {"speaker", &out.speaker},
      {"like", &out.like},   {"frequency", &out.frequency}, {"webhook_url", &out.webhook_url}};
  for (const auto& [key, value] : body.items()) {
    if (key == "votes") {
      if (!value.is_boolean()) return refuse(400, "\"votes\" must be true or false");
      out.votes = value.get<bool>();
      continue;
    }
    std::string* target = nullptr;
    for (const auto& [name, field] : fields) {
      if (key == name) target = field;
    }
    if (target == nullptr) return refuse(400, fmt::format("unknown field \"{}\"", key));
    if (value.is_number_integer() && key == std::string("speaker")) {
      *target = std::to_string(value.get<std::int64_t>());
    } else if (!value.is_string()) {
      return refuse(400, fmt::format("\"{}\" must be a string", key));
    } else {
      *target = value.get<std::string>();
    }
    if (control_at(*target) != std::string::npos) {
      return refuse(422, fmt::format("\"{}\" contains control characters", key));
    }
  }
  if (out.email.empty()) return refuse(422, "\"email\" is required");
  return out;
}

// Adds a new webhook endpoint's signing secret: this answer is the only
// place it is ever shown.
void with_secret(json& body, const SignUpOutcome& done) {
  if (done.new_webhook_secret.empty()) return;
  body["webhook_secret"] = done.new_webhook_secret;
  body["webhook_secret_note"] =
      "verify every webhook with this secret (Standard Webhooks); it is not shown again";
}

bool same_secret(const std::string& a, const std::string& b) {
  return constant_time_equal(a, b);
}

}  // namespace

std::optional<Response> Site::too_many_sign_ups(const std::string& client, std::int64_t at) {
  const auto refuse = [&](RateLimiter& limiter, const std::string& key, const char* what) {
    auto out =
        json_error(429, std::string("too many sign-ups from this ") + what + "; try again later");
    out.headers.emplace_back("Retry-After", std::to_string(limiter.retry_after(key, at)));
    return out;
  };
  if (!signups_by_address_.allow(client, at)) return refuse(signups_by_address_, client, "address");
  const auto network = client_network(client);
  if (!signups_by_network_.allow(network, at))
    return refuse(signups_by_network_, network, "network");
  return std::nullopt;
}

Response Site::sign_up(const Request& r) {
  const auto at = now();
  if (auto refusal = too_many_sign_ups(client_of(r), at)) return std::move(*refusal);
  auto request = parse_sign_up(r);
  if (!request) return refused(request.error());
  auto done = subscriptions_.sign_up(*request, at);
  if (!done) {
    auto out = refused(done.error());
    if (done.error().status == 429) {
      const auto wait = subscriptions_.retry_after(request->email, at);
      out.headers.emplace_back("Retry-After", std::to_string(wait > 0 ? wait : 3600));
    }
    if (done.error().status == 503) out.headers.emplace_back("Retry-After", "60");
    return out;
  }
  if (done->confirmation_sent) queued();
  const bool waiting = done->subscription.confirmed_at == 0;
  json body{{"status", waiting ? "confirmation_sent" : "already_subscribed"},
            {"message", waiting ? "check your email and open the link to start the alerts"
                                : "this address already has this alert"},
            {"subscription", subscription_json(done->subscription)}};
  if (!done->notes.empty()) body["notes"] = done->notes;
  with_secret(body, *done);
  return json_response(waiting ? 202 : 200, body.dump());
}

Response Site::admin(const Request& r, const std::string& rest) {
  if (options_.admin_token.empty()) return json_error(404, "the admin API is not enabled");
  const auto auth = r.header("authorization");
  if (auth.rfind("Bearer ", 0) != 0 || !same_secret(auth.substr(7), options_.admin_token)) {
    auto out = json_error(401, "a valid bearer token is required");
    out.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"parlwatch\"");
    return out;
  }
  const bool get = r.method == "GET" || r.method == "HEAD";
  if (rest == "subscriptions") {
    if (get) return admin_list(r);
    if (r.method == "POST") return admin_create(r);
    return method_not_allowed("GET, POST");
  }
  const std::string prefix = "subscriptions/";
  const std::string suffix = "/delete";
  if (rest.rfind(prefix, 0) == 0 && rest.size() > prefix.size() + suffix.size() &&
      rest.compare(rest.size() - suffix.size(), suffix.size(), suffix) == 0) {
    if (r.method != "POST") return method_not_allowed("POST");
    return admin_delete(rest.substr(prefix.size(), rest.size() - prefix.size() - suffix.size()));
  }
  if (rest == "alerts") {
    return get ? admin_alerts(r) : method_not_allowed("GET");
  }
  if (rest == "forget" || rest == "webhook-secret" || rest == "webhook-enable") {
    if (r.method != "POST") return method_not_allowed("POST");
    auto user = admin_user(r);
    if (!user) return refused(user.error());
    if (rest == "forget") return admin_forget(*user);
    return rest == "webhook-secret" ? admin_rotate(*user) : admin_enable_webhook(*user);
  }
  return json_error(404, "no such admin endpoint");
}

Response Site::admin_list(const Request& r) {
  const auto email = r.query_param("email");
  std::int64_t user_id = 0;
  if (!email.empty()) {
    auto user = storage::UserRepository(db_).find_user(email);
    if (!user) return refused(refusal_for(user.error()));
    if (!*user) return json_response(200, json{{"subscriptions", json::array()}}.dump());
    user_id = (*user)->id;
  }
  auto subs = storage::SubscriptionRepository(db_).all(user_id);
  if (!subs) return refused(refusal_for(subs.error()));
  json list = json::array();
  for (const auto& s : *subs) list.push_back(subscription_json(s));
  return json_response(200, json{{"subscriptions", list}}.dump());
}

Response Site::admin_create(const Request& r) {
  auto request = parse_sign_up(r);
  if (!request) return refused(request.error());
  auto done = subscriptions_.add_confirmed(*request, now());
  if (!done) return refused(done.error());
  json body{{"created", done->created}, {"subscription", subscription_json(done->subscription)}};
  with_secret(body, *done);
  return json_response(done->created ? 201 : 200, body.dump());
}

Response Site::admin_delete(const std::string& id_text) {
  const auto id = parse_positive_id(id_text);
  if (!id) return json_error(404, "no such subscription");
  storage::SubscriptionRepository subs(db_);
  auto found = subs.find(*id);
  if (!found) return refused(refusal_for(found.error()));
  if (!*found) return json_error(404, fmt::format("no subscription {}", *id));
  if (auto ok = subs.remove(*id); !ok) return refused(refusal_for(ok.error()));
  return json_response(200, json{{"deleted", *id}}.dump());
}

Answer<storage::UserRecord> Site::admin_user(const Request& r) {
  auto request = parse_sign_up(r);
  if (!request) return tl::unexpected(request.error());
  if (!request->query.empty() || !request->speaker.empty() || !request->like.empty() ||
      !request->frequency.empty() || !request->webhook_url.empty()) {
    return refuse(400, "give only \"email\"");
  }
  auto user = storage::UserRepository(db_).find_user(request->email);
  if (!user) return tl::unexpected(refusal_for(user.error()));
  if (!*user) return refuse(404, "no such address");
  return **user;
}

Response Site::admin_forget(const storage::UserRecord& user) {
  auto removed = storage::UserRepository(db_).remove_user(user.id);
  if (!removed) return refused(refusal_for(removed.error()));
  return json_response(200, json{{"forgotten", user.email}}.dump());
}

Response Site::admin_rotate(const storage::UserRecord& user) {
  if (user.webhook_url.empty()) return json_error(409, "this address has no webhook endpoint");
  auto secret = rotate_webhook_secret(db_, user.id, now());
  if (!secret) return refused(refusal_for(secret.error()));
  return json_response(200, json{{"email", user.email},
                                 {"webhook_url", user.webhook_url},
                                 {"webhook_secret", *secret},
                                 {"webhook_secret_note",
                                  "webhooks are signed with this secret from now on, and also "
                                  "with the old one for 24 hours; it is not shown again"}}
                                .dump());
}

Response Site::admin_enable_webhook(const storage::UserRecord& user) {
  if (user.webhook_url.empty()) return json_error(409, "this address has no webhook endpoint");
  const bool was_disabled = user.webhook_disabled_at != 0;
  if (was_disabled) {
    if (auto ok = storage::UserRepository(db_).enable_webhook(user.id); !ok) {
      return refused(refusal_for(ok.error()));
    }
  }
  return json_response(200, json{{"email", user.email},
                                 {"webhook_url", user.webhook_url},
                                 {"enabled", true},
                                 {"was_disabled", was_disabled}}
                                .dump());
}

Response Site::admin_alerts(const Request& r) {
  int limit = 50;
  if (const auto text = r.query_param("limit"); !text.empty()) {
    const auto n = parse_positive_id(text);
    if (!n || *n > 500) return json_error(400, "limit must be a number from 1 to 500");
    limit = static_cast<int>(*n);
  }
  auto rows = storage::OutboxRepository(db_).recent(limit);
  if (!rows) return refused(refusal_for(rows.error()));
  auto users = storage::UserRepository(db_).users();
  if (!users) return refused(refusal_for(users.error()));
  std::map<std::int64_t, std::string> emails;
  for (const auto& u : *users) emails[u.id] = u.email;
  json list = json::array();
  for (const auto& row : *rows) list.push_back(alert_json(row, emails[row.user_id]));
  return json_response(200, json{{"alerts", list}}.dump());
}

}  // namespace pw::web
