#include "storage/database.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "storage/migrations.hpp"

namespace pw::storage {
namespace {

constexpr int kBusyTimeoutMs =
    5000;  // other writers (CLI while the daemon runs) hold locks briefly

bool is_transient(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_READONLY:
      return true;
    default:
      return false;
  }
}

}  // namespace

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  std::string msg = fmt::format("{}: {}", what, sqlite3_errstr(rc));
  if (db != nullptr && sqlite3_errcode(db) == rc)
    msg = fmt::format("{}: {}", what, sqlite3_errmsg(db));
  return is_transient(rc) ? Error::transient(std::move(msg)) : Error::permanent(std::move(msg));
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_.get(), index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT,
                      SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind(int index, std::nullptr_t) {
  sqlite3_bind_null(stmt_.get(), index);
  return *this;
}

Statement& Statement::bind(int index, Nullable value) {
  return value.value.empty() ? bind(index, nullptr) : bind(index, value.value);
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const char* sql = sqlite3_sql(stmt_.get());
  Error e = sqlite_error(db_, rc, "database");
  e.message += fmt::format(" (in: {:.60})", sql ? sql : "?");
  return fail(std::move(e));
}

Status Statement::run() {
  Result<bool> more = true;
  while (more && *more) more = step();
  sqlite3_reset(stmt_.get());  // ready to bind and run again
  if (!more) return fail(more.error());
  return {};
}

std::string Statement::text(int col) const {
  return std::string(text_view(col));
}

std::string_view Statement::text_view(int col) const {
  const auto* p = sqlite3_column_text(stmt_.get(), col);
  if (p == nullptr) return {};
  return {reinterpret_cast<const char*>(p),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), col))};
}

Result<Database> Database::open(const std::string& path) {
  return open_at(path, kSchemaVersion);
}

Result<Database> Database::open_at(const std::string& path, int schema_version) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  const bool fresh = !std::filesystem::exists(path, ec);
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(raw);  // owns the handle even when open failed
  if (rc != SQLITE_OK) return fail(sqlite_error(raw, rc, fmt::format("cannot open {}", path)));
  const bool new_file = fresh && path != ":memory:";
  if (new_file) {  // it holds the link secret and every address
    std::filesystem::permissions(
        path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  }
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  sqlite3_extended_result_codes(raw, 1);
  const char* file = sqlite3_db_filename(raw, "main");
  db.gate_ = WriteGate::for_file(file != nullptr ? file : "");
  // A new file's page size is fixed by its first write (journal_mode=WAL's).
  const std::string page_size = new_file ? fmt::format("PRAGMA page_size={};", kPageSize) : "";
  auto ok = db.exec(page_size + fmt::format("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                            " PRAGMA foreign_keys=ON; PRAGMA cache_size=-{};",
                                            kDefaultCacheKiB));
  if (!ok) return fail(ok.error().with_context(path));
  if (auto m = migrate(db, schema_version); !m) return fail(m.error().with_context(path));
  return db;
}

Status Database::exec(std::string_view sql) {
  const std::string s(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_.get(), s.c_str(), nullptr, nullptr, &err);
  std::unique_ptr<char, decltype(&sqlite3_free)> owner(err, &sqlite3_free);
  if (rc != SQLITE_OK) return fail(sqlite_error(db_.get(), rc, "database"));
  return {};
}

Status Database::set_cache_kib(int kib) {
  return exec(fmt::format("PRAGMA cache_size=-{}", kib));
}

Result<Statement> Database::prepare(std::string_view sql) {
  if (sqlite3_stmt* idle = statements_->take(sql))
    return Statement(db_.get(), idle, statements_.get());
  sqlite3_stmt* raw = nullptr;
  const int rc =
      sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
  Statement s(db_.get(), raw, statements_.get());
  if (rc != SQLITE_OK) return fail(sqlite_error(db_.get(), rc, fmt::format("prepare {:.60}", sql)));
  return s;
}

std::string json_array_of(const std::vector<std::int64_t>& ids) {
  return fmt::format("[{}]", fmt::join(ids, ","));
}

Result<std::int64_t> Database::scalar(std::string_view sql) {
  PW_TRY_ASSIGN(auto s, prepare(sql));
  PW_TRY_ASSIGN(auto row, s.step());
  return row ? s.int64(0) : 0;
}

Status Database::check_integrity() {
  auto rows =
      collect_rows(query("PRAGMA quick_check(5)"), [](const Statement& s) { return s.text(0); });
  if (!rows && rows.error().kind == ErrorKind::kTransient) return fail(rows.error());
  if (rows && rows->size() == 1 && rows->front() == "ok") return {};
  std::string problems;
  if (!rows) problems = "\n  " + rows.error().message;
  for (const auto& r : rows ? *rows : std::vector<std::string>{}) problems += "\n  " + r;
  return fail(Error::permanent("the database is damaged (PRAGMA quick_check):" + problems +
                               "\nrestore a backup, or recover it with sqlite3's .recover"));
}

bool Database::in_transaction() const {
  return sqlite3_get_autocommit(handle()) == 0;
}

Result<Transaction> Transaction::begin_nested(Database& db) {
  PW_TRY(db.exec("SAVEPOINT pw_nested"));
  return Transaction(db, nullptr, true);
}

Result<Transaction> Transaction::begin(Database& db) {
  if (db.in_transaction()) return begin_nested(db);
  auto* gate = db.write_gate();
  if (gate != nullptr && !gate->acquire(std::chrono::milliseconds(kBusyTimeoutMs))) {
    return fail(Error::transient(
        fmt::format("database is busy: other writers of this process held it for {} s",
                    kBusyTimeoutMs / 1000)));
  }
  if (auto ok = db.exec("BEGIN IMMEDIATE"); !ok) {
    if (gate != nullptr) gate->release();
    return fail(ok.error());
  }
  return Transaction(db, gate);
}

Result<Transaction> Transaction::begin_read(Database& db) {
  if (db.in_transaction()) return begin_nested(db);
  PW_TRY(db.exec("BEGIN DEFERRED"));
  return Transaction(db, nullptr);
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_), gate_(other.gate_), nested_(other.nested_) {
  other.db_ = nullptr;
  other.gate_ = nullptr;
}

Transaction::~Transaction() {
  if (db_ != nullptr) {
    (void)db_->exec(nested_ ? "ROLLBACK TO pw_nested; RELEASE pw_nested" : "ROLLBACK");
  }
  finish();
}

void Transaction::finish() {
  db_ = nullptr;
  if (gate_ != nullptr) gate_->release();
  gate_ = nullptr;
}

Status Transaction::commit() {
  if (db_ == nullptr) return fail(Error::permanent("transaction already finished"));
  if (nested_) {
    auto ok = db_->exec("RELEASE pw_nested");
    if (!ok) (void)db_->exec("ROLLBACK TO pw_nested; RELEASE pw_nested");
    finish();
    return ok;
  }
  auto ok = db_->exec("COMMIT");
  if (!ok) (void)db_->exec("ROLLBACK");
  finish();
  return ok;
}

}  // namespace pw::storage
