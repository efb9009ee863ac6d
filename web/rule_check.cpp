#include "web/rule_check.hpp"

#include <optional>

#include <fmt/format.h>

#include "rules/rule_set.hpp"
#include "storage/item_reader.hpp"
#include "web/speaker_names.hpp"

namespace pw::web {
namespace {

// The heading chain that names an item's debate (a heading names its own).
std::vector<std::string> debate_headings(const Item& item) {
  std::vector<std::string> chain = item.headings;
  if (is_heading(item.kind)) chain.push_back(item.text);
  return chain;
}

}  // namespace

Result<rules::CorpusStats> corpus_stats(storage::Database& db) {
  rules::Analyzer analyzer;
  rules::CorpusStats stats;
  auto ok = storage::ItemReader(db).scan(
      "", [&](const storage::StoredItemRecord& r) { stats.add(r.item.text, analyzer); });
  if (!ok) return fail(ok.error());
  return stats;
}

Result<rules::Query> check_rule(storage::Database& db, const std::string& text) {
  auto persons = storage::ItemReader(db).persons();
  if (!persons) return fail(persons.error());
  auto q = rules::parse_query(text, make_speaker_resolver(std::move(*persons)));
  if (!q) return fail(q.error());
  rules::Analyzer analyzer;
  rules::RuleSet set;
  if (auto ok = set.add(0, *q, analyzer); !ok) return fail(ok.error());
  return std::move(*q);
}

Result<LikeRule> like_rule(storage::Database& db, const std::string& item_id, bool follow,
                           const rules::CorpusStats* corpus) {
  storage::ItemReader reader(db);
  auto found = reader.find(item_id);
  if (!found) return fail(found.error());
  if (!*found) {
    return fail(Error::invalid(fmt::format(
        "no stored item {} (give a gid, or the id of a TheyWorkForYou link)", item_id)));
  }
  const auto chain = debate_headings((*found)->item);
  if (chain.empty()) {
    return fail(Error::invalid(
        fmt::format("item {} is under no heading: there is no debate to follow", item_id)));
  }
  LikeRule out;
  out.rule = rules::follow_rule(chain.back());
  if (follow) return out;
  auto debate = reader.debate((*found)->section, (*found)->date, chain);
  if (!debate) return fail(debate.error());
  std::optional<rules::CorpusStats> read;
  if (corpus == nullptr) {
    auto stats = corpus_stats(db);
    if (!stats) return fail(stats.error());
    corpus = &read.emplace(std::move(*stats));
  }
  std::vector<Item> items;
  for (auto& r : *debate) items.push_back(std::move(r.item));
  rules::Analyzer analyzer;
  out.suggestion = rules::suggest_like_rule(items, chain.back(), *corpus, analyzer);
  out.debate_items = items.size();
  out.rule = out.suggestion.rule;
  return out;
}

}  // namespace pw::web
