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
  auto existing = get(key);
  if (!existing) return fail(existing.error());
  if (*existing) return **existing;
  auto ok = db_.run("INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)", key, value);
  if (!ok) return fail(ok.error());
  auto stored = get(key);
  if (!stored) return fail(stored.error());
  return stored->value_or(value);
}

Status SettingsRepository::probe_write(std::int64_t now) {
  auto tx = Transaction::begin(db_);
  if (!tx) return fail(tx.error());
  if (auto ok = set("write_probe", std::to_string(now)); !ok) return ok;
  return tx->commit();
}

}  // namespace pw::storage
