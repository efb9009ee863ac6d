#include "ingest/rule_check.hpp"

#include <optional>

#include <fmt/format.h>

#include "core/text.hpp"
#include "rules/rule_set.hpp"
#include "rules/speaker_names.hpp"
#include "storage/item_reader.hpp"

namespace pw::ingest {
namespace {

// The heading chain that names an item's debate (a heading names its own).
std::vector<std::string> debate_headings(const Item& item) {
  std::vector<std::string> chain = item.headings;
  if (is_heading(item.kind)) chain.push_back(item.text);
  return chain;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

template <typename F>
Status each_filter(const rules::QueryNode& n, rules::FilterKind kind, F check) {
  if (n.kind == rules::QueryNode::Kind::kFilter && n.filter == kind) {
    PW_TRY(check(n));
  }
  for (const auto& c : n.children) {
    PW_TRY(each_filter(c, kind, check));
  }
  return {};
}

// A speaker id no stored person has can never match; without any stored
// person there is nothing to check against yet.
Status check_speakers(storage::Database& db, const rules::Query& q) {
  std::optional<bool> any_person;
  return each_filter(q.root, rules::FilterKind::kSpeaker, [&](const rules::QueryNode& n) {
    if (!any_person) {
      auto persons =
          storage::first_int(db.query("SELECT COUNT(*) FROM (SELECT 1 FROM persons LIMIT 1)"));
      if (!persons) return Status(fail(persons.error()));
      any_person = *persons > 0;
    }
    if (!*any_person) return Status{};
    auto known = storage::first_int(db.query("SELECT COUNT(*) FROM persons WHERE id = ?1", n.text));
    if (!known) return Status(fail(known.error()));
    if (*known > 0) return Status{};
    const auto number = n.text.substr(n.text.rfind('/') + 1);
    return Status(fail(rules::query_error(
        q.text, n.column,
        fmt::format("no member has the person id {}: give speaker:\"Name\" to look one up",
                    number))));
  });
}

Status check_parties(storage::Database& db, const rules::Query& q) {
  return each_filter(q.root, rules::FilterKind::kParty, [&](const rules::QueryNode& n) -> Status {
    if (rules::is_known_party(n.text)) return {};
    auto seen =
        storage::collect_rows(db.query("SELECT DISTINCT party FROM items WHERE party IS NOT NULL"),
                              [](const storage::Statement& st) { return st.text(0); });
    if (!seen) return fail(seen.error());
    for (const auto& party : *seen) {
      if (rules::canonical_party(party) == n.text) return {};
    }
    return fail(rules::query_error(
        q.text, n.column,
        fmt::format("no party '{}': try Lab, Con, LDem, SNP, PC, DUP, SF, SDLP, UUP, Ind or XB{}",
                    n.text, seen->empty() ? "" : ", or one seen in speeches: " + join(*seen))));
  });
}

}  // namespace

Result<rules::CorpusStats> corpus_stats(storage::Database& db) {
  rules::Analyzer analyzer;
  rules::CorpusStats stats;
  PW_TRY(storage::ItemReader(db).scan(
      "", [&](const storage::StoredItemRecord& r) { stats.add(r.item.text, analyzer); }));
  return stats;
}

Result<rules::Query> check_rule(storage::Database& db, const std::string& text) {
  if (const auto at = control_at(text); at != std::string_view::npos) {
    return fail(rules::query_error(text, at, "control characters are not allowed in a rule"));
  }
  // Persons are read, and their names folded, only for a speaker:"Name".
  std::optional<rules::SpeakerResolver> by_name;
  std::optional<Error> read_failed;
  const auto resolve = [&](std::string_view name) -> Result<std::string> {
    if (!by_name) {
      auto persons = storage::ItemReader(db).persons();
      if (!persons) return fail(*(read_failed = persons.error()));
      by_name = make_speaker_resolver(std::move(*persons));
    }
    return (*by_name)(name);
  };
  auto q = rules::parse_query(text, resolve);
  if (read_failed) return fail(*read_failed);
  if (!q) return fail(q.error());
  PW_TRY(check_speakers(db, *q));
  PW_TRY(check_parties(db, *q));
  rules::Analyzer analyzer;
  rules::RuleSet set;
  PW_TRY(set.add(0, *q, analyzer));
  return std::move(*q);
}

Result<LikeRule> like_rule(storage::Database& db, const std::string& item_id, bool follow,
                           const rules::CorpusStats* corpus) {
  storage::ItemReader reader(db);
  PW_TRY_ASSIGN(auto found, reader.find(item_id));
  if (!found) {
    return fail(Error::invalid(fmt::format(
        "no stored item {} (give a gid, or the id of a TheyWorkForYou link)", item_id)));
  }
  const auto chain = debate_headings((found)->item);
  if (chain.empty()) {
    return fail(Error::invalid(
        fmt::format("item {} is under no heading: there is no debate to follow", item_id)));
  }
  LikeRule out;
  out.rule = rules::follow_rule(chain.back());
  if (follow) return out;
  PW_TRY_ASSIGN(auto debate, reader.debate((found)->section, (found)->date, chain));
  std::optional<rules::CorpusStats> read;
  if (corpus == nullptr) {
    PW_TRY_ASSIGN(auto stats, corpus_stats(db));
    corpus = &read.emplace(std::move(stats));
  }
  std::vector<Item> items;
  for (auto& r : debate) items.push_back(std::move(r.item));
  rules::Analyzer analyzer;
  out.suggestion = rules::suggest_like_rule(items, chain.back(), *corpus, analyzer);
  out.debate_items = items.size();
  out.rule = out.suggestion.rule;
  return out;
}

}  // namespace pw::ingest
