#include <algorithm>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/support.hpp"
#include "core/clock.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/people.hpp"
#include "daemon/stored_settings.hpp"
#include "ingest/file_io.hpp"
#include "ingest/rule_cache.hpp"
#include "ingest/rule_check.hpp"
#include "rules/like.hpp"
#include "rules/rule_set.hpp"
#include "storage/item_reader.hpp"
#include "storage/match_repository.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "web/rule_import.hpp"
#include "web/subscriptions.hpp"

namespace pw::cli {
namespace {

// Parses and compiles a rule the way the ingester will; logs the error.
std::optional<rules::Query> checked_rule(storage::Database& db, const std::string& text) {
  auto q = ingest::check_rule(db, text);
  if (!q) {
    if (q.error().kind == ErrorKind::kInvalidInput) {
      spdlog::error("bad rule: {}", q.error().message);
    } else {
      report_error(q.error());
    }
    return std::nullopt;
  }
  for (const auto& note : q->notes) spdlog::warn("note: {}", note);
  return std::move(*q);
}

int save_rule(storage::Database& db, const std::string& email, const rules::Query& q, bool votes) {
  storage::UserRepository users(db);
  auto user = users.find_user(email);
  if (!user) return report_error(user.error());
  if (!*user) {
    spdlog::error("no user {} (add one with: parlwatch user add {})", email, email);
    return kExitDataErr;
  }
  auto id = storage::SubscriptionRepository(db).add_for_user(
      (*user)->id, q.text, unix_seconds(SystemClock().now()), votes);
  if (!id) return report_error(id.error());
  std::cout << fmt::format("rule {} added for {}: {}{}\n", *id, email, q.text,
                           votes || !q.has_speaker() ? "" : " (without votes)");
  return kExitOk;
}

std::string innermost_heading(const Item& item) {
  return item.headings.empty() ? std::string() : item.headings.back();
}

nlohmann::json match_json(const storage::StoredItemRecord& r) {
  return {{"id", r.item.gid},
          {"date", r.date},
          {"section", section_name(r.section)},
          {"heading", innermost_heading(r.item)},
          {"speaker", r.item.speaker.name},
          {"person", r.item.speaker.person_id}};
}

void print_suggestion(const rules::LikeSuggestion& s, std::size_t debate_items) {
  std::cout << fmt::format("debate: {} ({} items)\ndistinctive words:\n", s.heading, debate_items);
  for (const auto& t : s.terms) {
    std::cout << fmt::format("  {:<20} {:>3} times  score {:.1f}\n", t.word, t.count, t.score);
  }
}

// Stores the persons of --people files, so speaker:"Name" resolves; an
// exit code other than kExitOk if they cannot be read or stored.
int remember_people(const GlobalOptions& g, storage::Database& db) {
  if (g.people.empty()) return kExitOk;
  auto members = load_members(g);
  if (!members) return kExitDataErr;
  if (auto ok = remember_persons(db, *members); !ok) return report_error(ok.error());
  return kExitOk;
}

constexpr std::size_t kMaxImportBytes = std::size_t{1} << 30;
constexpr std::size_t kProblemsShown = 100;

int print_import(const std::string& file, web::ImportReport& report, bool save) {
  for (const auto& n : report.notes) spdlog::warn("{}:{}: note: {}", file, n.line, n.message);
  auto& problems = report.problems;
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(),
                     [](const auto& a, const auto& b) { return a.line < b.line; });
    for (std::size_t i = 0; i < problems.size() && i < kProblemsShown; ++i) {
      spdlog::error("{}:{}: {}", file, problems[i].line, problems[i].message);
    }
    if (problems.size() > kProblemsShown) {
      spdlog::error("{}: {} more problems", file, problems.size() - kProblemsShown);
    }
    spdlog::error("{}: {} lines with problems; nothing imported", file, problems.size());
    return kExitDataErr;
  }
  std::cout << fmt::format("{}: {} {} rules for {} new addresses; {} already there\n", file,
                           save ? "imported" : "would import", report.added, report.new_users,
                           report.already);
  return kExitOk;
}

// After a bulk import, compiles the rules and saves their snapshot, so the
// next ingest or start reads them rather than compiling them (only when
// there are enough for a snapshot; only speed depends on it).
void prepare_rules(storage::Database& db) {
  auto count = storage::SubscriptionRepository(db).count();
  if (!count || static_cast<std::size_t>(*count) < ingest::RuleCache::kSnapshotMinRules) return;
  ingest::RuleCache cache;
  auto loaded = cache.load(db);
  if (!loaded) {
    spdlog::warn("rules not compiled after the import: {}", loaded.error().message);
    return;
  }
  for (const auto& n : loaded->snapshot_notes) spdlog::warn("{}", n);
  if (loaded->snapshot_notes.empty())
    spdlog::info("{} rules compiled for matching; their snapshot is saved", cache.rules().size());
}

}  // namespace

int cmd_rule_add(const GlobalOptions& g, const std::string& email, const std::string& query,
                 bool votes) {
  return with_database(
      g,
      [&](storage::Database& db) {
        if (const int rc = remember_people(g, db); rc != kExitOk) return rc;
        const auto q = checked_rule(db, query);
        return q ? save_rule(db, email, *q, votes) : kExitDataErr;
      },
      OnMissing::kCreate);
}

int cmd_rule_import(const GlobalOptions& g, const std::string& file, bool save) {
  auto text = read_file(file, kMaxImportBytes);
  if (!text) return report_error(text.error());
  std::vector<web::ImportProblem> unreadable;
  const auto lines = web::read_rule_import(*text, unreadable);
  return with_database(
      g,
      [&](storage::Database& db) {
        if (const int rc = remember_people(g, db); rc != kExitOk) return rc;
        auto report = web::import_rules(db, lines, unix_seconds(SystemClock().now()),
                                        save && unreadable.empty());
        if (!report) return report_error(report.error());
        report->problems.insert(report->problems.begin(), unreadable.begin(), unreadable.end());
        const int rc = print_import(file, *report, save);
        if (rc == kExitOk && save && report->added > 0) prepare_rules(db);
        return rc;
      },
      save ? OnMissing::kCreate : OnMissing::kRefuse);
}

int cmd_rule_list(const GlobalOptions& g) {
  return with_database(g, [&](storage::Database& db) {
    auto rules = storage::SubscriptionRepository(db).all();
    if (!rules) return report_error(rules.error());
    for (const auto& r : *rules) {
      std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\t{}\n", r.id, r.user_email, r.query,
                               storage::channel_name(r.channel), web::frequency_name(r),
                               web::state_name(r));
    }
    return kExitOk;
  });
}

int cmd_rule_remove(const GlobalOptions& g, std::int64_t rule_id) {
  return with_database(g, [&](storage::Database& db) {
    if (auto ok = storage::SubscriptionRepository(db).remove(rule_id); !ok) {
      const bool missing = ok.error().kind == ErrorKind::kInvalidInput;
      return report_error(missing ? Error::invalid(fmt::format("no rule {}", rule_id))
                                  : ok.error());
    }
    std::cout << fmt::format("rule {} removed\n", rule_id);
    return kExitOk;
  });
}

int cmd_rule_test(const GlobalOptions& g, const std::string& query, const std::string& since,
                  bool json) {
  return with_database(g, [&](storage::Database& db) {
    const auto q = checked_rule(db, query);
    if (!q) return kExitDataErr;
    rules::Analyzer analyzer;
    rules::RuleSet set;
    (void)set.add(1, *q, analyzer);  // checked_rule compiled it already
    rules::MatchContext ctx;
    nlohmann::json out = nlohmann::json::array();
    std::vector<std::int64_t> hit;
    auto ok = storage::ItemReader(db).scan(since, [&](const storage::StoredItemRecord& r) {
      hit.clear();
      set.match(r.item, {r.section, r.date}, ctx, hit);
      if (hit.empty()) return;
      if (json) {
        out.push_back(match_json(r));
      } else {
        std::cout << fmt::format("{}\t{}\t{}\t{}\n", r.item.gid, r.date, innermost_heading(r.item),
                                 r.item.speaker.name);
      }
    });
    if (!ok) return report_error(ok.error());
    if (json) std::cout << out.dump(2) << "\n";
    return kExitOk;
  });
}

int cmd_rule_like(const GlobalOptions& g, const std::string& item_id, const std::string& email,
                  bool follow, bool save) {
  return with_database(
      g,
      [&](storage::Database& db) {
        auto like = ingest::like_rule(db, item_id, follow);
        if (!like) return report_error(like.error());
        if (!follow) print_suggestion(like->suggestion, like->debate_items);
        std::cout << fmt::format("proposed rule: {}\n", like->rule);
        const auto q = checked_rule(db, like->rule);
        if (!q) return kExitSoftware;
        if (!save) {
          std::cout << "not saved: run again with --yes to save it\n";
          return kExitOk;
        }
        return save_rule(db, email, *q, true);
      },
      save ? OnMissing::kCreate : OnMissing::kRefuse);
}

int cmd_matches(const GlobalOptions& g, std::optional<std::int64_t> rule_id) {
  return with_database(g, [&](storage::Database& db) {
    auto matches = storage::MatchRepository(db).list(rule_id);
    if (!matches) return report_error(matches.error());
    for (const auto& m : *matches) {
      std::cout << fmt::format("rule {}\t{}\t{}\t{}\t{}\t{}\n", m.rule_id, m.date, m.gid, m.heading,
                               m.speaker_name, m.user_email);
    }
    return kExitOk;
  });
}

}  // namespace pw::cli
