#include "sources/curl_http_client.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

#include <curl/curl.h>
#include <fmt/format.h>

#include "sources/retry.hpp"
#include "sources/url.hpp"

namespace pw::sources {
namespace {

using SteadyClock = std::chrono::steady_clock;

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyCleanup {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Easy = std::unique_ptr<CURL, EasyCleanup>;
using Slist = std::unique_ptr<curl_slist, SlistFree>;

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

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool header_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  return std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

void take_header(Transfer& t, std::string_view line) {
  if (line.starts_with("HTTP/")) {  // a new response (after 1xx): forget the last one's
    t.etag.clear();
    t.last_modified.clear();
    t.location.clear();
    t.retry_after.clear();
    return;
  }
  const auto value = [&](std::string_view name) {
    return std::string(trim(line.substr(name.size() + 1)));
  };
  if (header_is(line, "etag")) t.etag = value("etag");
  if (header_is(line, "last-modified")) t.last_modified = value("last-modified");
  if (header_is(line, "location")) t.location = value("location");
  if (header_is(line, "retry-after")) t.retry_after = value("retry-after");
}

extern "C" size_t on_header(char* data, size_t size, size_t n, void* user) {
  take_header(*static_cast<Transfer*>(user), std::string_view(data, size * n));
  return size * n;
}

extern "C" size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  if (t.body.size() + size * n > t.cap) {
    t.oversize = true;
    return 0;  // libcurl aborts the transfer with CURLE_WRITE_ERROR
  }
  t.body.append(data, size * n);
  return size * n;
}

extern "C" int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Transfer*>(user)->stop->raised() ? 1 : 0;
}

extern "C" curl_socket_t on_open_socket(void* user, curlsocktype, curl_sockaddr* a) {
  ++*static_cast<Transfer*>(user)->sockets;
  return socket(a->family, a->socktype, a->protocol);
}

Error transfer_error(const Transfer& t, CURLcode code, const std::string& url, const char* detail) {
  if (t.oversize) {
    return Error::permanent(fmt::format("{}: body larger than {} bytes refused", url, t.cap));
  }
  if (code == CURLE_ABORTED_BY_CALLBACK) return Error::transient(url + ": stopped");
  const std::string what = detail[0] != '\0' ? detail : curl_easy_strerror(code);
  if (code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT) {
    return Error::permanent(fmt::format("{}: {}", url, what));
  }
  return Error::transient(fmt::format("{}: {}", url, what));
}

}  // namespace

struct CurlHttpClient::Impl {
  CurlSettings settings;
  StopFlag& stop;
  Easy easy;
  int sockets = 0;
  SteadyClock::time_point last_end{};

  Impl(CurlSettings s, StopFlag& f) : settings(std::move(s)), stop(f) {
    init_curl_once();
    easy.reset(curl_easy_init());
  }

  void set_fixed_options(Transfer& t, char* error_buffer) {
    CURL* c = easy.get();
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_PROXY, "");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_MAXCONNECTS, 1L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_USERAGENT, settings.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(settings.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(settings.timeout.count()));
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t);
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
    Slist headers;
    const auto add = [&headers](const std::string& h) {
      headers.reset(curl_slist_append(headers.release(), h.c_str()));
    };
    if (!request.etag.empty()) add("If-None-Match: " + request.etag);
    if (!request.last_modified.empty()) add("If-Modified-Since: " + request.last_modified);
    const std::string text = url.str();
    curl_easy_setopt(easy.get(), CURLOPT_URL, text.c_str());
    curl_easy_setopt(easy.get(), CURLOPT_HTTPHEADER, headers.get());
    const CURLcode code = curl_easy_perform(easy.get());
    last_end = SteadyClock::now();
    if (code != CURLE_OK) return fail(transfer_error(t, code, text, error_buffer));
    HttpResponse r;
    curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &r.status);
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
  if (!impl_->easy) return fail(Error::transient("libcurl could not start"));
  auto url = parse_url(request.url);
  if (!url) return fail(url.error());
  for (int hop = 0;; ++hop) {
    if (auto ok = check_fetch_url(*url); !ok) return fail(ok.error());
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
