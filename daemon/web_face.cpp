#include "daemon/web_face.hpp"

#include <future>

#include <boost/asio/post.hpp>

#include "daemon/loop_guard.hpp"
#include "ingest/file_io.hpp"

namespace pw {

Result<web::SiteOptions> site_options(const Config& config, const deliver::EmailSettings& email) {
  web::SiteOptions o;
  o.email = email;
  o.email.smtputf8 = config.delivery.smtputf8;
  const auto& s = config.subscriptions;
  o.limits.confirm_within_seconds = std::int64_t{s.confirm_days} * 24 * 3600;
  o.limits.signups_per_address_per_hour = s.signups_per_address_per_hour;
  o.limits.signups_per_network_per_hour = s.signups_per_network_per_hour;
  o.limits.confirmations_per_email_per_day = s.confirmations_per_email_per_day;
  o.limits.max_subscriptions_per_email = s.max_per_email;
  o.limits.max_unconfirmed_per_email = s.max_unconfirmed_per_email;
  o.trusted_proxies = config.server.trusted_proxies;
  const auto& file = config.server.admin_token_file;
  if (file.empty()) return o;
  PW_TRY_ASSIGN(auto token, read_file(file, 4096));
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  if (token.size() < 16 || token.find_first_of(" \t\r\n") != std::string::npos) {
    return fail(Error::invalid(file + ": the admin token needs at least 16 characters, no spaces"));
  }
  o.admin_token = std::move(token);
  return o;
}

HttpServerLimits server_limits(const ServerConfig& server) {
  HttpServerLimits l;
  l.max_connections = server.max_connections;
  l.max_connections_per_client = server.max_connections_per_client;
  l.unlimited_clients = server.trusted_proxies;
  l.reserved_paths = {"/healthz", "/readyz", "/metrics"};  // web::Probes::serves()
  l.request_timeout = server.request_timeout;
  l.max_header_bytes = server.max_header_bytes;
  l.max_body_bytes = server.max_body_bytes;
  return l;
}

namespace {

namespace asio = boost::asio;

}  // namespace

Result<std::unique_ptr<WebFace>> WebFace::start(const std::string& database,
                                                const ListenAddress& address,
                                                HttpServerLimits limits, web::SiteOptions options,
                                                web::Counters& counters, const Clock& clock,
                                                WebFaceHooks hooks) {
  PW_TRY_ASSIGN(auto site_db, storage::Database::open(database));
  PW_TRY_ASSIGN(auto probe_db, storage::Database::open(database));
  std::unique_ptr<WebFace> face(new WebFace(std::move(site_db), std::move(probe_db),
                                            std::move(options), counters, clock, std::move(hooks)));
  PW_TRY_ASSIGN(face->server_, face->bind(address, std::move(limits)));
  face->address_ = face->server_->local_address();
  face->server_->start();
  face->server_thread_ = std::thread([f = face.get()] {
    run_guarded(f->io_, [f](std::string_view what) {
      if (f->hooks_.on_error) f->hooks_.on_error(std::string(what));
    });
  });
  return face;
}

WebFace::WebFace(storage::Database site_db, storage::Database probe_db, web::SiteOptions options,
                 web::Counters& counters, const Clock& clock, WebFaceHooks hooks)
    : hooks_(std::move(hooks)),
      site_db_(std::move(site_db)),
      probe_db_(std::move(probe_db)),
      site_(site_db_, std::move(options), counters, clock),
      probes_(probe_db_, counters, clock),
      guard_(asio::make_work_guard(io_)) {
  site_.set_on_queued([this] { queued(); });
  site_.set_corpus(std::nullopt, 0);
  probes_.set_readiness(hooks_.readiness);
}

WebFace::~WebFace() {
  stop();
}

template <typename F>
auto WebFace::on_server(F f) -> decltype(f()) {
  std::packaged_task<decltype(f())()> task(std::move(f));
  auto done = task.get_future();
  asio::post(io_, [&task] { task(); });
  return done.get();
}

Result<std::unique_ptr<HttpServer>> WebFace::bind(const ListenAddress& address,
                                                  HttpServerLimits limits) {
  PW_TRY_ASSIGN(auto server,
                HttpServer::listen(
                    io_, address, [this](const web::Request& r) { return probes_.handle(r); },
                    std::move(limits)));
  server->set_offload([this](web::Request r, HttpServer::Answer answer) {
    enqueue(std::move(r), std::move(answer));
  });
  if (hooks_.on_refused) server->on_refused(hooks_.on_refused);
  if (hooks_.on_error) server->on_handler_error(hooks_.on_error);
  return server;
}

Status WebFace::listen_on(const ListenAddress& address, HttpServerLimits limits) {
  if (stopped_) return fail(Error::permanent("http: the web face has stopped"));
  return on_server([&]() -> Status {
    PW_TRY_ASSIGN(auto fresh, bind(address, std::move(limits)));
    if (server_) server_->stop();
    server_ = std::move(fresh);
    server_->start();
    address_ = server_->local_address();
    return {};
  });
}

void WebFace::stop_listening() {
  if (stopped_) return;
  on_server([this] {
    if (server_) server_->stop();
    server_.reset();
    address_.clear();
  });
}

void WebFace::set_limits(HttpServerLimits limits) {
  if (stopped_) return;
  asio::post(io_, [this, limits = std::move(limits)]() mutable {
    if (server_) server_->set_limits(std::move(limits));
  });
}

void WebFace::with_site(std::function<void(web::Site&)> job) {
  if (stopped_) return;
  asio::post(worker_, [this, job = std::move(job)] {
    try {
      job(site_);
    } catch (...) {
      if (hooks_.on_error) hooks_.on_error("web face: " + describe_current_exception());
    }
  });
}

void WebFace::stop() {
  if (stopped_) return;
  const bool running = server_thread_.joinable();  // not when start() failed
  if (running) stop_listening();
  stopped_ = true;
  worker_.join();  // the requests under way end; their answers find closed connections
  guard_.reset();
  if (running) server_thread_.join();
}

}  // namespace pw
