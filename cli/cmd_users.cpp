#include <iostream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/config_check.hpp"
#include "cli/support.hpp"
#include "core/clock.hpp"
#include "daemon/config.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/people.hpp"
#include "daemon/stored_settings.hpp"
#include "deliver/webhook_signature.hpp"
#include "ingest/file_io.hpp"
#include "storage/match_repository.hpp"
#include "storage/user_repository.hpp"
#include "web/subscriptions.hpp"
#include "web/validate.hpp"

namespace pw::cli {
namespace {

std::int64_t now_seconds() {
  return unix_seconds(SystemClock().now());
}

}  // namespace

int cmd_user_add(const GlobalOptions& g, const std::string& email, const std::string& webhook,
                 bool daily) {
  if (auto ok = validate_email(email); !ok) return report_error(ok.error());
  if (!webhook.empty()) {
    if (auto ok = validate_webhook_url(webhook); !ok) return report_error(ok.error());
  }
  std::string secret;
  if (!webhook.empty()) {
    auto fresh = deliver::generate_webhook_secret();
    if (!fresh) return report_error(fresh.error());
    secret = std::move(*fresh);
  }
  return with_database(
      g,
      [&](storage::Database& db) {
        storage::UserRepository users(db);
        auto tx = storage::Transaction::begin(db);
        if (!tx) return report_error(tx.error());
        auto id = users.add_user(email, webhook, now_seconds());
        if (!id) return report_error(id.error());
        if (!secret.empty()) {
          if (auto ok = users.set_webhook_secret(*id, secret); !ok) return report_error(ok.error());
        }
        if (daily) {
          if (auto ok = users.set_daily(*id, true); !ok) return report_error(ok.error());
        }
        if (auto ok = tx->commit(); !ok) return report_error(ok.error());
        std::cout << fmt::format("user {} added: {}{}{}\n", *id, email,
                                 webhook.empty() ? "" : " (webhook " + webhook + ")",
                                 daily ? " (daily digest)" : "");
        if (!secret.empty()) {
          std::cout << fmt::format(
              "webhook signing secret (Standard Webhooks; shown once, keep it safe): {}\n", secret);
        }
        return kExitOk;
      },
      OnMissing::kCreate);
}

int cmd_user_remove(const GlobalOptions& g, const std::string& email) {
  return with_database(g, [&](storage::Database& db) {
    storage::UserRepository users(db);
    auto user = users.find_user(email);
    if (!user) return report_error(user.error());
    if (!*user) {
      spdlog::error("no user {}", email);
      return kExitDataErr;
    }
    auto removed = users.remove_user((*user)->id);
    if (!removed) return report_error(removed.error());
    std::cout << fmt::format("user {} removed: {} and everything tied to it\n", (*user)->id,
                             (*user)->email);
    return kExitOk;
  });
}

namespace {

// Runs `body(db, user)` for the user at `email` who has a webhook endpoint;
// exits 65 with a message when there is none.
template <typename F>
int with_webhook_user(const GlobalOptions& g, const std::string& email, F body) {
  return with_database(g, [&](storage::Database& db) {
    auto user = storage::UserRepository(db).find_user(email);
    if (!user) return report_error(user.error());
    if (!*user || (*user)->webhook_url.empty()) {
      spdlog::error("no user {} with a webhook endpoint", email);
      return kExitDataErr;
    }
    return body(db, **user);
  });
}

}  // namespace

int cmd_user_rotate_secret(const GlobalOptions& g, const std::string& email) {
  return with_webhook_user(g, email, [](storage::Database& db, const storage::UserRecord& user) {
    auto secret = web::rotate_webhook_secret(db, user.id, unix_seconds(SystemClock().now()));
    if (!secret) return report_error(secret.error());
    std::cout << fmt::format(
        "new webhook signing secret for {} (used from the next delivery, beside the old one for "
        "24 hours; shown once): {}\n",
        user.email, *secret);
    return kExitOk;
  });
}

int cmd_user_enable_webhook(const GlobalOptions& g, const std::string& email) {
  return with_webhook_user(g, email, [](storage::Database& db, const storage::UserRecord& user) {
    if (user.webhook_disabled_at == 0) {
      std::cout << fmt::format("the webhook endpoint of {} is not disabled\n", user.email);
      return kExitOk;
    }
    if (auto ok = storage::UserRepository(db).enable_webhook(user.id); !ok) {
      return report_error(ok.error());
    }
    std::cout << fmt::format("webhook endpoint {} of {} enabled again\n", user.webhook_url,
                             user.email);
    return kExitOk;
  });
}

int cmd_user_list(const GlobalOptions& g) {
  return with_database(g, [&](storage::Database& db) {
    auto users = storage::UserRepository(db).users();
    if (!users) return report_error(users.error());
    for (const auto& u : *users) {
      std::cout << fmt::format("{}\t{}\t{}\n", u.id, u.email,
                               u.webhook_url.empty() ? (u.daily ? "email, daily digest" : "email")
                                                     : "webhook " + u.webhook_url);
    }
    return kExitOk;
  });
}

}  // namespace pw::cli
