#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <random>
#include <string_view>

#include "core/stop_flag.hpp"
#include "sources/http_client.hpp"

namespace pw::sources {

// How often and how patiently a fetch is retried.
struct RetryPolicy {
  int attempts = 4;                            // in all, including the first
  std::chrono::milliseconds base{1000};        // first backoff
  std::chrono::milliseconds max_delay{60000};  // cap on any one wait, Retry-After included
};

// Parses a Retry-After value: delay-seconds or an HTTP-date (RFC 9110),
// relative to `now`. Returns nothing for junk; a date in the past is 0 s.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

// The wait before retry number `retry` (1 for the first retry): a random
// time between half and all of base * 2^(retry-1), capped at max_delay.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, std::mt19937_64& rng);

// True for statuses worth another try: 408, 429 and 5xx.
bool retryable_status(long status);

// Performs `request`, retrying transient failures and retryable statuses
// with backoff (Retry-After honoured, capped by the policy). Waits through
// `stop`, and gives up early with a transient error when it is raised.
// Returns the last response (which may still be a 5xx) or error; `log`
// hears one line per retry.
Result<HttpResponse> get_with_retry(HttpClient& client, const HttpRequest& request,
                                    const RetryPolicy& policy, StopFlag& stop, std::mt19937_64& rng,
                                    const std::function<void(std::string_view)>& log);

}  // namespace pw::sources
