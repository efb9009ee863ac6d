#include "web/metrics.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "storage/settings_repository.hpp"
#include "storage/source_repository.hpp"

namespace pw::web {
namespace {

struct Help {
  const char* name;
  const char* text;
};

// The process counters the daemon increments, and what they count.
constexpr Help kCounterHelp[] = {
    {"parlwatch_http_requests_total", "HTTP requests served, by route and status code."},
    {"parlwatch_files_fetched_total", "Transcript files fetched, by source."},
    {"parlwatch_fetch_errors_total", "Errors met while polling, by source."},
    {"parlwatch_alerts_total", "Delivery attempts, by outcome (sent, retry, dead)."},
    {"parlwatch_unexpected_errors_total",
     "Exceptions no handler expected, by where (loop, http, poll, delivery, people data fetch); "
     "logged, and the daemon carried on."},
};

std::string escape_label(const std::string& v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string labels_text(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (const auto& [k, v] : labels) {
    out += (out.size() > 1 ? "," : "") + k + "=\"" + escape_label(v) + "\"";
  }
  return out + "}";
}

void family(std::string& out, const char* name, const char* type, const char* help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void sample(std::string& out, const std::string& name, const Labels& labels, std::int64_t value) {
  out += fmt::format("{}{} {}\n", name, labels_text(labels), value);
}

void by_state(std::string& out, const char* name, const char* help,
              const std::map<std::string, std::int64_t>& counts,
              std::initializer_list<const char*> states) {
  family(out, name, "gauge", help);
  for (const char* state : states) {
    const auto it = counts.find(state);
    sample(out, name, {{"state", state}}, it == counts.end() ? 0 : it->second);
  }
}

void store_metrics(std::string& out, const MetricsSnapshot& m) {
  const auto& s = m.store;
  family(out, "parlwatch_files_ingested_total", "counter", "Transcript files stored.");
  sample(out, "parlwatch_files_ingested_total", {}, s.files);
  family(out, "parlwatch_items_ingested_total", "counter", "Transcript items stored.");
  sample(out, "parlwatch_items_ingested_total", {}, s.items);
  family(out, "parlwatch_matches_total", "counter", "Rule matches recorded.");
  sample(out, "parlwatch_matches_total", {}, s.matches);
  by_state(out, "parlwatch_subscriptions", "Subscriptions by state.", s.subscriptions,
           {"unconfirmed", "active", "suspended"});
  by_state(out, "parlwatch_outbox_messages", "Outbox messages by state.", s.outbox,
           {"pending", "sending", "retry", "sent", "dead"});
  family(out, "parlwatch_oldest_undelivered_alert_age_seconds", "gauge",
         "Age of the oldest message not yet sent (0 when none).");
  sample(out, "parlwatch_oldest_undelivered_alert_age_seconds", {},
         s.oldest_undelivered_id == 0 ? 0
                                      : std::max<std::int64_t>(0, m.now - s.oldest_undelivered_at));
}

void poll_metrics(std::string& out, const MetricsSnapshot& m) {
  family(out, "parlwatch_last_poll_timestamp_seconds", "gauge",
         "Unix time of the last poll, by source.");
  for (const auto& p : m.polls) {
    sample(out, "parlwatch_last_poll_timestamp_seconds", {{"source", p.source}}, p.last_poll_at);
  }
  family(out, "parlwatch_last_successful_poll_timestamp_seconds", "gauge",
         "Unix time of the last poll without errors, by source (0: none yet).");
  for (const auto& p : m.polls) {
    sample(out, "parlwatch_last_successful_poll_timestamp_seconds", {{"source", p.source}},
           p.last_success_at);
  }
}

void people_metrics(std::string& out, const MetricsSnapshot& m) {
  family(out, "parlwatch_people_persons", "gauge",
         "Persons in the loaded members data (0: none, speakers stay unresolved).");
  sample(out, "parlwatch_people_persons", {}, m.people_persons);
  family(out, "parlwatch_people_problems", "gauge",
         "1 while a members file is missing, broken or not yet fetched (see status).");
  sample(out, "parlwatch_people_problems", {}, m.people_problems ? 1 : 0);
  family(out, "parlwatch_files_after_people_data", "gauge",
         "Stored files whose sitting is later than the members data covers (parties left empty).");
  sample(out, "parlwatch_files_after_people_data", {}, m.store.files_after_members);
  family(out, "parlwatch_files_quarantined", "gauge",
         "Fetched files not ingested because ingesting them ended the process (see status).");
  sample(out, "parlwatch_files_quarantined", {},
         static_cast<std::int64_t>(m.store.quarantined.size()));
}

void counter_metrics(std::string& out, const MetricsSnapshot& m) {
  for (const auto& h : kCounterHelp) {
    family(out, h.name, "counter", h.text);
    for (const auto& [key, value] : m.counters) {
      if (key.first == h.name) sample(out, key.first, key.second, static_cast<std::int64_t>(value));
    }
  }
}

}  // namespace

Result<MetricsSnapshot> read_metrics(storage::Database& db, const Counters& counters,
                                     std::int64_t now) {
  MetricsSnapshot m;
  m.now = now;
  PW_TRY_ASSIGN(auto store, storage::summarise(db));
  m.store = std::move(store);
  PW_TRY_ASSIGN(auto polls, storage::SourceRepository(db).polls());
  m.polls = std::move(polls);
  m.counters = counters.snapshot();
  storage::SettingsRepository settings(db);
  PW_TRY_ASSIGN(auto persons, settings.get("people_persons"));
  m.people_persons = persons.has_value() ? std::atoll((persons)->c_str()) : 0;
  PW_TRY_ASSIGN(auto problems, settings.get("people_problems"));
  m.people_problems = problems.has_value() && !(problems)->empty();
  return m;
}

std::string render_metrics(const MetricsSnapshot& m) {
  std::string out;
  store_metrics(out, m);
  poll_metrics(out, m);
  people_metrics(out, m);
  counter_metrics(out, m);
  return out;
}

}  // namespace pw::web
