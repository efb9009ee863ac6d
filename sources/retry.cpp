#include "sources/retry.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>

#include <fmt/format.h>

namespace pw::sources {
namespace {

// Parses the IMF-fixdate form, "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view value) {
  std::tm tm{};
  const std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const std::time_t t = timegm(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t);
}

}  // namespace

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  long long seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size()) {
    if (seconds < 0) return std::nullopt;
    return std::chrono::seconds(seconds);
  }
  const auto when = parse_http_date(value);
  if (!when) return std::nullopt;
  return std::max(std::chrono::seconds(0),
                  std::chrono::duration_cast<std::chrono::seconds>(*when - now));
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry,
                                        std::mt19937_64& rng) {
  const int shift = std::clamp(retry - 1, 0, 30);
  const auto ceiling = std::min<long long>(policy.max_delay.count(),
                                           policy.base.count() * (1LL << std::min(shift, 20)));
  std::uniform_int_distribution<long long> pick(ceiling / 2, std::max(ceiling, 1LL));
  return std::chrono::milliseconds(pick(rng));
}

bool retryable_status(long status) {
  return status == 408 || status == 429 || status >= 500;
}

Result<HttpResponse> get_with_retry(HttpClient& client, const HttpRequest& request,
                                    const RetryPolicy& policy, StopFlag& stop, std::mt19937_64& rng,
                                    const std::function<void(std::string_view)>& log) {
  for (int attempt = 1;; ++attempt) {
    auto response = client.get(request);
    const bool retry_error = !response && response.error().kind == ErrorKind::kTransient;
    const bool retry_status = response && retryable_status(response->status);
    if ((!retry_error && !retry_status) || attempt >= policy.attempts) return response;
    auto wait = backoff_delay(policy, attempt, rng);
    if (retry_status && response->retry_after) {
      wait = std::min<std::chrono::milliseconds>(policy.max_delay, *response->retry_after);
    }
    log(fmt::format(
        "{}: {}; retry {} of {} in {} ms", request.url,
        retry_error ? response.error().message : fmt::format("HTTP {}", response->status), attempt,
        policy.attempts - 1, wait.count()));
    if (!stop.wait_for(wait)) return fail(Error::transient(request.url + ": stopped"));
  }
}

}  // namespace pw::sources
