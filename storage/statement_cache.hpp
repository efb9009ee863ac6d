#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

namespace pw::storage {

// One connection's idle prepared statements, by SQL text, so a statement run
// once a row (an insert per match, an update per outbox row) is compiled
// once. Bounded: past `capacity` distinct texts, returned statements are
// finalized. Not thread-safe; it belongs to its connection.
class StatementCache {
 public:
  explicit StatementCache(std::size_t capacity = 128) : capacity_(capacity) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  // Finalizes the idle statements; none may be out.
  ~StatementCache();

  // An idle statement prepared from exactly `sql`, now the caller's; null
  // when there is none.
  sqlite3_stmt* take(std::string_view sql);
  // Takes back a statement of this connection: reset, its bindings cleared,
  // kept for the next take() of its text or finalized.
  void give_back(sqlite3_stmt* stmt);

  std::size_t idle() const { return idle_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::size_t capacity_;
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> idle_;
};

}  // namespace pw::storage
