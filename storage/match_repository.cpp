#include "storage/match_repository.hpp"

#include <algorithm>
#include <string>
#include <tuple>

#include "storage/row_inserts.hpp"

namespace pw::storage {
namespace {

// Rows in one INSERT of add_all(): 6 parameters each, within SQLite's 999
// for old builds.
constexpr std::size_t kRowsPerInsert = 128;

// An INSERT of `rows` matches. OR IGNORE (a match stored already is kept,
// as ON CONFLICT DO NOTHING would): a statement of several rows that could
// stop half-way would keep a statement journal, written out for every page
// it touches; one that never stops keeps none.
std::string insert_matches(std::size_t rows) {
  return insert_of_rows(
      "INSERT OR IGNORE INTO matches (rule_id, item_id, file_id, created_at, outbox_id,"
      " digest_pending) VALUES ",
      "(?, ?, ?, ?, NULLIF(?, 0), ?)", rows);
}

void bind_match(Statement& s, int& index, const NewMatchRecord& m) {
  s.bind(index++, m.rule_id);
  s.bind(index++, m.item_id);
  s.bind(index++, m.file_id);
  s.bind(index++, m.created_at);
  s.bind(index++, m.outbox_id);
  s.bind(index++, std::int64_t{m.digest_pending ? 1 : 0});
}

}  // namespace

Result<bool> MatchRepository::insert_if_new(std::int64_t rule_id, std::int64_t item_id,
                                            std::int64_t file_id, std::int64_t now) {
  PW_TRY(
      db_.run("INSERT INTO matches (rule_id, item_id, file_id, created_at) VALUES (?1, ?2, ?3, ?4)"
              " ON CONFLICT (item_id, rule_id) DO NOTHING",
              rule_id, item_id, file_id, now));
  return db_.changes() != 0;
}

Status MatchRepository::add_all(std::vector<NewMatchRecord> matches) {
  std::sort(matches.begin(), matches.end(), [](const auto& a, const auto& b) {
    return std::tie(a.item_id, a.rule_id) < std::tie(b.item_id, b.rule_id);
  });
  static const std::string many = insert_matches(kRowsPerInsert);
  static const std::string one = insert_matches(1);
  return insert_rows(
      db_, matches.size(), kRowsPerInsert, many, one,
      [&matches](Statement& s, int& index, std::size_t i) { bind_match(s, index, matches[i]); });
}

Result<std::vector<std::int64_t>> MatchRepository::rules_matched(std::int64_t item_id) {
  return collect_rows(
      db_.query("SELECT rule_id FROM matches WHERE item_id = ?1 ORDER BY rule_id", item_id),
      [](const Statement& s) { return s.int64(0); });
}

Result<std::vector<MatchRecord>> MatchRepository::list(std::optional<std::int64_t> rule_id) {
  return collect_rows(
      db_.query("SELECT m.rule_id, r.query, u.email, i.id, i.gid, i.section, i.date,"
                " COALESCE(json_extract(i.headings, '$[#-1]'), ''),"
                " COALESCE(i.speaker_name, ''), COALESCE(m.outbox_id, 0)"
                " FROM matches m JOIN rules r ON r.id = m.rule_id"
                " JOIN users u ON u.id = r.user_id JOIN items i ON i.id = m.item_id"
                " WHERE ?1 IS NULL OR m.rule_id = ?1 ORDER BY m.created_at, m.item_id, m.rule_id",
                rule_id),
      [](const Statement& s) {
        return MatchRecord{s.int64(0), s.text(1), s.text(2), s.int64(3), s.text(4),
                           s.text(5),  s.text(6), s.text(7), s.text(8),  s.int64(9)};
      });
}

Result<std::vector<DigestMatch>> MatchRepository::held_for_digest() {
  return collect_rows(
      db_.query("SELECT m.rule_id, r.user_id, m.item_id FROM matches m"
                " JOIN rules r ON r.id = m.rule_id JOIN items i ON i.id = m.item_id"
                " WHERE m.digest_pending = 1 ORDER BY r.user_id, i.date, i.id, m.rule_id"),
      [](const Statement& s) {
        return DigestMatch{s.int64(0), s.int64(1), s.int64(2)};
      });
}

Status MatchRepository::release_digest(const std::vector<DigestMatch>& held,
                                       std::int64_t outbox_id) {
  auto s = db_.prepare(
      "UPDATE matches SET digest_pending = 0, outbox_id = NULLIF(?3, 0)"
      " WHERE rule_id = ?1 AND item_id = ?2");
  if (!s) return fail(s.error());
  for (const auto& m : held) {
    s->bind_all(m.rule_id, m.item_id, outbox_id);
    PW_TRY(s->run());
  }
  return {};
}

}  // namespace pw::storage
