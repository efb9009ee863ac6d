#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <boost/asio/post.hpp>

#include "daemon/loop_guard.hpp"
#include "daemon/web_face.hpp"

namespace pw {
namespace {

// At most this many requests share one commit.
constexpr std::size_t kMaxBatch = 64;

bool changes_nothing(const web::Request& r) {
  return r.method == "GET" || r.method == "HEAD";
}

web::Response plain(int status, std::string text) {
  web::Response r;
  r.status = status;
  r.body = std::move(text);
  return r;
}

// The answer to a request whose batch could not be recorded: nothing of it
// was kept, so sending it again is safe.
web::Response try_again(std::string text) {
  auto r = plain(503, std::move(text));
  r.headers.emplace_back("Retry-After", "5");
  return r;
}

}  // namespace

void WebFace::enqueue(web::Request request, HttpServer::Answer answer) {
  const std::lock_guard<std::mutex> lock(pending_mu_);
  pending_.push_back(Pending{std::move(request), std::move(answer)});
  if (draining_) return;
  draining_ = true;
  boost::asio::post(worker_, [this] { drain(); });
}

void WebFace::drain() {
  for (;;) {
    std::vector<Pending> batch;
    {
      const std::lock_guard<std::mutex> lock(pending_mu_);
      if (pending_.empty()) {
        draining_ = false;
        return;
      }
      const auto n = std::min(pending_.size(), kMaxBatch);
      batch.assign(std::make_move_iterator(pending_.begin()),
                   std::make_move_iterator(pending_.begin() + static_cast<std::ptrdiff_t>(n)));
      pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    answer_batch(batch);
  }
}

void WebFace::answer_batch(std::vector<Pending>& batch) {
  std::vector<Pending*> writes;
  for (auto& p : batch) {
    if (changes_nothing(p.request)) {
      p.answer(handle_guarded(p.request));
    } else {
      writes.push_back(&p);
    }
  }
  if (writes.size() < 2) {
    for (auto* p : writes) p->answer(handle_guarded(p->request));
    return;
  }
  auto tx = storage::Transaction::begin(site_db_);
  if (!tx) {
    for (auto* p : writes) p->answer(try_again("the database is busy; try again shortly\n"));
    return;
  }
  in_batch_ = true;
  std::vector<web::Response> answers;
  answers.reserve(writes.size());
  // SQLite ends a transaction itself on some errors (a full disk, an I/O
  // error): the requests after that are answered on their own.
  while (answers.size() < writes.size() && site_db_.in_transaction()) {
    answers.push_back(handle_guarded(writes[answers.size()]->request));
  }
  in_batch_ = false;
  const bool committed = site_db_.in_transaction() && tx->commit();
  for (std::size_t i = 0; i < answers.size(); ++i) {
    writes[i]->answer(committed ? std::move(answers[i])
                                : try_again("the database could not record this; try again\n"));
  }
  if (queued_in_batch_ && committed && hooks_.on_queued) hooks_.on_queued();
  queued_in_batch_ = false;
  for (std::size_t i = answers.size(); i < writes.size(); ++i) {
    writes[i]->answer(handle_guarded(writes[i]->request));
  }
}

web::Response WebFace::handle_guarded(const web::Request& request) {
  return call_guarded([&] { return site_.handle(request); },
                      [&](std::string_view what) {
                        const auto path = request.path();
                        const auto route = path.substr(0, path.find('/', 1));
                        if (hooks_.on_error) hooks_.on_error(route + ": " + std::string(what));
                        return plain(500, "internal error; it has been logged\n");
                      });
}

void WebFace::queued() {
  if (in_batch_) {
    queued_in_batch_ = true;
  } else if (hooks_.on_queued) {
    hooks_.on_queued();
  }
}

}  // namespace pw
