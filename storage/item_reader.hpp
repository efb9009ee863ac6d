#pragma once

#include <utility>

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

// A person found by name, with what the archive holds of them.
struct PersonSeen {
  Person person;           // id and name; party as last seen speaking ("" if never)
  std::string first_date;  // first sitting they spoke in, "" if none stored
  std::string last_date;   // last one
  std::int64_t items = 0;  // stored items they spoke
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

  // Calls `visit` for items of sittings on or after `since`, newest sitting
  // first (and within one, the last stored first), until it returns false.
  Status scan_newest_first(const std::string& since,
                           const std::function<bool(const StoredItemRecord&)>& visit);

  // The divisions of a sitting, in stored order, each with its number, counts
  // and votes (read back from the item's text and the votes table).
  Result<std::vector<StoredItemRecord>> divisions(Section section, const std::string& date);

  // Each section with stored items and its newest sitting date, in section
  // order.
  Result<std::vector<std::pair<Section, std::string>>> newest_sittings();

  // Persons seen as speakers, for resolving speaker names.
  Result<std::vector<Person>> persons();

  // Persons whose name contains `part` (case-insensitive for ASCII), at
  // most `limit`, by name: with the party they last spoke for and the
  // first and last sitting they spoke in, as stored.
  Result<std::vector<PersonSeen>> find_persons(const std::string& part, int limit);

 private:
  Database& db_;
};

}  // namespace pw::storage
