#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <algorithm>

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include "core/london_time.hpp"
#include "daemon/app_impl.hpp"
#include "daemon/listen_address.hpp"
#include "daemon/loop_guard.hpp"
#include "daemon/web_face.hpp"
#include "ingest/rule_check.hpp"
#include "storage/settings_repository.hpp"
#include "storage/source_repository.hpp"

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
  site = std::make_unique<web::Site>(db, std::move(o), counters, clock);
  site->set_on_queued([this] { asio::post(io, [this] { deliver(); }); });
  site->set_readiness([this] { return readiness_problems(); });
  PW_TRY_ASSIGN(server, listen_on(config.server));
  server->start();
  spdlog::info("http: listening on {}", server->local_address());
  site->set_corpus(std::nullopt, 0);
  read_corpus_daily();
  return {};
}

Result<std::unique_ptr<HttpServer>> App::Impl::listen_on(const ServerConfig& s) {
  PW_TRY_ASSIGN(auto address, parse_listen_address(s.listen));
  allow_open_files(s.max_connections);
  PW_TRY_ASSIGN(auto bound,
                HttpServer::listen(
                    io, address, [this](const web::Request& r) { return site->handle(r); },
                    server_limits(s)));
  bound->on_handler_error([this](const std::string& what) { unexpected("http", what); });
  bound->on_refused([this](int status) {
    counters.add("parlwatch_http_requests_total",
                 {{"route", "refused"}, {"code", std::to_string(status)}});
  });
  return bound;
}

void App::Impl::reload_web(ServerConfig& fresh) {
  if (options.once) return;
  if (fresh.listen == config.server.listen) {
    if (server) {
      allow_open_files(fresh.max_connections);
      server->set_limits(server_limits(fresh));
    }
    return;
  }
  if (fresh.listen.empty()) {
    if (server) server->stop();
    server.reset();
    spdlog::info("SIGHUP: http: no longer listening ([server] listen = \"\")");
    return;
  }
  if (!site) {
    spdlog::warn(
        "SIGHUP: [server] listen: the web face was off at start; it starts with a restart");
    fresh.listen = config.server.listen;
    return;
  }
  auto bound = listen_on(fresh);
  if (!bound) {
    spdlog::error("SIGHUP: [server] listen: {}; still listening on {}", bound.error().message,
                  server ? server->local_address() : std::string("nothing"));
    fresh.listen = config.server.listen;  // a later SIGHUP tries again
    return;
  }
  if (server) server->stop();
  server = std::move(*bound);
  server->start();
  spdlog::info("SIGHUP: http: now listening on {}", server->local_address());
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
      } else if (site) {
        spdlog::info("\"like this\": word frequencies read from {} items", stats->docs());
        site->set_corpus(std::move(*stats), now());
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
}

std::vector<std::string> App::Impl::readiness_problems() {
  if (!write_problem.empty()) return {write_problem};
  const auto& s = config.schedule;
  const auto allowed = 2 * s.poll_interval + std::chrono::minutes(10);
  if (std::chrono::steady_clock::now() - started < allowed ||
      in_quiet_hours(clock.now(), s.quiet_from_minute, s.quiet_to_minute)) {
    return {};
  }
  auto polls = storage::SourceRepository(db).polls();
  if (!polls) return {"database: " + polls.error().message};
  std::vector<std::string> problems;
  const auto limit = now() - std::chrono::duration_cast<std::chrono::seconds>(allowed).count();
  for (const auto& slot : slots) {
    const auto it = std::find_if(polls->begin(), polls->end(),
                                 [&](const auto& p) { return p.source == slot->config.name; });
    if (it == polls->end() || it->last_poll_at < limit) {
      problems.push_back(fmt::format("source {}: no poll since {}", slot->config.name,
                                     it == polls->end() ? std::int64_t{0} : it->last_poll_at));
    }
  }
  return problems;
}

void App::Impl::expire_unconfirmed_hourly() {
  if (!site) return;
  expiry_timer.expires_after(kExpiryInterval);
  expiry_timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !stop.raised()) expire_unconfirmed_hourly();
  });
  if (auto n = site->expire_unconfirmed(); !n) {
    spdlog::error("subscriptions: {}", n.error().message);
  } else if (*n > 0) {
    spdlog::info("subscriptions: {} unconfirmed removed after {} days", *n,
                 config.subscriptions.confirm_days);
  }
}

}  // namespace pw
