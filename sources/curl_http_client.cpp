#include "sources/curl_http_client.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "sources/curl_handle.hpp"
#include "sources/retry.hpp"
#include "sources/url.hpp"

namespace pw::sources {
namespace {

using SteadyClock = std::chrono::steady_clock;

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// What one transfer collects through the callbacks.
struct Transfer {
  std::uint64_t cap = 0;
  bool oversize = false;
  std::string body;
  std::string etag, last_modified, location, retry_after;
  StopFlag* stop = nullptr;
  int* sockets = nullptr;
};

void take_header(Transfer& t, std::string_view line) {
  if (line.starts_with("HTTP/")) {  // a new response (after 1xx): forget the last one's
    t.etag.clear();
    t.last_modified.clear();
    t.location.clear();
    t.retry_after.clear();
    return;
  }
  if (auto v = header_value(line, "etag")) t.etag = *v;
  if (auto v = header_value(line, "last-modified")) t.last_modified = *v;
  if (auto v = header_value(line, "location")) t.location = *v;
  if (auto v = header_value(line, "retry-after")) t.retry_after = *v;
}

extern "C" size_t fetch_header(char* data, size_t size, size_t n, void* user) {
  take_header(*static_cast<Transfer*>(user), std::string_view(data, size * n));
  return size * n;
}

extern "C" size_t fetch_body(char* data, size_t size, size_t n, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  if (t.body.size() + size * n > t.cap) {
    t.oversize = true;
    return 0;  // libcurl aborts the transfer with CURLE_WRITE_ERROR
  }
  t.body.append(data, size * n);
  return size * n;
}

extern "C" int fetch_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Transfer*>(user)->stop->raised() ? 1 : 0;
}

extern "C" curl_socket_t fetch_open_socket(void* user, curlsocktype, curl_sockaddr* a) {
  ++*static_cast<Transfer*>(user)->sockets;
  return socket(a->family, a->socktype, a->protocol);
}

Error transfer_error(const Transfer& t, CURLcode code, const std::string& url, const char* detail) {
  if (t.oversize) {
    return Error::permanent(fmt::format("{}: body larger than {} bytes refused", url, t.cap));
  }
  if (code == CURLE_ABORTED_BY_CALLBACK) return Error::transient(url + ": stopped");
  const std::string what = detail[0] != '\0' ? detail : curl().easy_strerror(code);
  if (code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT) {
    return Error::permanent(fmt::format("{}: {}", url, what));
  }
  return Error::transient(fmt::format("{}: {}", url, what));
}

}  // namespace

struct CurlHttpClient::Impl {
  CurlSettings settings;
  StopFlag& stop;
  CurlEasy easy;
  std::string no_easy;  // why `easy` is null
  int sockets = 0;
  SteadyClock::time_point last_end{};

  Impl(CurlSettings s, StopFlag& f) : settings(std::move(s)), stop(f) {
    easy = new_easy_handle(no_easy);
  }

  void set_fixed_options(Transfer& t, char* error_buffer) {
    CURL* c = easy.get();
    reset_common_options(c, "http,https", settings.user_agent, settings.connect_timeout,
                         settings.timeout, error_buffer);
    curl().easy_setopt(c, CURLOPT_MAXCONNECTS, 1L);
    curl().easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl().easy_setopt(c, CURLOPT_HEADERFUNCTION, fetch_header);
    curl().easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl().easy_setopt(c, CURLOPT_WRITEFUNCTION, fetch_body);
    curl().easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl().easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl().easy_setopt(c, CURLOPT_XFERINFOFUNCTION, fetch_progress);
    curl().easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    curl().easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, fetch_open_socket);
    curl().easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t);
  }

  // Waits out the politeness delay; false if stopped meanwhile.
  bool pace() {
    const auto due = last_end + settings.delay_between_requests;
    const auto now = SteadyClock::now();
    return due <= now || stop.wait_for(due - now);
  }

  Result<HttpResponse> once(const Url& url, const HttpRequest& request) {
    if (!pace()) return fail(Error::transient(url.str() + ": stopped"));
    Transfer t;
    t.cap = settings.max_body_bytes;
    t.stop = &stop;
    t.sockets = &sockets;
    char error_buffer[CURL_ERROR_SIZE] = {};
    set_fixed_options(t, error_buffer);
    CurlSlist headers;
    if (!request.etag.empty()) append_header(headers, "If-None-Match: " + request.etag);
    if (!request.last_modified.empty()) {
      append_header(headers, "If-Modified-Since: " + request.last_modified);
    }
    const std::string text = url.str();
    curl().easy_setopt(easy.get(), CURLOPT_URL, text.c_str());
    curl().easy_setopt(easy.get(), CURLOPT_HTTPHEADER, headers.get());
    const CURLcode code = curl().easy_perform(easy.get());
    last_end = SteadyClock::now();
    if (code != CURLE_OK) return fail(transfer_error(t, code, text, error_buffer));
    HttpResponse r;
    curl().easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &r.status);
    r.url = text;
    r.body = std::move(t.body);
    r.etag = std::move(t.etag);
    r.last_modified = std::move(t.last_modified);
    if (r.status == 429 || r.status == 503) {
      r.retry_after = parse_retry_after(t.retry_after, std::chrono::system_clock::now());
    }
    if (is_redirect(r.status)) r.url = t.location;  // resolved by the caller
    return r;
  }
};

CurlHttpClient::CurlHttpClient(CurlSettings settings, StopFlag& stop)
    : impl_(std::make_unique<Impl>(std::move(settings), stop)) {}

CurlHttpClient::~CurlHttpClient() = default;

int CurlHttpClient::connections_opened() const {
  return impl_->sockets;
}

Result<HttpResponse> CurlHttpClient::get(const HttpRequest& request) {
  if (!impl_->easy) return fail(Error::transient(impl_->no_easy));
  auto url = parse_url(request.url);
  if (!url) return fail(url.error());
  for (int hop = 0;; ++hop) {
    PW_TRY(check_fetch_url(*url));
    auto response = impl_->once(*url, request);
    if (!response || !is_redirect(response->status)) return response;
    if (hop >= impl_->settings.max_redirects) {
      return fail(Error::permanent(fmt::format("{}: too many redirects", request.url)));
    }
    auto next = resolve_location(*url, response->url);
    if (!next) return fail(next.error().with_context(request.url + ": redirect"));
    if (!same_origin(*url, *next)) {
      return fail(Error::permanent(
          fmt::format("{}: redirect to another host ({}) refused", request.url, next->str())));
    }
    url = std::move(next);
  }
}

}  // namespace pw::sources
