#include "sources/curl_handle.hpp"

#include <algorithm>
#include <cctype>

namespace pw::sources {

CurlEasy new_easy_handle(std::string& why) {
  const auto library = load_curl();
  if (!library) {
    why = library.error().message;
    return nullptr;
  }
  CurlEasy easy((*library)->easy_init());
  if (!easy) why = "libcurl could not make a transfer handle";
  return easy;
}

std::optional<std::string> header_value(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return std::nullopt;
  const bool same = std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
  if (!same) return std::nullopt;
  auto v = line.substr(name.size() + 1);
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
  return std::string(v);
}

void reset_common_options(CURL* c, const char* protocols, const std::string& user_agent,
                          std::chrono::milliseconds connect_timeout,
                          std::chrono::milliseconds timeout, char* error_buffer) {
  const auto& lib = curl();
  lib.easy_reset(c);
  lib.easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
  lib.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  lib.easy_setopt(c, CURLOPT_PROXY, "");
  lib.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (!user_agent.empty()) lib.easy_setopt(c, CURLOPT_USERAGENT, user_agent.c_str());
  lib.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout.count()));
  lib.easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  lib.easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
}

void append_header(CurlSlist& list, const std::string& line) {
  curl_slist* grown = curl().slist_append(list.get(), line.c_str());
  if (grown != nullptr) {
    (void)list.release();
    list.reset(grown);
  }
}

}  // namespace pw::sources
