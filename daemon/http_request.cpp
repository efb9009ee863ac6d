#include "daemon/http_request.hpp"

#include <cctype>

namespace pw {

void apply_limits(BeastRequestParser& parser, const HttpServerLimits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  parser.body_limit(limits.max_body_bytes);
}

web::Request to_request(const BeastRequest& in, std::string client) {
  web::Request r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  r.body = in.body();
  r.client = std::move(client);
  return r;
}

}  // namespace pw
