#include "daemon/config.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/section.hpp"
#include "daemon/config_reader.hpp"
#include "ingest/file_io.hpp"
#include "sources/url.hpp"

namespace pw {
namespace {

using config_detail::read_delivery;
using config_detail::Reader;
using config_detail::table;

constexpr std::size_t kMaxConfigBytes = 1u << 20;

const std::set<std::string> kLogLevels{"trace", "debug", "info", "warning", "error"};

bool valid_date(std::string_view d) {
  int y = 0;
  unsigned m = 0;
  unsigned day = 0;
  if (d.size() != 10 || std::sscanf(std::string(d).c_str(), "%4d-%2u-%2u", &y, &m, &day) != 3) {
    return false;
  }
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m},
                                     std::chrono::day{day}}
      .ok();
}

// Minutes after midnight of "HH:MM", or -1.
int minute_of(std::string_view hhmm) {
  unsigned h = 0;
  unsigned m = 0;
  char tail = 0;
  if (hhmm.size() != 5 || std::sscanf(std::string(hhmm).c_str(), "%2u:%2u%c", &h, &m, &tail) != 2) {
    return -1;
  }
  return (h < 24 && m < 60) ? static_cast<int>(h * 60 + m) : -1;
}

void read_http(Reader& r, const toml::table& t, HttpConfig& h) {
  r.check_keys(t, "[http]",
               {"user_agent", "connect_timeout_seconds", "timeout_seconds", "max_body_bytes",
                "delay_between_requests_ms", "retries", "retry_delay_ms"});
  r.string(t, "user_agent", h.user_agent);
  r.integer(t, "connect_timeout_seconds", h.connect_timeout, 1, 600);
  r.integer(t, "timeout_seconds", h.timeout, 1, 3600);
  r.integer(t, "max_body_bytes", h.max_body_bytes, 1024, std::int64_t{1} << 30);
  r.integer(t, "delay_between_requests_ms", h.delay_between_requests, 0, 60'000);
  r.integer(t, "retries", h.retries, 0, 10);
  r.integer(t, "retry_delay_ms", h.retry_delay, 1, 600'000);
  if (!h.user_agent.empty() && h.user_agent.find('@') == std::string::npos &&
      h.user_agent.find("http") == std::string::npos) {
    r.error(*t.get("user_agent"), "'user_agent' must name a contact: an email address or a URL");
  }
}

void read_schedule(Reader& r, const toml::table& t, ScheduleConfig& s) {
  r.check_keys(t, "[schedule]",
               {"poll_interval_minutes", "quiet_hours", "start_date", "recheck_days",
                "quarantine_after_crashes"});
  r.integer(t, "poll_interval_minutes", s.poll_interval, 1, std::int64_t{24} * 60);
  r.integer(t, "quarantine_after_crashes", s.quarantine_after_crashes, 1, 100);
  r.integer(t, "recheck_days", s.recheck_days, 0, 36'500);
  std::string quiet;
  r.string(t, "quiet_hours", quiet);
  if (!quiet.empty()) {
    const auto dash = quiet.find('-');
    const int from =
        dash == std::string::npos ? -1 : minute_of(std::string_view(quiet).substr(0, dash));
    const int to =
        dash == std::string::npos ? -1 : minute_of(std::string_view(quiet).substr(dash + 1));
    if (from < 0 || to < 0) {
      r.error(*t.get("quiet_hours"), "'quiet_hours' must look like \"01:00-06:00\"");
    } else {
      s.quiet_from_minute = from;
      s.quiet_to_minute = to;
    }
  }
  r.string(t, "start_date", s.start_date);
  if (!s.start_date.empty() && !valid_date(s.start_date)) {
    r.error(*t.get("start_date"), "'start_date' must be a date like \"2026-11-30\"");
  }
}

void check_url(Reader& r, const toml::table& t, SourceConfig& s) {
  const toml::node* n = t.get("base_url");
  const auto url = sources::parse_url(s.base_url);
  if (!url || !sources::check_fetch_url(*url)) {
    r.error(n ? *n : static_cast<const toml::node&>(t),
            "'base_url' must be https:// (plain http only for loopback addresses)");
  }
  if (!s.base_url.empty() && s.base_url.back() != '/') s.base_url += '/';
}

SourceConfig read_source(Reader& r, const toml::table& t) {
  SourceConfig s;
  r.check_keys(t, "[[source]]", {"name", "kind", "base_url", "path", "sections"});
  r.string(t, "name", s.name);
  if (s.name.empty()) r.error_in(t, "[[source]] needs a 'name'");
  std::string kind;
  r.string(t, "kind", kind);
  if (kind == "parlparse-http") {
    s.kind = SourceConfig::Kind::kHttp;
    s.base_url = "https://www.theyworkforyou.com/pwdata/scrapedxml/";
    r.string(t, "base_url", s.base_url);
    check_url(r, t, s);
  } else if (kind == "parlparse-dir") {
    s.kind = SourceConfig::Kind::kDirectory;
    r.string(t, "path", s.path);
    if (s.path.empty()) r.error_in(t, "a parlparse-dir source needs a 'path'");
  } else {
    const toml::node* n = t.get("kind");
    r.error(n ? *n : static_cast<const toml::node&>(t),
            "'kind' must be \"parlparse-http\" or \"parlparse-dir\"");
  }
  s.sections = default_sections();
  r.strings(t, "sections", s.sections);
  for (const auto& section : s.sections) {
    if (!section_from_folder(section)) {
      r.error(*t.get("sections"), fmt::format("unknown section '{}'; sections are {}", section,
                                              fmt::join(default_sections(), ", ")));
    }
  }
  return s;
}

void read_sources(Reader& r, const toml::table& root, Config& c) {
  const toml::node* n = root.get("source");
  if (n == nullptr) return;
  const auto* list = n->as_array();
  if (list == nullptr || !list->is_array_of_tables()) {
    return r.error(*n, "sources are written as [[source]] tables");
  }
  std::set<std::string> names;
  for (const auto& e : *list) {
    const auto& t = *e.as_table();
    SourceConfig s = read_source(r, t);
    if (!s.name.empty() && !names.insert(s.name).second) {
      r.error_in(t, fmt::format("two sources are named '{}'", s.name));
    }
    c.sources.push_back(std::move(s));
  }
}

void read_root(Reader& r, const toml::table& root, Config& c) {
  r.check_keys(root, "the file",
               {"storage", "log", "people", "http", "schedule", "source", "delivery", "email",
                "webhooks", "server", "subscriptions"});
  if (const auto* t = table(r, root, "storage")) {
    r.check_keys(*t, "[storage]", {"database", "outbox_dir"});
    r.string(*t, "database", c.database);
    r.string(*t, "outbox_dir", c.outbox_dir);
  }
  if (const auto* t = table(r, root, "log")) {
    r.check_keys(*t, "[log]", {"level"});
    r.string(*t, "level", c.log_level);
    if (kLogLevels.count(c.log_level) == 0) {
      r.error(*t->get("level"), "'level' must be trace, debug, info, warning or error");
    }
  }
  if (const auto* t = table(r, root, "people")) {
    r.check_keys(*t, "[people]", {"files", "url"});
    r.strings(*t, "files", c.people_files);
    r.string(*t, "url", c.people_url);
    if (!c.people_url.empty()) {
      const auto url = sources::parse_url(c.people_url);
      if (!url || !sources::check_fetch_url(*url)) {
        r.error(*t->get("url"), "'url' must be an https:// URL (http only for loopback)");
      }
    }
  }
  if (const auto* t = table(r, root, "http")) read_http(r, *t, c.http);
  if (const auto* t = table(r, root, "schedule")) read_schedule(r, *t, c.schedule);
  read_delivery(r, root, c.delivery);
  config_detail::read_server(r, root, c.server, c.subscriptions);
  read_sources(r, root, c);
  if (c.sources.empty()) r.error_in(root, "no [[source]]: nothing to watch");
  const bool any_http = std::any_of(c.sources.begin(), c.sources.end(), [](const SourceConfig& s) {
    return s.kind == SourceConfig::Kind::kHttp;
  });
  if ((any_http || !c.people_url.empty()) && c.http.user_agent.empty()) {
    r.error_in(root, "[http] user_agent is required to fetch over HTTP (name a contact)");
  }
}

}  // namespace

std::string Config::people_copy() const {
  const auto folder = std::filesystem::path(database).parent_path();
  return (folder / "people.json").string();
}

const std::vector<std::string>& default_sections() {
  static const std::vector<std::string> folders = [] {
    std::vector<std::string> out;
    for (const auto& i : all_sections()) out.emplace_back(i.folder);
    return out;
  }();
  return folders;
}

Result<Config> parse_config(std::string_view text, const std::string& name) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return fail(Error::invalid(fmt::format("{}:{}:{}: {}", name, e.source().begin.line,
                                           e.source().begin.column, e.description())));
  }
  Reader r(name);
  Config c;
  read_root(r, root, c);
  if (r.ok()) return c;
  return fail(Error::invalid(r.report()));
}

Result<Config> load_config(const std::string& path) {
  PW_TRY_ASSIGN(auto text, read_file(path, kMaxConfigBytes));
  return parse_config(text, path);
}

}  // namespace pw
