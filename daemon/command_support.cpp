#include "daemon/command_support.hpp"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "daemon/exit_codes.hpp"
#include "deliver/webhook_signature.hpp"
#include "ingest/file_io.hpp"
#include "storage/item_repository.hpp"
#include "storage/source_repository.hpp"

namespace pw {
namespace {

constexpr std::size_t kMaxMembersBytes = 256u << 20;  // people.json is ~20 MiB today

}  // namespace

int report_error(const Error& e) {
  spdlog::error("{}", e.message);
  return exit_code_for(e);
}

int check_database_path(const std::string& path, OnMissing missing) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return kExitOk;
  if (missing == OnMissing::kRefuse) {
    spdlog::error("no database at {}: give --db PATH (or --config FILE), or add a user first",
                  path);
    return kExitNoInput;
  }
  spdlog::info("creating a new database at {}", path);
  return kExitOk;
}

Result<deliver::EmailSettings> email_settings(storage::Database& db, std::string from,
                                              std::string public_url,
                                              const std::string& secret_file) {
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  if (!secret_file.empty()) {
    auto secret = read_file(secret_file, 4096);
    if (!secret) return fail(secret.error());
    while (!secret->empty() && (secret->back() == '\n' || secret->back() == '\r')) {
      secret->pop_back();
    }
    if (secret->size() < 16) {
      return fail(Error::invalid(secret_file + ": the token secret needs at least 16 characters"));
    }
    return deliver::EmailSettings{std::move(from), std::move(public_url), std::move(*secret)};
  }
  auto fresh = deliver::random_base64(32);
  if (!fresh) return fail(fresh.error());
  auto secret = storage::SourceRepository(db).setting_or_init("token_secret", *fresh);
  if (!secret) return fail(secret.error());
  return deliver::EmailSettings{std::move(from), std::move(public_url), *secret};
}

Status load_people_file(const std::string& path, parse::Members& members) {
  auto bytes = read_file(path, kMaxMembersBytes);
  if (!bytes) return fail(bytes.error());
  return parse::load_members_file(path, *bytes, members);
}

Result<parse::Members> load_people(const std::vector<std::string>& files) {
  parse::Members members;
  for (const auto& path : files) {
    if (auto ok = load_people_file(path, members); !ok) return fail(ok.error());
  }
  return members;
}

Status remember_persons(storage::Database& db, const parse::Members& members) {
  if (members.person_count() == 0) return {};
  auto tx = storage::Transaction::begin(db);
  if (!tx) return fail(tx.error());
  if (auto ok = storage::ItemRepository(db).upsert_persons(members.persons()); !ok) return ok;
  return tx->commit();
}

Status record_delivery(storage::Database& db, const Config& config) {
  storage::SourceRepository settings(db);
  const bool network = config.delivery.mode == DeliveryConfig::Mode::kNetwork;
  if (auto ok = settings.set_setting("delivery_mode", network ? "network" : "local"); !ok) {
    return ok;
  }
  std::error_code ec;
  const auto dir = std::filesystem::absolute(config.outbox_dir, ec);
  return settings.set_setting("outbox_dir", ec ? config.outbox_dir : dir.string());
}

Result<RecordedDelivery> recorded_delivery(storage::Database& db) {
  storage::SourceRepository settings(db);
  auto mode = settings.setting("delivery_mode");
  if (!mode) return fail(mode.error());
  auto dir = settings.setting("outbox_dir");
  if (!dir) return fail(dir.error());
  return RecordedDelivery{*mode == std::optional<std::string>("network"), dir->value_or("")};
}

std::optional<parse::Members> load_members(const GlobalOptions& g) {
  auto members = load_people(g.people);
  if (!members) {
    report_error(members.error());
    return std::nullopt;
  }
  return std::move(*members);
}

}  // namespace pw
