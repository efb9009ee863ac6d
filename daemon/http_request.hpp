#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "web/http.hpp"

namespace pw {

struct HttpServerLimits {
  int max_connections = 64;                  // more are answered 503 and closed
  std::chrono::seconds request_timeout{10};  // to read a request (slow clients are cut off)
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
