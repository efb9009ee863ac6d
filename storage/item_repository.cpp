#include "storage/item_repository.hpp"

#include <nlohmann/json.hpp>

namespace pw::storage {
namespace {

constexpr int kMaxRedirectHops = 32;  // real chains are a handful of versions long

std::string headings_json(const Item& item) {
  return nlohmann::json(item.headings).dump();
}

}  // namespace

Result<std::optional<std::int64_t>> ItemRepository::find_id(const std::string& key) {
  return first_row(db_.query("SELECT id FROM items WHERE key = ?1", key),
                   [](const Statement& s) { return s.int64(0); });
}

Result<std::string> ItemRepository::resolve_key(const std::string& key) {
  std::string current = key;
  for (int hop = 0; hop < kMaxRedirectHops; ++hop) {
    PW_TRY_ASSIGN(auto next,
                  first_row(db_.query("SELECT new_key FROM redirects WHERE old_key = ?1", current),
                            [](const Statement& s) { return s.text(0); }));
    if (!next || *next == current) break;
    current = *next;
  }
  return current;
}

Status ItemRepository::merge_into(std::int64_t from, std::int64_t to) {
  if (auto ok = db_.run("UPDATE OR IGNORE matches SET item_id = ?2 WHERE item_id = ?1", from, to);
      !ok) {
    return ok;
  }
  PW_TRY(db_.run("DELETE FROM matches WHERE item_id = ?1", from));
  return db_.run("DELETE FROM items WHERE id = ?1", from);
}

Status ItemRepository::apply_redirect(const Redirect& r) {
  if (r.old_key == r.new_key || r.old_key.empty() || r.new_key.empty()) return {};
  auto ok = db_.run(
      "INSERT INTO redirects (old_key, new_key, match_type) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (old_key) DO UPDATE SET new_key = excluded.new_key,"
      " match_type = excluded.match_type",
      r.old_key, r.new_key, r.match_type);
  if (!ok) return ok;
  PW_TRY_ASSIGN(auto target, resolve_key(r.new_key));
  PW_TRY_ASSIGN(auto old_id, find_id(r.old_key));
  if (!old_id) return {};
  PW_TRY_ASSIGN(auto new_id, find_id(target));
  if (new_id) return merge_into(*old_id, *new_id);
  return db_.run("UPDATE items SET key = ?2 WHERE id = ?1", *old_id, target);
}

Status ItemRepository::replace_votes(std::int64_t item_id, const Item& item) {
  PW_TRY(db_.run("DELETE FROM votes WHERE item_id = ?1", item_id));
  if (!item.division) return {};
  PW_TRY_ASSIGN(auto s,
                db_.prepare("INSERT INTO votes (item_id, member_id, person_id, name, vote, teller,"
                            " proxy) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  for (const auto& v : item.division->votes) {
    s.bind_all(item_id, v.member_id, Nullable{v.person_id}, v.name, v.vote,
               std::int64_t{v.teller ? 1 : 0}, v.proxy);
    PW_TRY(s.run());
  }
  return {};
}

Result<StoredItem> ItemRepository::upsert(const Item& item, const ItemOrigin& origin) {
  PW_TRY_ASSIGN(auto key, resolve_key(item.key));
  PW_TRY_ASSIGN(auto existing, find_id(key));
  const std::string headings = headings_json(item);
  const auto& sp = item.speaker;
  StoredItem stored;
  if (!existing) {
    PW_TRY(db_.run(
        "INSERT INTO items (key, gid, section, date, kind, headings, member_id, person_id,"
        " speaker_name, speaker_office, party, time, colnum, url, text, file_id, updated_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        key, item.gid, section_name(origin.section), origin.date, item_kind_name(item.kind),
        headings, Nullable{sp.member_id}, Nullable{sp.person_id}, Nullable{sp.name},
        Nullable{sp.office}, Nullable{sp.party}, Nullable{item.time}, std::int64_t{item.column},
        item.url, item.text, origin.file_id, origin.now));
    stored = {db_.last_insert_id(), UpsertState::kNew};
  } else {
    // Only a real change counts as an update; the same text re-issued does not.
    PW_TRY(
        db_.run("UPDATE items SET gid = ?2, headings = ?3, member_id = ?4, person_id = ?5,"
                " speaker_name = ?6, speaker_office = ?7, party = ?8, time = ?9, colnum = ?10,"
                " url = ?11, text = ?12, file_id = ?13, updated_at = ?14, kind = ?15"
                " WHERE id = ?1 AND (text IS NOT ?12 OR headings IS NOT ?3 OR person_id IS NOT ?5"
                " OR member_id IS NOT ?4 OR speaker_name IS NOT ?6 OR time IS NOT ?9"
                " OR colnum IS NOT ?10 OR kind IS NOT ?15)",
                *existing, item.gid, headings, Nullable{sp.member_id}, Nullable{sp.person_id},
                Nullable{sp.name}, Nullable{sp.office}, Nullable{sp.party}, Nullable{item.time},
                std::int64_t{item.column}, item.url, item.text, origin.file_id, origin.now,
                item_kind_name(item.kind)));
    stored = {*existing, db_.changes() > 0 ? UpsertState::kUpdated : UpsertState::kUnchanged};
    if (stored.state == UpsertState::kUnchanged) return stored;
  }
  PW_TRY(replace_votes(stored.id, item));
  return stored;
}

Status ItemRepository::upsert_persons(const std::vector<Person>& persons) {
  PW_TRY_ASSIGN(
      auto s,
      db_.prepare(
          "INSERT INTO persons (id, name) VALUES (?1, ?2)"
          " ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE name IS NOT excluded.name"));
  for (const auto& p : persons) {
    s.bind_all(p.id, p.name);
    PW_TRY(s.run());
  }
  return {};
}

}  // namespace pw::storage
