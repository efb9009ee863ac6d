#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "web/http.hpp"

namespace pw {

// How much one server and one client may take. A connection beyond
// max_connections, or beyond max_connections_per_client from one address,
// waits at most a second for its request line and headers: a GET or HEAD of
// a reserved path (health and metrics) is answered, anything else gets 503.
// Beyond four times max_connections, connections get 503 at once.
struct HttpServerLimits {
  int max_connections = 256;
  int max_connections_per_client = 16;
  std::vector<std::string> unlimited_clients;  // e.g. a reverse proxy: no per-client cap
  std::vector<std::string> reserved_paths;     // answered even when every slot is taken
  // To read a request's headers, and then its body; a client that has sent
  // part of a request and runs out of time is answered 408.
  std::chrono::seconds request_timeout{10};
  std::size_t max_header_bytes = std::size_t{8} * 1024;  // more: 431
  std::size_t max_body_bytes = std::size_t{16} * 1024;   // more: 413
};

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastRequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Sets a fresh parser's header and body limits to the server's.
void apply_limits(BeastRequestParser& parser, const HttpServerLimits& limits);

// The web layer's view of a parsed request: method, target, headers (names
// lower-cased, in order, repeats kept), body, and `client`, the peer's
// address.
web::Request to_request(const BeastRequest& in, std::string client);

}  // namespace pw
