#include "web/http.hpp"

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "deliver/mime.hpp"
#include "web/counters.hpp"

namespace pw::web {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr std::string_view kStyle =
    "body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.4}"
    "table{border-collapse:collapse}td,th{padding:.3em .6em;border-bottom:1px solid #ccc;"
    "text-align:left}form.inline{display:inline}button{margin:.1em}";

}  // namespace

std::string Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return "";
}

std::string Request::path() const {
  return target.substr(0, target.find('?'));
}

std::string Request::query_param(std::string_view name) const {
  const auto q = target.find('?');
  if (q == std::string::npos) return "";
  return form_value(parse_form(std::string_view(target).substr(q + 1)), name);
}

Response json_error(int status, std::string_view message) {
  return json_response(status, nlohmann::json{{"error", message}}.dump());
}

Response json_response(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body) + "\n";
  return r;
}

Response html_page(int status, std::string_view title, std::string_view body_html) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"referrer\" content=\"no-referrer\">"
      "<title>{} - parlwatch</title><style>{}</style></head>\n<body>\n<h1>{}</h1>\n{}\n"
      "</body></html>\n",
      deliver::html_escape(std::string(title)), kStyle, deliver::html_escape(std::string(title)),
      body_html);
  return r;
}

Response method_not_allowed(const char* allow) {
  auto r = json_error(405, fmt::format("method not allowed here; use {}", allow));
  r.headers.emplace_back("Allow", allow);
  return r;
}

std::optional<std::int64_t> parse_positive_id(std::string_view text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

Response redirect(std::string location) {
  Response r;
  r.status = 303;
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

Response finish_answer(Response r, const std::string& route, Counters& counters) {
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (r.content_type.rfind("text/html", 0) == 0) {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                           "frame-ancestors 'none'");
  }
  counters.add("parlwatch_http_requests_total",
               {{"route", route}, {"code", std::to_string(r.status)}});
  return r;
}

Refusal refusal_for(const Error& e) {
  switch (e.kind) {
    case ErrorKind::kInvalidInput:
      return Refusal{422, e.message};
    case ErrorKind::kTransient:
      return Refusal{503, "temporarily unavailable, try again: " + e.message};
    case ErrorKind::kPermanent:
      break;
  }
  return Refusal{500, "internal error"};
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] != '%') {
      out.push_back(text[i]);
    } else {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    const auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq));
    auto value =
        percent_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (key && value && !key->empty()) out.emplace_back(std::move(*key), std::move(*value));
  }
  return out;
}

std::string form_value(const std::vector<std::pair<std::string, std::string>>& form,
                       std::string_view name) {
  for (const auto& [k, v] : form) {
    if (k == name) return v;
  }
  return "";
}

}  // namespace pw::web
