#pragma once

#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "sources/http_client.hpp"
#include "sources/retry.hpp"
#include "sources/source.hpp"

namespace pw::sources {

// TheyWorkForYou's published ParlParse XML over HTTP: base_url/SECTION/ is
// an HTML directory listing, base_url/SECTION/changedates.txt (optional)
// says when each file last changed, base_url/SECTION/NAME is a transcript.
// Listings are fetched conditionally and remembered between polls; files
// are fetched conditionally (ETag / Last-Modified). Transient failures are
// retried per `retry`. Holds references to the client and stop flag, which
// must outlive it.
class ParlParseHttpSource final : public Source {
 public:
  using Log = std::function<void(std::string_view)>;

  ParlParseHttpSource(std::string name, std::string base_url, std::vector<std::string> sections,
                      HttpClient& client, RetryPolicy retry, StopFlag& stop, Log log);

  const std::string& name() const override { return name_; }
  Discovery discover() override;
  Result<Fetched> fetch(const RemoteFile& file, const Validators* known) override;

 private:
  struct Listing {
    std::string etag, last_modified;
    std::vector<std::string> names;
  };
  Result<HttpResponse> get(const HttpRequest& request);
  Result<std::vector<std::string>> list_section(const std::string& section);
  std::map<std::string, std::int64_t> change_times(const std::string& section);
  Error status_error(const std::string& url, long status) const;

  std::string name_;
  std::string base_url_;  // ends with '/'
  std::vector<std::string> sections_;
  HttpClient& client_;
  RetryPolicy retry_;
  StopFlag& stop_;
  Log log_;
  std::mt19937_64 rng_;
  std::map<std::string, Listing> listings_;  // by section
};

}  // namespace pw::sources
