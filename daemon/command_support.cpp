#include "daemon/command_support.hpp"

#include <spdlog/spdlog.h>

#include "daemon/exit_codes.hpp"
#include "daemon/file_io.hpp"
#include "deliver/webhook_signature.hpp"
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

Result<parse::Members> load_people(const std::vector<std::string>& files) {
  parse::Members members;
  for (const auto& path : files) {
    auto bytes = read_file(path, kMaxMembersBytes);
    if (!bytes) return fail(bytes.error());
    if (auto ok = parse::load_members_file(path, *bytes, members); !ok) return fail(ok.error());
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

std::optional<parse::Members> load_members(const GlobalOptions& g) {
  auto members = load_people(g.people);
  if (!members) {
    report_error(members.error());
    return std::nullopt;
  }
  return std::move(*members);
}

}  // namespace pw
