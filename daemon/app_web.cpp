#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include "daemon/app_impl.hpp"
#include "daemon/listen_address.hpp"
#include "daemon/loop_guard.hpp"
#include "ingest/rule_check.hpp"
#include "storage/settings_repository.hpp"

namespace pw {
namespace {

namespace asio = boost::asio;

// The web face holds up to five times max_connections sockets (regular and
// triage); systemd's default soft limit of 1024 open files is too few, so
// the soft limit is raised to the hard one.
void allow_open_files(int max_connections) {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) return;
  if (files.rlim_cur < files.rlim_max) {
    const auto before = files.rlim_cur;
    files.rlim_cur = files.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &files) != 0) files.rlim_cur = before;
  }
  const auto wanted = static_cast<rlim_t>(max_connections) * 5 + 64;
  if (files.rlim_cur < wanted) {
    spdlog::warn("http: only {} open files allowed; max_connections = {} may need {}",
                 files.rlim_cur, max_connections, wanted);
  }
}

}  // namespace

Status App::Impl::start_web() {
  if (options.once || config.server.listen.empty()) return {};
  PW_TRY_ASSIGN(auto o, site_options(config, email));
  PW_TRY_ASSIGN(auto address, parse_listen_address(config.server.listen));
  allow_open_files(config.server.max_connections);
  WebFaceHooks hooks;
  hooks.readiness = [this](storage::Database& read) {
    return readiness.problems(read, clock.now());
  };
  hooks.on_queued = [this] { asio::post(io, [this] { deliver(); }); };
  hooks.on_refused = [this](int status) {
    counters.add("parlwatch_http_requests_total",
                 {{"route", "refused"}, {"code", std::to_string(status)}});
  };
  hooks.on_error = [this](const std::string& what) { unexpected("http", what); };
  PW_TRY_ASSIGN(web, WebFace::start(config.database, address, server_limits(config.server),
                                    std::move(o), counters, clock, std::move(hooks)));
  spdlog::info("http: listening on {}", web->local_address());
  share_members();
  read_corpus_daily();
  return {};
}

void App::Impl::reload_web(ServerConfig& fresh) {
  if (options.once) return;
  if (fresh.listen == config.server.listen) {
    if (web) {
      allow_open_files(fresh.max_connections);
      web->set_limits(server_limits(fresh));
    }
    return;
  }
  if (!web) {
    spdlog::warn(
        "SIGHUP: [server] listen: the web face was off at start; it starts with a restart");
    fresh.listen = config.server.listen;
    return;
  }
  if (fresh.listen.empty()) {
    web->stop_listening();
    spdlog::info("SIGHUP: http: no longer listening ([server] listen = \"\")");
    return;
  }
  auto address = parse_listen_address(fresh.listen);
  allow_open_files(fresh.max_connections);
  auto bound =
      address ? web->listen_on(*address, server_limits(fresh)) : Status(fail(address.error()));
  if (!bound) {
    const auto old = web->local_address();
    spdlog::error("SIGHUP: [server] listen: {}; still listening on {}", bound.error().message,
                  old.empty() ? std::string("nothing") : old);
    fresh.listen = config.server.listen;  // a later SIGHUP tries again
    return;
  }
  spdlog::info("SIGHUP: http: now listening on {}", web->local_address());
}

void App::Impl::share_members() {
  if (!web) return;
  web->with_site([dir = std::make_shared<const web::MemberDirectory>(members)](web::Site& site) {
    site.set_members(dir);
  });
}

void App::Impl::read_corpus_daily() {
  corpus_timer.expires_after(std::chrono::hours(24));
  corpus_timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !stop.raised()) read_corpus_daily();
  });
  read_corpus();
}

void App::Impl::read_corpus() {
  if (corpus_reading) {
    corpus_again = true;
    return;
  }
  corpus_reading = true;
  asio::post(pool, [this, path = config.database, guard = asio::make_work_guard(io)] {
    auto stats = call_guarded(
        [&]() -> Result<rules::CorpusStats> {
          PW_TRY_ASSIGN(auto reader, storage::Database::open(path));
          return ingest::corpus_stats(reader);
        },
        [](std::string_view what) -> Result<rules::CorpusStats> {
          return fail(Error::transient(std::string(what)));
        });
    asio::post(io, [this, stats = std::move(stats)]() mutable {
      corpus_reading = false;
      if (!stats) {
        spdlog::error("\"like this\": the archive could not be read: {}", stats.error().message);
      } else if (web) {
        spdlog::info("\"like this\": word frequencies read from {} items", stats->docs());
        web->with_site([stats = std::move(*stats), at = now()](web::Site& site) mutable {
          site.set_corpus(std::move(stats), at);
        });
      }
      if (corpus_again && !stop.raised()) {
        corpus_again = false;
        read_corpus();
      }
    });
  });
}

void App::Impl::probe_writes_regularly() {
  write_probe_timer.expires_after(kWriteProbeInterval);
  write_probe_timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !stop.raised()) probe_writes_regularly();
  });
  if (auto ok = storage::SettingsRepository(db).probe_write(now()); !ok) {
    if (write_problem.empty()) spdlog::error("database: writes fail: {}", ok.error().message);
    write_problem = "database: writes fail: " + ok.error().message;
  } else if (!write_problem.empty()) {
    spdlog::info("database: writes work again");
    write_problem.clear();
  }
  readiness.set_write_problem(write_problem);
}

void App::Impl::expire_unconfirmed_hourly() {
  if (!web) return;
  expiry_timer.expires_after(kExpiryInterval);
  expiry_timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !stop.raised()) expire_unconfirmed_hourly();
  });
  web->with_site([days = config.subscriptions.confirm_days](web::Site& site) {
    if (auto n = site.expire_unconfirmed(); !n) {
      spdlog::error("subscriptions: {}", n.error().message);
    } else if (*n > 0) {
      spdlog::info("subscriptions: {} unconfirmed removed after {} days", *n, days);
    }
  });
}

}  // namespace pw
