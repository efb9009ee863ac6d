#include "sources/parlparse_http_source.hpp"

#include <fmt/format.h>

#include "parse/listing.hpp"

namespace pw::sources {

ParlParseHttpSource::ParlParseHttpSource(std::string name, std::string base_url,
                                         std::vector<std::string> sections, HttpClient& client,
                                         RetryPolicy retry, StopFlag& stop, Log log)
    : name_(std::move(name)),
      base_url_(std::move(base_url)),
      sections_(std::move(sections)),
      client_(client),
      retry_(retry),
      stop_(stop),
      log_(std::move(log)),
      rng_(std::random_device{}()) {
  if (base_url_.empty() || base_url_.back() != '/') base_url_.push_back('/');
}

Result<HttpResponse> ParlParseHttpSource::get(const HttpRequest& request) {
  auto r = get_with_retry(client_, request, retry_, stop_, rng_, [this](std::string_view line) {
    log_(name_ + ": " + std::string(line));
  });
  if (!r) return fail(r.error().with_context("source " + name_));
  return r;
}

Error ParlParseHttpSource::status_error(const std::string& url, long status) const {
  const auto message = fmt::format("source {}: {}: HTTP {}", name_, url, status);
  return status >= 500 || status == 429 || status == 408 || status == 404
             ? Error::transient(message)
             : Error::permanent(message);
}

Result<std::vector<std::string>> ParlParseHttpSource::list_section(const std::string& section) {
  Listing& cached = listings_[section];
  HttpRequest request{base_url_ + section + "/", cached.etag, cached.last_modified};
  PW_TRY_ASSIGN(auto r, get(request));
  if (r.status == 304 && !cached.names.empty()) return cached.names;
  if (r.status != 200) return fail(status_error(request.url, r.status));
  auto names = parse::parse_directory_listing(r.body);
  if (!names)
    return fail(names.error().with_context(fmt::format("source {}: {}", name_, request.url)));
  cached = Listing{r.etag, r.last_modified, *names};
  return cached.names;
}

std::map<std::string, std::int64_t> ParlParseHttpSource::change_times(const std::string& section) {
  std::map<std::string, std::int64_t> out;
  const std::string url = base_url_ + section + "/changedates.txt";
  auto r = get(HttpRequest{url, "", ""});
  if (!r || r->status != 200) return out;  // optional: conditional GETs do without it
  const auto dates = parse::parse_changedates(r->body);
  for (const auto& d : dates.latest) out[d.file] = d.unix_time;
  if (dates.bad_lines > 0)
    log_(fmt::format("source {}: {}: {} unreadable lines skipped", name_, url, dates.bad_lines));
  return out;
}

Discovery ParlParseHttpSource::discover() {
  Discovery d;
  for (const auto& section : sections_) {
    if (stop_.raised()) break;
    auto names = list_section(section);
    if (!names) {
      d.errors.push_back(names.error());
      continue;
    }
    const auto times = change_times(section);
    for (const auto& n : *names) {
      const auto t = times.find(n);
      d.files.push_back(RemoteFile{section, n, t == times.end() ? 0 : t->second});
    }
  }
  return d;
}

Result<Fetched> ParlParseHttpSource::fetch(const RemoteFile& file, const Validators* known) {
  HttpRequest request{base_url_ + file.path(), known ? known->etag : "",
                      known ? known->last_modified : ""};
  PW_TRY_ASSIGN(auto r, get(request));
  Fetched f;
  f.location = request.url;
  f.validators = Validators{r.etag, r.last_modified, file.changed_at};
  if (r.status == 304 && known != nullptr) {
    f.not_modified = true;
    return f;
  }
  if (r.status != 200) return fail(status_error(request.url, r.status));
  f.body = std::move(r.body);
  return f;
}

}  // namespace pw::sources
