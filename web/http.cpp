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

// Readable from 320 px up without sideways scrolling: long words wrap,
// inputs take the width, and tables become one block per row on a phone.
// Colours meet WCAG 2.1 AA contrast on white.
constexpr std::string_view kStyle =
    "*{box-sizing:border-box}"
    "body{font-family:sans-serif;max-width:42em;margin:0 auto;padding:0 1em 2em;"
    "line-height:1.45;color:#1a1a1a;background:#fff;overflow-wrap:anywhere}"
    "a{color:#0645ad}header{padding:.8em 0;border-bottom:1px solid #767676}"
    "header a{font-weight:bold;text-decoration:none}"
    "label{display:block;font-weight:bold;margin-top:1em}"
    "input[type=text],input[type=email]{width:100%;padding:.45em;font-size:1em;"
    "border:1px solid #555;border-radius:3px}"
    "fieldset{margin:1em 0 0;border:1px solid #767676}legend{font-weight:bold}"
    "ul.choices{list-style:none;margin:0;padding:0}ul.choices li{margin:.3em 0}"
    "ul.choices label{display:inline;font-weight:normal;margin:0 0 0 .4em}"
    ".hint{color:#444;margin:.2em 0}.error{color:#b00020;font-weight:bold;margin:.2em 0}"
    ".meta{color:#444}mark{background:#fff0a0;color:inherit}"
    "button{font-size:1em;padding:.45em .9em;margin:.2em .3em .2em 0}"
    "code,pre{white-space:pre-wrap;overflow-wrap:anywhere}"
    "table{border-collapse:collapse;width:100%}td,th{padding:.35em .5em;"
    "border-bottom:1px solid #ccc;text-align:left;vertical-align:top}form.inline{display:inline}"
    "@media (max-width:36em){table,tbody,tr,td{display:block}tr.head{display:none}"
    "tr{border-bottom:1px solid #767676;padding:.4em 0}td{border:0;padding:.15em 0}}";

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
      "<meta name=\"referrer\" content=\"same-origin\">"
      "<title>{} - parlwatch</title><style>{}</style></head>\n<body>\n"
      "<header><a href=\"/\">parlwatch</a></header>\n<main>\n<h1>{}</h1>\n{}\n"
      "</main>\n</body></html>\n",
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
