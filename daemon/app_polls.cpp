#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <malloc.h>
#include <spdlog/spdlog.h>

#include "core/london_time.hpp"
#include "daemon/app_impl.hpp"
#include "sources/directory_source.hpp"
#include "sources/parlparse_http_source.hpp"
#include "storage/subscription_repository.hpp"

namespace pw {
namespace {

namespace asio = boost::asio;

}  // namespace

sources::CurlSettings curl_settings(const HttpConfig& h) {
  sources::CurlSettings s;
  s.user_agent = h.user_agent;
  s.connect_timeout = h.connect_timeout;
  s.timeout = h.timeout;
  s.max_body_bytes = h.max_body_bytes;
  s.delay_between_requests = h.delay_between_requests;
  return s;
}

auto App::Impl::make_slot(const SourceConfig& sc) -> std::shared_ptr<Slot> {
  auto slot = std::make_shared<Slot>(io);
  slot->config = sc;
  if (sc.kind == SourceConfig::Kind::kDirectory) {
    slot->source = std::make_unique<sources::DirectorySource>(sc.name, sc.path, sc.sections,
                                                              config.http.max_body_bytes);
  } else {
    slot->client = std::make_unique<sources::CurlHttpClient>(curl_settings(config.http), stop);
    slot->source = std::make_unique<sources::ParlParseHttpSource>(
        sc.name, sc.base_url, sc.sections, *slot->client, http_retry(), stop,
        [](std::string_view line) { spdlog::warn("{}", line); });
  }
  slot->cycle = std::make_unique<PollCycle>(*slot->source, db, *ingester, counters);
  slot->cycle->set_quarantine_after(config.schedule.quarantine_after_crashes);
  slot->cycle->set_progress([this] { still_alive(); });
  return slot;
}

sources::RetryPolicy App::Impl::http_retry() const {
  return {config.http.retries + 1, config.http.retry_delay, std::chrono::milliseconds(60'000)};
}

Status App::Impl::load_rules_if_changed() {
  PW_TRY_ASSIGN(auto f, storage::SubscriptionRepository(db).fingerprint());
  if (f == rules_fingerprint) return {};
  PW_TRY_ASSIGN(auto loaded, ingester->load_rules());
  for (const auto& w : loaded.warnings) spdlog::warn("{}", w);
  for (const auto& n : loaded.snapshot_notes) spdlog::info("{}", n);
  rules_fingerprint = f;
  if (loaded.from_snapshot) {
    spdlog::info("{} rules loaded from their snapshot", ingester->rules().size());
  } else {
    spdlog::info("{} rules loaded ({} compiled, {} removed, {} unchanged)",
                 ingester->rules().size(), loaded.added, loaded.removed, loaded.kept);
  }
  malloc_trim(0);  // the rows read and the old set's garbage: back to the system, not kept idle
  return {};
}

sources::PlanOptions App::Impl::plan() const {
  const std::string today = london_date(clock.now());
  if (options.backfill_since) return {*options.backfill_since, start_date, ""};
  return {start_date, "", days_before(today, config.schedule.recheck_days)};
}

void App::Impl::schedule(const std::shared_ptr<Slot>& slot,
                         std::chrono::steady_clock::duration delay) {
  slot->timer.expires_after(delay);
  slot->timer.async_wait([this, slot](const boost::system::error_code& ec) {
    if (ec || stop.raised() || slot->retired) return;
    start_poll(slot);
  });
}

void App::Impl::start_poll(const std::shared_ptr<Slot>& slot) {
  const auto& s = config.schedule;
  if (!options.once && in_quiet_hours(clock.now(), s.quiet_from_minute, s.quiet_to_minute)) {
    schedule(slot, kQuietRetry);
    return;
  }
  if (auto ok = load_rules_if_changed(); !ok) slot->cycle->add_error(ok.error().message);
  auto job = slot->cycle->begin(plan());
  if (!job) {
    finish_poll(slot, FetchSummary{});
    return;
  }
  asio::post(pool, [this, slot, job = std::move(*job), guard = asio::make_work_guard(io)] {
    const auto each_file = [this, slot](FetchedFile f) {
      asio::post(io, [this, slot, f = std::make_shared<FetchedFile>(std::move(f))] {
        if (!stop.raised()) slot->cycle->store(*f, options.alert, now());  // else: after restart
      });
    };
    auto summary = slot->cycle->fetch(job, stop, each_file,
                                      [this](std::string_view what) { unexpected("poll", what); });
    asio::post(io, [this, slot, summary = std::move(summary)] { finish_poll(slot, summary); });
  });
}

void App::Impl::finish_poll(const std::shared_ptr<Slot>& slot, const FetchSummary& summary) {
  const auto outcome = slot->cycle->finish(summary, now());
  had_errors = had_errors || !outcome.ok();
  notifier.status(fmt::format("{}; last poll of {} {}", this->summary(), slot->config.name,
                              outcome.ok() ? "ok" : "failed"));
  if (options.once) {
    if (--polls_outstanding == 0) deliver();
    return;
  }
  deliver();
  if (summary.fetched > 0 && web) read_corpus();  // new items change the word frequencies
  malloc_trim(0);  // going idle till the next poll: what the poll freed goes back to the system
  if (!slot->retired && !stop.raised()) schedule(slot, config.schedule.poll_interval);
}

void App::Impl::start_sources() {
  std::vector<std::string> names;
  for (const auto& sc : config.sources) {
    slots.push_back(make_slot(sc));
    names.push_back(sc.name);
  }
  readiness.set_sources(std::move(names), config.schedule);
  polls_outstanding = static_cast<int>(slots.size());
  for (auto& s : slots) schedule(s, std::chrono::seconds(0));
}

}  // namespace pw
