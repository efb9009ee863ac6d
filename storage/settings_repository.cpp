#include "storage/settings_repository.hpp"

namespace pw::storage {

Result<std::optional<std::string>> SettingsRepository::get(const std::string& key) {
  return first_row(db_.query("SELECT value FROM settings WHERE key = ?1", key),
                   [](const Statement& s) { return s.text(0); });
}

Status SettingsRepository::set(const std::string& key, const std::string& value) {
  return db_.run(
      "INSERT INTO settings (key, value) VALUES (?1, ?2)"
      " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key, value);
}

Result<std::string> SettingsRepository::get_or_init(const std::string& key,
                                                    const std::string& value) {
  PW_TRY_ASSIGN(auto existing, get(key));
  if (existing) return *existing;
  PW_TRY(db_.run("INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)", key, value));
  PW_TRY_ASSIGN(auto stored, get(key));
  return stored.value_or(value);
}

Status SettingsRepository::probe_write(std::int64_t now) {
  PW_TRY_ASSIGN(auto tx, Transaction::begin(db_));
  PW_TRY(set("write_probe", std::to_string(now)));
  return tx.commit();
}

}  // namespace pw::storage
