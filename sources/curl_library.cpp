#include "sources/curl_library.hpp"

#include <fmt/format.h>

#include "core/shared_library.hpp"

namespace pw::sources {
namespace {

constexpr const char* kLibrary = "libcurl.so.4";

Result<CurlLibrary> open_curl() {
  // Kept open for the life of the process, as libcurl's global state must be.
  PW_TRY_ASSIGN(void* handle, open_library(kLibrary, "libcurl4"));
  CurlLibrary c{};
  CURLcode (*global_init)(long) = nullptr;
  curl_version_info_data* (*version_info)(CURLversion) = nullptr;
  const bool all = find_function(handle, "curl_global_init", global_init) &&
                   find_function(handle, "curl_version_info", version_info) &&
                   find_function(handle, "curl_easy_init", c.easy_init) &&
                   find_function(handle, "curl_easy_setopt", c.easy_setopt) &&
                   find_function(handle, "curl_easy_perform", c.easy_perform) &&
                   find_function(handle, "curl_easy_getinfo", c.easy_getinfo) &&
                   find_function(handle, "curl_easy_strerror", c.easy_strerror) &&
                   find_function(handle, "curl_easy_reset", c.easy_reset) &&
                   find_function(handle, "curl_easy_cleanup", c.easy_cleanup) &&
                   find_function(handle, "curl_slist_append", c.slist_append) &&
                   find_function(handle, "curl_slist_free_all", c.slist_free_all);
  if (!all) return fail(Error::permanent(fmt::format("{} lacks a libcurl function", kLibrary)));
  const curl_version_info_data* version = version_info(CURLVERSION_NOW);
  if (version == nullptr || version->version_num < kOldestCurl) {
    return fail(Error::permanent(fmt::format("{} is libcurl {}; parlwatch needs 7.85.0 or later",
                                             kLibrary, version ? version->version : "?")));
  }
  if (const CURLcode code = global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
    return fail(
        Error::permanent(fmt::format("libcurl did not initialise: {}", c.easy_strerror(code))));
  }
  return c;
}

}  // namespace

Result<const CurlLibrary*> load_curl() {
  static const Result<CurlLibrary> loaded = open_curl();  // thread-safe, once
  if (!loaded) return fail(loaded.error());
  return &*loaded;
}

const CurlLibrary& curl() {
  return **load_curl();
}

}  // namespace pw::sources
