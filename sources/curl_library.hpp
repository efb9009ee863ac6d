#pragma once

#include <curl/curl.h>

#include "core/result.hpp"

namespace pw::sources {

// The libcurl functions parlwatch calls, from libcurl.so.4 opened when a
// transfer is first set up rather than linked: commands that make no
// network transfer (parse, ingest, rule import, the daemon delivering to
// a local outbox) start without mapping libcurl and the forty libraries it
// brings (TLS, Kerberos, LDAP, IDN), which cost every process about 4 ms
// and 4 MiB. The pointers are those of the library itself.
struct CurlLibrary {
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  const char* (*easy_strerror)(CURLcode);
  void (*easy_reset)(CURL*);
  void (*easy_cleanup)(CURL*);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
};

// The oldest libcurl parlwatch works with: 7.85.0, for CURLOPT_PROTOCOLS_STR.
inline constexpr unsigned kOldestCurl = 0x075500;

// Opens libcurl.so.4 and initialises it, once per process (thread-safe;
// later calls return the first call's answer). An error (permanent) if the
// library cannot be opened, lacks a function, or is older than kOldestCurl.
Result<const CurlLibrary*> load_curl();

// The functions of the library load_curl() opened; load_curl() must have
// succeeded.
const CurlLibrary& curl();

}  // namespace pw::sources
