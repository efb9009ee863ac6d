// libFuzzer target for HTTP requests to the daemon's web face: the bytes
// are read by Beast's request parser with the server's default limits and
// turned into a web::Request by the daemon's own functions, and a request
// that parses is answered by the Site over a real SQLite database
// (sign-ups, tokens, forms, JSON, admin API). Nothing may crash or leak,
// and every answer must have a status from 200 to 599 and, when it is
// HTML, no unescaped markup from the request.
#include <utility>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string_view>

#include <boost/asio/buffer.hpp>

#include "core/clock.hpp"
#include "daemon/http_request.hpp"
#include "storage/database.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "web/site.hpp"

namespace {

class FixedClock final : public pw::Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1'256'650'000));
  }
};

struct World {
  FixedClock clock;
  pw::web::Counters counters;
  std::optional<pw::storage::Database> db;
  std::optional<pw::web::Site> site;

  World() {
    char dir[] = "/tmp/pw-http-fuzz-XXXXXX";
    if (::mkdtemp(dir) == nullptr) std::abort();
    auto opened = pw::storage::Database::open(std::string(dir) + "/pw.db");
    if (!opened) std::abort();
    db.emplace(std::move(*opened));
    const auto user = *pw::storage::UserRepository(*db).add_user("a@example.org", "", 1);
    (void)*pw::storage::SubscriptionRepository(*db).add(
        pw::storage::NewSubscription{user, "trafficking", pw::storage::Channel::kEmail, false,
                                     true},
        1);
    pw::web::SiteOptions o;
    o.email = {"a <a@example.net>", "https://alerts.example.net", "fuzzing secret 0123456789"};
    o.admin_token = "admin-token-0123456789";
    o.limits.signups_per_address_per_hour = 1'000'000'000;
    o.limits.signups_per_network_per_hour = 1'000'000'000;
    o.limits.confirmations_per_email_per_day = 1'000'000'000;
    site.emplace(*db, std::move(o), counters, clock);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  pw::BeastRequestParser parser;
  pw::apply_limits(parser, pw::HttpServerLimits{});
  parser.eager(true);
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_done()) return 0;
  const pw::web::Request r = pw::to_request(parser.get(), "192.0.2.1");
  const auto response = world.site->handle(r);
  if (response.status < 200 || response.status > 599) std::abort();
  if (response.content_type.rfind("text/html", 0) == 0 &&
      response.body.find("<script") != std::string::npos) {
    std::abort();
  }
  return 0;
}
