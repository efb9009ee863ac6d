#include "sources/curl_library.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

namespace pw::sources {
namespace {

constexpr const char* kLibrary = "libcurl.so.4";

// Sets `*out` to the library's function `name`; false if it has none.
template <typename F>
bool find(void* handle, const char* name, F*& out) {
  void* symbol = dlsym(handle, name);
  if (symbol == nullptr) return false;
  out = reinterpret_cast<F*>(symbol);  // NOLINT: dlsym's answer is the function's address
  return true;
}

Result<CurlLibrary> open_curl() {
  // Kept open for the life of the process, as libcurl's global state must be.
  void* handle = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return fail(Error::permanent(
        fmt::format("cannot open {} (Debian package libcurl4): {}", kLibrary, why ? why : "")));
  }
  CurlLibrary c{};
  CURLcode (*global_init)(long) = nullptr;
  curl_version_info_data* (*version_info)(CURLversion) = nullptr;
  const bool all = find(handle, "curl_global_init", global_init) &&
                   find(handle, "curl_version_info", version_info) &&
                   find(handle, "curl_easy_init", c.easy_init) &&
                   find(handle, "curl_easy_setopt", c.easy_setopt) &&
                   find(handle, "curl_easy_perform", c.easy_perform) &&
                   find(handle, "curl_easy_getinfo", c.easy_getinfo) &&
                   find(handle, "curl_easy_strerror", c.easy_strerror) &&
                   find(handle, "curl_easy_reset", c.easy_reset) &&
                   find(handle, "curl_easy_cleanup", c.easy_cleanup) &&
                   find(handle, "curl_slist_append", c.slist_append) &&
                   find(handle, "curl_slist_free_all", c.slist_free_all);
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
