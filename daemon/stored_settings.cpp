#include "daemon/stored_settings.hpp"

#include <filesystem>

#include "deliver/webhook_signature.hpp"
#include "ingest/file_io.hpp"
#include "storage/settings_repository.hpp"
#include "storage/source_repository.hpp"

namespace pw {

Result<deliver::EmailSettings> email_settings(storage::Database& db, std::string from,
                                              std::string public_url,
                                              const std::string& secret_file) {
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  if (!secret_file.empty()) {
    PW_TRY_ASSIGN(auto secret, read_file(secret_file, 4096));
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) {
      secret.pop_back();
    }
    if (secret.size() < 16) {
      return fail(Error::invalid(secret_file + ": the token secret needs at least 16 characters"));
    }
    return deliver::EmailSettings{std::move(from), std::move(public_url), std::move(secret)};
  }
  PW_TRY_ASSIGN(auto fresh, deliver::random_base64(32));
  PW_TRY_ASSIGN(auto secret, storage::SettingsRepository(db).get_or_init("token_secret", fresh));
  return deliver::EmailSettings{std::move(from), std::move(public_url), secret};
}

Status record_delivery(storage::Database& db, const Config& config) {
  storage::SettingsRepository settings(db);
  const bool network = config.delivery.mode == DeliveryConfig::Mode::kNetwork;
  if (auto ok = settings.set("delivery_mode", network ? "network" : "local"); !ok) {
    return ok;
  }
  std::error_code ec;
  const auto dir = std::filesystem::absolute(config.outbox_dir, ec);
  return settings.set("outbox_dir", ec ? config.outbox_dir : dir.string());
}

Result<RecordedDelivery> recorded_delivery(storage::Database& db) {
  storage::SettingsRepository settings(db);
  PW_TRY_ASSIGN(auto mode, settings.get("delivery_mode"));
  PW_TRY_ASSIGN(auto dir, settings.get("outbox_dir"));
  return RecordedDelivery{mode == std::optional<std::string>("network"), dir.value_or("")};
}

}  // namespace pw
