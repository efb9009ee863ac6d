#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "daemon/command_support.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/speaker_names.hpp"
#include "rules/like.hpp"
#include "rules/rule_set.hpp"
#include "storage/item_reader.hpp"
#include "storage/user_repository.hpp"

namespace pw {
namespace {

// Parses and compiles a rule the way the ingester will; logs the error.
std::optional<rules::Query> checked_rule(storage::Database& db, const std::string& text) {
  auto persons = storage::ItemReader(db).persons();
  if (!persons) {
    report_error(persons.error());
    return std::nullopt;
  }
  auto q = rules::parse_query(text, make_speaker_resolver(std::move(*persons)));
  Status compiled = q ? Status() : Status(fail(q.error()));
  if (q) {
    rules::Analyzer analyzer;
    rules::RuleSet set;
    compiled = set.add(0, *q, analyzer);
  }
  if (!compiled) {
    spdlog::error("bad rule: {}", compiled.error().message);
    return std::nullopt;
  }
  return std::move(*q);
}

int save_rule(storage::Database& db, const std::string& email, const rules::Query& q) {
  storage::UserRepository users(db);
  auto user = users.find_user(email);
  if (!user) return report_error(user.error());
  if (!*user) {
    spdlog::error("no user {} (add one with: parlwatch user add {})", email, email);
    return kExitDataErr;
  }
  auto id = users.add_rule((*user)->id, q.text, unix_seconds(SystemClock().now()));
  if (!id) return report_error(id.error());
  std::cout << fmt::format("rule {} added for {}: {}\n", *id, email, q.text);
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

// The heading chain that names an item's debate (a heading names its own).
std::vector<std::string> debate_headings(const Item& item) {
  std::vector<std::string> chain = item.headings;
  if (is_heading(item.kind)) chain.push_back(item.text);
  return chain;
}

Result<rules::CorpusStats> corpus_stats(storage::ItemReader& reader, rules::Analyzer& analyzer) {
  rules::CorpusStats stats;
  auto ok = reader.scan(
      "", [&](const storage::StoredItemRecord& r) { stats.add(r.item.text, analyzer); });
  if (!ok) return fail(ok.error());
  return stats;
}

void print_suggestion(const rules::LikeSuggestion& s, std::size_t debate_items) {
  std::cout << fmt::format("debate: {} ({} items)\ndistinctive words:\n", s.heading, debate_items);
  for (const auto& t : s.terms) {
    std::cout << fmt::format("  {:<20} {:>3} times  score {:.1f}\n", t.word, t.count, t.score);
  }
}

}  // namespace

int cmd_rule_add(const GlobalOptions& g, const std::string& email, const std::string& query) {
  return with_database(g, [&](storage::Database& db) {
    const auto q = checked_rule(db, query);
    return q ? save_rule(db, email, *q) : kExitDataErr;
  });
}

int cmd_rule_list(const GlobalOptions& g) {
  return with_database(g, [&](storage::Database& db) {
    auto rules = storage::UserRepository(db).rules();
    if (!rules) return report_error(rules.error());
    for (const auto& r : *rules)
      std::cout << fmt::format("{}\t{}\t{}\n", r.id, r.user_email, r.query);
    return kExitOk;
  });
}

int cmd_rule_remove(const GlobalOptions& g, std::int64_t rule_id) {
  return with_database(g, [&](storage::Database& db) {
    if (auto ok = storage::UserRepository(db).remove_rule(rule_id); !ok) {
      return report_error(ok.error());
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
      set.match(r.item, r.section, ctx, hit);
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
  return with_database(g, [&](storage::Database& db) {
    storage::ItemReader reader(db);
    auto found = reader.find(item_id);
    if (!found) return report_error(found.error());
    if (!*found) {
      spdlog::error("no stored item {} (give a gid, or the id of a TheyWorkForYou link)", item_id);
      return kExitDataErr;
    }
    const auto chain = debate_headings((*found)->item);
    if (chain.empty()) {
      spdlog::error("item {} is under no heading: there is no debate to follow", item_id);
      return kExitDataErr;
    }
    std::string rule = rules::follow_rule(chain.back());
    if (!follow) {
      auto debate = reader.debate((*found)->section, (*found)->date, chain);
      if (!debate) return report_error(debate.error());
      rules::Analyzer analyzer;
      auto corpus = corpus_stats(reader, analyzer);
      if (!corpus) return report_error(corpus.error());
      std::vector<Item> items;
      for (auto& r : *debate) items.push_back(std::move(r.item));
      const auto s = rules::suggest_like_rule(items, chain.back(), *corpus, analyzer);
      print_suggestion(s, items.size());
      rule = s.rule;
    }
    std::cout << fmt::format("proposed rule: {}\n", rule);
    const auto q = checked_rule(db, rule);
    if (!q) return kExitSoftware;
    if (!save) {
      std::cout << "not saved: run again with --yes to save it\n";
      return kExitOk;
    }
    return save_rule(db, email, *q);
  });
}

}  // namespace pw
