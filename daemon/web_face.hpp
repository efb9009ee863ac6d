#pragma once

#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/clock.hpp"
#include "daemon/config.hpp"
#include "daemon/http_server.hpp"
#include "deliver/render.hpp"
#include "storage/database.hpp"
#include "web/counters.hpp"
#include "web/probes.hpp"
#include "web/site.hpp"

namespace pw {

// The site's settings from the configuration: links signed like the
// emails', the admin token read from its file (at least 16 characters),
// the sign-up limits. invalid_input naming the file when it cannot be used.
Result<web::SiteOptions> site_options(const Config& config, const deliver::EmailSettings& email);

// The server's limits from [server]; the reserved paths are the Probes'.
HttpServerLimits server_limits(const ServerConfig& server);

// What the web face tells the daemon. Each is called from one of the web
// face's threads, so each must be thread-safe.
struct WebFaceHooks {
  web::Probes::Readiness readiness;                       // asked by /readyz
  std::function<void()> on_queued;                        // a request queued an email
  std::function<void(int status)> on_refused;             // an answer no handler gave
  std::function<void(const std::string& what)> on_error;  // a handler threw
};

// The daemon's web face on threads of its own, so neither the loop's
// database work nor a request waiting on SQLite's write lock holds others
// up. A server thread runs the HttpServer and answers /healthz, /readyz
// and /metrics itself (Probes, reading through their own connection); every
// other request goes to a worker thread that owns the Site and its own
// connection, and the answer is sent back from the server thread. The
// worker takes the requests waiting for it together: GETs one by one, and
// the POSTs in one transaction with one commit (each in a savepoint of its
// own, so one failing undoes only itself), their answers sent only once
// that commit is durable (503 for all if it fails). A burst of sign-ups
// costs one disk sync, not one each. "Debates like this" sign-ups are answered 503 until the
// word frequencies arrive (with_site() and Site::set_corpus), so no
// request reads the whole archive. The methods are called from one thread
// (the daemon's loop), never from the web face's own.
class WebFace {
 public:
  // Opens the two connections to `database`, binds `address` and starts
  // both threads. A port in use or an unopenable database is an error.
  static Result<std::unique_ptr<WebFace>> start(const std::string& database,
                                                const ListenAddress& address,
                                                HttpServerLimits limits, web::SiteOptions options,
                                                web::Counters& counters, const Clock& clock,
                                                WebFaceHooks hooks);
  ~WebFace();
  WebFace(const WebFace&) = delete;
  WebFace& operator=(const WebFace&) = delete;

  // The bound address ("127.0.0.1:8026"), or "" while not listening.
  std::string local_address() const { return address_; }
  // Serves on `address` from now on. The old listener closes only once the
  // new one is bound; if it cannot be, the old one stays and the error says
  // why.
  Status listen_on(const ListenAddress& address, HttpServerLimits limits);
  // Closes the listener and its connections; listen_on() may open another.
  void stop_listening();
  // New limits for new reads and connections.
  void set_limits(HttpServerLimits limits);
  // Runs `job` on the Site's worker, after the requests already given to
  // it (new settings, the word frequencies, the hourly expiry).
  void with_site(std::function<void(web::Site&)> job);
  // Stops listening, lets the requests under way finish and joins both
  // threads. Safe to call twice; the destructor calls it.
  void stop();

 private:
  WebFace(storage::Database site_db, storage::Database probe_db, web::SiteOptions options,
          web::Counters& counters, const Clock& clock, WebFaceHooks hooks);
  // Runs `f` on the server thread and waits for it.
  template <typename F>
  auto on_server(F f) -> decltype(f());
  Result<std::unique_ptr<HttpServer>> bind(const ListenAddress& address, HttpServerLimits limits);
  // In web_face_requests.cpp: the requests for the worker.
  struct Pending {
    web::Request request;
    HttpServer::Answer answer;
  };
  void enqueue(web::Request request, HttpServer::Answer answer);
  void drain();
  void answer_batch(std::vector<Pending>& batch);
  web::Response handle_guarded(const web::Request& request);
  void queued();

  WebFaceHooks hooks_;
  storage::Database site_db_;
  storage::Database probe_db_;
  web::Site site_;      // the worker's
  web::Probes probes_;  // the server thread's
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
  std::unique_ptr<HttpServer> server_;  // the server thread's once started
  std::string address_;
  boost::asio::thread_pool worker_{1};
  std::mutex pending_mu_;
  std::vector<Pending> pending_;  // guarded by pending_mu_
  bool draining_ = false;         // a drain() is posted or running; guarded by pending_mu_
  bool in_batch_ = false;         // the worker's: answering a batch's POSTs
  bool queued_in_batch_ = false;  // the worker's: one of them queued an email
  std::thread server_thread_;
  bool stopped_ = false;
};

}  // namespace pw
