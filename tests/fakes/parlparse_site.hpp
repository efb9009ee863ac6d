#pragma once

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "tests/fakes/http_server.hpp"

namespace pw::test {

// A fault the fake site injects on requests whose target contains `match`.
// `action` is one of: a status ("500", "404"), "429:S" or "503:S" (with
// Retry-After: S), "stall:MS", "truncate", "hangup", "redirect:URL",
// "garbage" (a 200 with invalid XML). `times` < 0 means every time.
struct Fault {
  std::string match;
  std::string action;
  int times = -1;
};

// Parses fault lines "MATCH ACTION [TIMES]"; '#' starts a comment.
std::vector<Fault> parse_faults(const std::string& text);

// TheyWorkForYou's scrapedxml layout served from a local directory:
// /scrapedxml/SECTION/ is an Apache-style listing of ROOT/SECTION,
// /scrapedxml/SECTION/NAME a file with an ETag and Last-Modified, answered
// 304 to a matching If-None-Match or If-Modified-Since; /members/NAME is
// ROOT/members/NAME (people.json) the same way. Thread-safe.
class ParlParseSite {
 public:
  explicit ParlParseSite(std::filesystem::path root) : root_(std::move(root)) {}

  // Replaces the faults; counts start afresh.
  void set_faults(std::vector<Fault> faults);
  // Also receive webhooks: a POST to /hooks/... is answered 204 and kept
  // as DIR/N.json (body) and DIR/N.headers ("name: value" lines), N
  // counting from 1, unless a fault matches it first.
  void receive_hooks_in(std::filesystem::path dir) { hook_dir_ = std::move(dir); }
  HttpReply handle(const HttpRequestSeen& request);

 private:
  bool apply_fault(const std::string& target, HttpReply& reply);
  HttpReply serve_file(const std::filesystem::path& file, const HttpRequestSeen& request);
  HttpReply serve_listing(const std::filesystem::path& dir, const HttpRequestSeen& request);

  std::filesystem::path root_;
  std::mutex mutex_;
  std::vector<Fault> faults_;
  std::filesystem::path hook_dir_;
  int hooks_ = 0;
};

}  // namespace pw::test
