#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/person.hpp"
#include "core/transcript.hpp"
#include "storage/database.hpp"

namespace pw::storage {

// A stored item with where it belongs.
struct StoredItemRecord {
  std::int64_t id = 0;
  Section section = Section::kDebates;
  std::string date;
  Item item;  // speaker, headings, text ... as stored (no division votes)
};

// Reads stored items back, for `rule test` and `rule like`. The Database
// must outlive it.
class ItemReader {
 public:
  explicit ItemReader(Database& db) : db_(db) {}

  // Finds an item by its gid ("uk.org.publicwhip/debate/2007-11-26a.1.4"),
  // its key, or the short id of a TheyWorkForYou link ("2007-11-26a.1.4").
  Result<std::optional<StoredItemRecord>> find(const std::string& id);

  // The item with this row id.
  Result<std::optional<StoredItemRecord>> by_id(std::int64_t id);

  // The items of the same sitting whose heading chain is `headings`, plus
  // the heading itself: one debate. In stored order.
  Result<std::vector<StoredItemRecord>> debate(Section section, const std::string& date,
                                               const std::vector<std::string>& headings);

  // Calls `visit` for every item of a sitting on or after `since`
  // (YYYY-MM-DD, "" for all), in date then id order.
  Status scan(const std::string& since, const std::function<void(const StoredItemRecord&)>& visit);

  // The divisions of a sitting, in stored order, each with its number, counts
  // and votes (read back from the item's text and the votes table).
  Result<std::vector<StoredItemRecord>> divisions(Section section, const std::string& date);

  // Persons seen as speakers, for resolving speaker names.
  Result<std::vector<Person>> persons();

 private:
  Database& db_;
};

}  // namespace pw::storage
