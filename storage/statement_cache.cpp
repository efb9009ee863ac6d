#include "storage/statement_cache.hpp"

namespace pw::storage {

StatementCache::~StatementCache() {
  for (const auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
}

sqlite3_stmt* StatementCache::take(std::string_view sql) {
  const auto it = idle_.find(sql);
  if (it == idle_.end()) return nullptr;
  sqlite3_stmt* stmt = it->second;
  idle_.erase(it);
  return stmt;
}

void StatementCache::give_back(sqlite3_stmt* stmt) {
  if (stmt == nullptr) return;
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  const char* sql = sqlite3_sql(stmt);
  if (sql == nullptr || idle_.size() >= capacity_ || !idle_.try_emplace(sql, stmt).second) {
    sqlite3_finalize(stmt);
  }
}

}  // namespace pw::storage
