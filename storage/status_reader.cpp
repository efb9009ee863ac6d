#include "storage/status_reader.hpp"

#include "storage/source_repository.hpp"

namespace pw::storage {

Result<StoreSummary> summarise(Database& db) {
  PW_TRY_ASSIGN(auto snapshot, Transaction::begin_read(db));
  StoreSummary s;
  const std::pair<const char*, std::int64_t*> counts[] = {
      {"SELECT COUNT(*) FROM files", &s.files},
      {"SELECT COUNT(*) FROM items", &s.items},
      {"SELECT COUNT(*) FROM rules", &s.rules},
      {"SELECT COUNT(*) FROM matches", &s.matches}};
  for (const auto& [sql, out] : counts) {
    PW_TRY_ASSIGN(auto v, db.scalar(sql));
    *out = v;
  }
  auto states =
      collect_rows(db.query("SELECT state, COUNT(*) FROM outbox GROUP BY state"),
                   [](const Statement& st) { return std::pair(st.text(0), st.int64(1)); });
  if (!states) return fail(states.error());
  s.outbox.insert(states->begin(), states->end());
  PW_TRY_ASSIGN(
      auto subs,
      collect_rows(
          db.query("SELECT CASE WHEN confirmed_at IS NULL THEN 'unconfirmed'"
                   " WHEN suspended_at <> 0 THEN 'suspended' ELSE 'active' END AS state, COUNT(*)"
                   " FROM rules GROUP BY state"),
          [](const Statement& st) { return std::pair(st.text(0), st.int64(1)); }));
  s.subscriptions.insert(subs.begin(), subs.end());
  PW_TRY_ASSIGN(
      auto oldest,
      first_row(
          db.query(
              "SELECT id, created_at FROM outbox WHERE state IN ('pending', 'sending', 'retry')"
              " ORDER BY id LIMIT 1"),
          [](const Statement& st) { return std::pair(st.int64(0), st.int64(1)); }));
  if (oldest) std::tie(s.oldest_undelivered_id, s.oldest_undelivered_at) = *oldest;
  PW_TRY_ASSIGN(auto after,
                first_row(db.query("SELECT COUNT(*), COALESCE(MAX(date), '') FROM files"
                                   " WHERE past_people_data > 0"),
                          [](const Statement& st) { return std::pair(st.int64(0), st.text(1)); }));
  if (after) std::tie(s.files_after_members, s.newest_after_members) = *after;
  PW_TRY_ASSIGN(s.quarantined, SourceRepository(db).quarantined());
  return s;
}

}  // namespace pw::storage
