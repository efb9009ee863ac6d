#include <iostream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "daemon/command_support.hpp"
#include "daemon/commands.hpp"
#include "daemon/config.hpp"
#include "daemon/config_check.hpp"
#include "daemon/exit_codes.hpp"
#include "deliver/webhook_signature.hpp"
#include "ingest/file_io.hpp"
#include "storage/match_repository.hpp"
#include "storage/user_repository.hpp"
#include "web/subscriptions.hpp"
#include "web/validate.hpp"

namespace pw {
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

int cmd_user_rotate_secret(const GlobalOptions& g, const std::string& email) {
  return with_database(g, [&](storage::Database& db) {
    storage::UserRepository users(db);
    auto user = users.find_user(email);
    if (!user) return report_error(user.error());
    if (!*user || (*user)->webhook_url.empty()) {
      spdlog::error("no user {} with a webhook endpoint", email);
      return kExitDataErr;
    }
    auto secret = web::rotate_webhook_secret(db, (*user)->id);
    if (!secret) return report_error(secret.error());
    std::cout << fmt::format(
        "new webhook signing secret for {} (used from the next delivery; shown once): {}\n",
        (*user)->email, *secret);
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

int cmd_matches(const GlobalOptions& g, std::optional<std::int64_t> rule_id) {
  return with_database(g, [&](storage::Database& db) {
    auto matches = storage::MatchRepository(db).list(rule_id);
    if (!matches) return report_error(matches.error());
    for (const auto& m : *matches) {
      std::cout << fmt::format("{}\trule {}\t{}\t{}\t{}\t{}\t{}\n", m.id, m.rule_id, m.date, m.gid,
                               m.heading, m.speaker_name, m.user_email);
    }
    return kExitOk;
  });
}

int cmd_check_config(const std::string& file) {
  auto config = load_config(file);
  if (!config) {
    for (std::size_t at = 0, next = 0; at <= config.error().message.size(); at = next + 1) {
      next = config.error().message.find('\n', at);
      if (next == std::string::npos) next = config.error().message.size();
      spdlog::error("{}", config.error().message.substr(at, next - at));
    }
    return kExitConfig;
  }
  auto text = read_file(file, 1u << 20);
  const auto problems = check_environment(file, text ? *text : "", *config);
  bool fatal = false;
  for (const auto& p : problems) {
    if (p.fatal) {
      spdlog::error("{}", p.text);
    } else {
      spdlog::warn("{}", p.text);
    }
    fatal = fatal || p.fatal;
  }
  if (fatal) return kExitConfig;
  std::cout << fmt::format("{}: ok ({} sources){}\n", file, config->sources.size(),
                           problems.empty() ? "" : ", with the warnings above");
  return kExitOk;
}

}  // namespace pw
