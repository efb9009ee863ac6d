#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <random>

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <malloc.h>
#include <spdlog/spdlog.h>

#include "daemon/app_impl.hpp"
#include "daemon/loop_guard.hpp"
#include "sources/retry.hpp"

namespace pw {
namespace {

namespace asio = boost::asio;

}  // namespace

void App::Impl::reload_people() {
  auto fresh = load_daemon_people(config);
  for (const auto& p : fresh.problems) spdlog::warn("people data: {}", p);
  if (fresh.members.person_count() == 0 && members.person_count() > 0) {
    spdlog::warn("people data: nothing loaded, keeping the {} persons loaded before",
                 members.person_count());
    return;
  }
  members = std::move(fresh.members);
  spdlog::info("people data loaded: {} persons", members.person_count());
  share_members();
  if (auto ok = record_people(db, members, fresh.problems); !ok) {
    spdlog::error("people data: not recorded: {}", ok.error().message);
  }
  malloc_trim(0);  // the XML read and parsed: back to the system, not kept idle
}

void App::Impl::refresh_people(bool reload_files, std::function<void()> then) {
  if (config.people_url.empty()) {
    if (reload_files) reload_people();
    if (then) then();
    return;
  }
  auto known = stored_people_validators(db);
  const auto validators = known ? *known : PeopleValidators{};
  asio::post(pool, [this, settings = curl_settings(config.http), retry = http_retry(),
                    url = config.people_url, path = config.people_copy(), validators, reload_files,
                    then = std::move(then), guard = asio::make_work_guard(io)]() mutable {
    sources::CurlHttpClient client(settings, stop);
    std::mt19937_64 jitter(std::random_device{}());
    const auto get = [&](const sources::HttpRequest& request) {
      return sources::get_with_retry(client, request, retry, stop, jitter,
                                     [](std::string_view line) { spdlog::warn("{}", line); });
    };
    auto fetched =
        call_guarded([&] { return fetch_people_file(get, url, path, validators); },
                     [&](std::string_view what) -> Result<PeopleFetch> {
                       unexpected("people data fetch", what);
                       return fail(Error::transient(fmt::format("people data: {}: {}", url, what)));
                     });
    asio::post(io, [this, url, reload_files, fetched = std::move(fetched), then = std::move(then)] {
      people_fetched(url, fetched, reload_files);
      if (then && !stop.raised()) then();
    });
  });
}

void App::Impl::people_fetched(const std::string& url, const Result<PeopleFetch>& fetched,
                               bool reload_files) {
  const bool changed = fetched && fetched->changed;
  if (!fetched) {
    spdlog::error("{}", fetched.error().message);
  } else if (changed) {
    spdlog::info("people data: a new copy of {}", url);
    if (auto ok = store_people_validators(db, fetched->validators); !ok) {
      spdlog::error("people data: {}", ok.error().message);
    }
  }
  if ((changed || reload_files) && !stop.raised()) reload_people();
}

void App::Impl::refresh_people_daily() {
  people_timer.expires_after(kPeopleRefresh);
  people_timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stop.raised()) return;
    refresh_people_daily();
    refresh_people(true, {});
  });
}

}  // namespace pw
