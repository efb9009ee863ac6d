#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include "core/result.hpp"
#include "storage/statement_cache.hpp"
#include "storage/write_gate.hpp"

namespace pw::storage {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
// Hands a statement back to its connection's cache (finalizes it when
// there is none).
struct StatementReturn {
  StatementCache* cache = nullptr;
  void operator()(sqlite3_stmt* s) const {
    if (cache != nullptr) {
      cache->give_back(s);
    } else {
      sqlite3_finalize(s);
    }
  }
};

// A string bound as NULL when empty (optional columns).
struct Nullable {
  std::string_view value;
};

// A prepared statement. Binds are 1-based like SQLite's. Move-only; the
// Database it came from must outlive it, and gets it back (reset, unbound)
// when it is destroyed. Not thread-safe.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt, StatementCache* cache = nullptr)
      : db_(db), stmt_(stmt, StatementReturn{cache}) {}

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::nullptr_t);
  Statement& bind(int index, Nullable value);
  // Binds the value, or NULL when empty.
  Statement& bind(int index, std::optional<std::int64_t> value) {
    return value ? bind(index, *value) : bind(index, nullptr);
  }

  // Binds `args` to parameters 1, 2, ... in order.
  template <typename... Args>
  Statement& bind_all(const Args&... args) {
    int index = 1;
    (bind(index++, args), ...);
    return *this;
  }

  // Runs one step. Returns true when a row is available, false when done,
  // or an error (transient for SQLITE_BUSY/LOCKED/FULL/IOERR, else permanent).
  Result<bool> step();
  // Runs to completion, ignoring rows.
  Status run();

  std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_.get(), col); }
  std::string text(int col) const;
  // The text of column `col` without a copy: valid until the next step().
  std::string_view text_view(int col) const;
  bool is_null(int col) const { return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL; }

 private:
  sqlite3* db_;  // not owned
  std::unique_ptr<sqlite3_stmt, StatementReturn> stmt_;
};

// An open SQLite database with parlwatch's settings: WAL journal,
// synchronous=FULL (NORMAL could lose the last commits on power loss, which
// here means a lost or repeated alert), foreign keys on, a busy timeout, a
// page cache of up to kDefaultCacheKiB.
// One connection; use it from one thread at a time. Connections of this
// process to the same file take turns at writing in the order they asked
// (see WriteGate).
class Database {
 public:
  // SQLite's page cache per connection, in KiB: SQLite's own default.
  static constexpr int kDefaultCacheKiB = 2000;
  // For big writes: an ingest with many rules touches the matches index all
  // over, and with the default a third of its time went to re-reading pages.
  static constexpr int kLargeCacheKiB = 32 * 1024;
  // The page size of a new database file, in bytes. Alert messages (a few
  // KiB each) are most of what an ingest writes: with SQLite's default of
  // 4 KiB nearly every one took a page of its own, and a day's ingest with
  // 100k rules took a seventh more CPU. Not more: every commit writes whole
  // pages, and sign-ups slowed with 16 KiB. Existing files keep theirs.
  static constexpr int kPageSize = 8 * 1024;
  // Opens (creating if needed) the database at `path` and its parent
  // directory, applies the settings and migrates the schema to the current
  // version. A new file is readable and writable by its owner only (it
  // holds addresses and the links' secret; SQLite gives its journal files
  // the same mode). Refuses a database whose schema is newer than this binary.
  static Result<Database> open(const std::string& path);
  // The same, migrating only up to `schema_version`: for migration tests.
  static Result<Database> open_at(const std::string& path, int schema_version);

  // Sets the page cache's limit; lowering it frees cached pages.
  Status set_cache_kib(int kib);

  // Runs one or more statements without results.
  Status exec(std::string_view sql);
  // Prepares one statement, or reuses the one prepared from the same text
  // before if it is idle. A bad statement is a bug: permanent error.
  Result<Statement> prepare(std::string_view sql);

  // Prepares `sql`, binds `args` in order and runs it to completion.
  template <typename... Args>
  Status run(std::string_view sql, const Args&... args) {
    PW_TRY_ASSIGN(auto s, prepare(sql));
    s.bind_all(args...);
    return s.run();
  }

  // Prepares `sql` and binds `args`; step() the result for rows.
  template <typename... Args>
  Result<Statement> query(std::string_view sql, const Args&... args) {
    auto s = prepare(sql);
    if (s) s->bind_all(args...);
    return s;
  }

  // Runs a query expected to return one integer (e.g. COUNT); 0 if no row.
  Result<std::int64_t> scalar(std::string_view sql);

  // Runs PRAGMA quick_check. A permanent error listing the first problems
  // if the file is damaged (restore a backup); ok otherwise.
  Status check_integrity();

  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }
  int changes() const { return sqlite3_changes(db_.get()); }
  sqlite3* handle() const { return db_.get(); }
  // The turns at writing this connection shares with the others of this
  // process to the same file. Null only in a moved-from Database.
  WriteGate* write_gate() const { return gate_.get(); }
  // True inside a transaction (BEGIN ... or a savepoint) on this connection.
  bool in_transaction() const;

 private:
  explicit Database(sqlite3* db) : db_(db), statements_(std::make_unique<StatementCache>()) {}
  std::unique_ptr<sqlite3, SqliteCloser> db_;
  std::unique_ptr<StatementCache> statements_;  // finalized before the connection closes
  std::shared_ptr<WriteGate> gate_;
};

// `ids` as a JSON array ("[1,2,3]"), for one statement to take many keys
// through json_each(?).
std::string json_array_of(const std::vector<std::int64_t>& ids);

// Turns an SQLite result code into an Error: busy, locked, full, I/O and
// similar are transient; everything else permanent.
Error sqlite_error(sqlite3* db, int rc, std::string_view what);

// Steps a query to its end, calling visit(statement) for every row.
template <typename F>
Status for_each_row(Result<Statement> s, F visit) {
  if (!s) return fail(s.error());
  for (;;) {
    PW_TRY_ASSIGN(auto row, s->step());
    if (!row) return {};
    visit(*s);
  }
}

// Steps a query to its end and returns read(statement) for every row.
template <typename F>
auto collect_rows(Result<Statement> s, F read) -> Result<std::vector<decltype(read(*s))>> {
  std::vector<decltype(read(*s))> out;
  PW_TRY(for_each_row(std::move(s), [&](const Statement& row) { out.push_back(read(row)); }));
  return out;
}

// Returns read(statement) for the first row of a query, or nullopt if none.
template <typename F>
auto first_row(Result<Statement> s, F read) -> Result<std::optional<decltype(read(*s))>> {
  using T = decltype(read(*s));
  if (!s) return fail(s.error());
  PW_TRY_ASSIGN(auto row, s->step());
  if (!row) return std::optional<T>();
  return std::optional<T>(read(*s));
}

// The integer in the first column of a query's first row (a COUNT), or 0
// if there is no row.
inline Result<std::int64_t> first_int(Result<Statement> s) {
  return first_row(std::move(s), [](const Statement& st) { return st.int64(0); })
      .map([](const std::optional<std::int64_t>& v) { return v.value_or(0); });
}

// BEGIN IMMEDIATE ... COMMIT. Rolls back in the destructor unless commit()
// succeeded, so an early return or an exception leaves the old state.
class Transaction {
 public:
  // Waits for this process's earlier writers to the file (first come,
  // first served), then for other processes' (SQLite's busy timeout), and
  // begins. A transient error when either wait ran out. Inside a
  // transaction already open on `db`, begins a savepoint instead: its
  // commit keeps its changes for the outer transaction's commit, and
  // dropping it uncommitted undoes only its own (so several requests can
  // share one commit, each failing alone).
  static Result<Transaction> begin(Database& db);
  // BEGIN (deferred), for reads only: one consistent snapshot of the WAL
  // database that takes no write lock, so it never waits for a writer.
  // A savepoint inside an open transaction, as for begin().
  static Result<Transaction> begin_read(Database& db);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  // Commits. After a failed commit the transaction is rolled back.
  Status commit();

 private:
  Transaction(Database& db, WriteGate* gate, bool nested = false)
      : db_(&db), gate_(gate), nested_(nested) {}
  static Result<Transaction> begin_nested(Database& db);
  void finish();
  Database* db_;     // null once committed, rolled back or moved from
  WriteGate* gate_;  // held until finished; null for a read or a savepoint
  bool nested_;      // a savepoint inside another transaction
};

}  // namespace pw::storage
