#include "daemon/people.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "deliver/local_sink.hpp"
#include "ingest/file_io.hpp"
#include "storage/item_repository.hpp"
#include "storage/settings_repository.hpp"
#include "storage/source_repository.hpp"

namespace pw {
namespace {

constexpr std::size_t kMaxMembersBytes = 256u << 20;  // people.json is ~20 MiB today

}  // namespace

Result<PeopleFetch> fetch_people_file(const HttpGet& get, const std::string& url,
                                      const std::string& path, const PeopleValidators& known) {
  std::error_code ec;
  const bool have_copy = std::filesystem::exists(path, ec);
  sources::HttpRequest request{url, have_copy ? known.etag : "",
                               have_copy ? known.last_modified : ""};
  auto response = get(request);
  if (!response) return fail(response.error().with_context("members data " + url));
  if (response->status == 304) return PeopleFetch{false, known};
  if (response->status >= 500 || response->status == 429) {
    return fail(Error::transient(fmt::format("members data {}: HTTP {}", url, response->status)));
  }
  if (response->status != 200) {
    return fail(Error::invalid(fmt::format("members data {}: HTTP {}", url, response->status)));
  }
  parse::Members check;
  if (auto ok = parse::load_members_file(url, response->body, check); !ok) {
    return fail(ok.error().with_context("members data not replaced"));
  }
  const std::filesystem::path target(path);
  const auto folder = target.has_parent_path() ? target.parent_path() : ".";
  if (auto ok = deliver::write_atomically(folder, target, response->body); !ok) {
    return fail(ok.error());
  }
  return PeopleFetch{true, PeopleValidators{response->etag, response->last_modified}};
}

PeopleLoad load_daemon_people(const Config& config) {
  PeopleLoad out;
  for (const auto& file : config.people_files) {
    if (auto ok = load_people_file(file, out.members); !ok) {
      out.problems.push_back(ok.error().message);
    }
  }
  if (!config.people_url.empty()) {
    std::error_code ec;
    if (!std::filesystem::exists(config.people_copy(), ec)) {
      out.problems.push_back("members data not fetched yet from " + config.people_url);
    } else if (auto ok = load_people_file(config.people_copy(), out.members); !ok) {
      out.problems.push_back(ok.error().message);
    }
  }
  if (config.people_files.empty() && config.people_url.empty()) {
    out.problems.push_back(
        "no members data configured ([people] url or files): speakers stay unresolved");
  }
  return out;
}

Status record_people(storage::Database& db, const parse::Members& members,
                     const std::vector<std::string>& problems) {
  std::string text;
  for (const auto& p : problems) text += (text.empty() ? "" : "; ") + p;
  storage::SettingsRepository settings(db);
  if (auto ok = settings.set("people_persons", std::to_string(members.person_count())); !ok) {
    return ok;
  }
  PW_TRY(settings.set("people_problems", text));
  PW_TRY(settings.set("people_data_ends", members.data_ends()));
  return remember_persons(db, members);
}

Result<PeopleValidators> stored_people_validators(storage::Database& db) {
  storage::SettingsRepository settings(db);
  PW_TRY_ASSIGN(auto etag, settings.get("people_etag"));
  PW_TRY_ASSIGN(auto modified, settings.get("people_last_modified"));
  return PeopleValidators{etag.value_or(""), modified.value_or("")};
}

Status store_people_validators(storage::Database& db, const PeopleValidators& v) {
  storage::SettingsRepository settings(db);
  PW_TRY(settings.set("people_etag", v.etag));
  return settings.set("people_last_modified", v.last_modified);
}

Status load_people_file(const std::string& path, parse::Members& members) {
  PW_TRY_ASSIGN(auto bytes, read_file(path, kMaxMembersBytes));
  return parse::load_members_file(path, bytes, members);
}

Result<parse::Members> load_people(const std::vector<std::string>& files) {
  parse::Members members;
  for (const auto& path : files) {
    PW_TRY(load_people_file(path, members));
  }
  return members;
}

Status remember_persons(storage::Database& db, const parse::Members& members) {
  if (members.person_count() == 0) return {};
  PW_TRY_ASSIGN(auto tx, storage::Transaction::begin(db));
  PW_TRY(storage::ItemRepository(db).upsert_persons(members.persons()));
  return tx.commit();
}

}  // namespace pw
