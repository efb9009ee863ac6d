#pragma once

#include <vector>

#include "core/person.hpp"
#include "core/transcript.hpp"
#include "storage/database.hpp"

namespace pw::storage {

// What an upsert did to the stored item.
enum class UpsertState {
  kNew,        // first time this key is seen
  kUpdated,    // the key existed and its text, speaker or place changed
  kUnchanged,  // the key existed with the same content
};

struct StoredItem {
  std::int64_t id = 0;
  UpsertState state = UpsertState::kNew;
};

// Where an item comes from.
struct ItemOrigin {
  Section section = Section::kDebates;
  std::string date;
  std::int64_t file_id = 0;
  std::int64_t now = 0;  // unix seconds
};

// Items keyed by their version-independent key, redirects and persons.
// The Database must outlive it. Call inside a Transaction so an ingest is
// all or nothing.
class ItemRepository {
 public:
  explicit ItemRepository(Database& db) : db_(db) {}

  // Records a redirect and moves what was stored under the old key to the
  // new one: the item is re-keyed if the new key is not stored yet, or
  // merged into it (matches kept, never duplicated) if it is. A redirect to
  // the same key is ignored.
  Status apply_redirect(const Redirect& r);

  // Returns the key an item is stored under after following redirects.
  Result<std::string> resolve_key(const std::string& key);

  // Inserts the item or updates the stored one with the same (resolved)
  // key. Division votes are replaced with the item's.
  Result<StoredItem> upsert(const Item& item, const ItemOrigin& origin);

  // Records or renames persons.
  Status upsert_persons(const std::vector<Person>& persons);

 private:
  Result<std::optional<std::int64_t>> find_id(const std::string& key);
  Status replace_votes(std::int64_t item_id, const Item& item);
  Status merge_into(std::int64_t from, std::int64_t to);

  Database& db_;
};

}  // namespace pw::storage
