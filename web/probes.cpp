#include "web/probes.hpp"

#include "web/metrics.hpp"

namespace pw::web {

Probes::Probes(storage::Database& db, Counters& counters, const Clock& clock)
    : db_(db), counters_(counters), clock_(clock) {}

bool Probes::serves(std::string_view path) {
  return path == "/healthz" || path == "/readyz" || path == "/metrics";
}

Response Probes::handle(const Request& request) {
  std::string name = "other";
  Response r = route(request, name);
  return finish_answer(std::move(r), name, counters_);
}

Response Probes::route(const Request& r, std::string& name) {
  const std::string path = r.path();
  if (!serves(path)) return json_error(404, "no such page");
  name = path.substr(1);
  if (r.method != "GET" && r.method != "HEAD") return method_not_allowed("GET");
  if (path == "/healthz") return Response{200, "text/plain; charset=utf-8", "ok\n", {}};
  if (path == "/readyz") return ready();
  return metrics();
}

Response Probes::ready() {
  std::vector<std::string> problems;
  if (auto ok = db_.scalar("SELECT COUNT(*) FROM sqlite_schema"); !ok) {
    problems.push_back("database: " + ok.error().message);
  } else if (readiness_) {
    problems = readiness_(db_);
  }
  if (problems.empty()) return Response{200, "text/plain; charset=utf-8", "ready\n", {}};
  std::string body = "not ready:\n";
  for (const auto& p : problems) body += "  " + p + "\n";
  return Response{503, "text/plain; charset=utf-8", body, {}};
}

Response Probes::metrics() {
  auto m = read_metrics(db_, counters_, unix_seconds(clock_.now()));
  if (!m) return json_error(503, m.error().message);
  return Response{200, "text/plain; version=0.0.4; charset=utf-8", render_metrics(*m), {}};
}

}  // namespace pw::web
