#include "ingest/votes.hpp"
#include <utility>

#include <set>

#include <fmt/format.h>

namespace pw::ingest {
namespace {

std::string count_title(const std::string& name) {
  if (name == "ayes") return "Ayes";
  if (name == "noes") return "Noes";
  if (name == "content") return "Contents";
  if (name == "not-content") return "Not-contents";
  return name;
}

std::string proxy_name(const Division& d, const std::string& proxy, const Transcript& t,
                       const parse::Members& members) {
  if (proxy.empty()) return "";
  for (const auto& v : d.votes) {
    if (v.person_id == proxy && !v.name.empty()) return v.name;
  }
  const auto p = members.person(proxy, t.date);
  return p && !p->name.empty() ? p->name : proxy;
}

}  // namespace

deliver::VoteLine vote_line(const Item& item, const std::string& person_id, const Transcript& t,
                            const parse::Members& members) {
  const Division& d = *item.division;
  deliver::VoteLine line;
  line.person_id = person_id;
  line.division_gid = item.gid;
  line.number = d.number;
  const auto& h = item.headings;
  for (auto it = h.size() > 2 ? h.end() - 2 : h.begin(); it != h.end(); ++it) {
    line.subject += (line.subject.empty() ? "" : " > ") + *it;
  }
  line.result = division_result(d);
  line.vote = "absent";
  for (const auto& v : d.votes) {
    if (v.person_id != person_id) continue;
    line.vote = v.vote;
    line.teller = v.teller;
    line.proxy = proxy_name(d, v.proxy, t, members);
    break;
  }
  return line;
}

namespace {

// The (rule, first alert on the person) pairs to report, in first-alerted order.
std::vector<std::pair<std::int64_t, const deliver::AlertItem*>> watched(
    const std::vector<deliver::AlertItem>& alerts, const RuleCache& rules) {
  std::vector<std::pair<std::int64_t, const deliver::AlertItem*>> out;
  std::set<std::pair<std::int64_t, std::string>> seen;
  for (const auto& a : alerts) {
    if (a.person_id.empty() || !rules.rules().is_speaker_rule(a.rule_id)) continue;
    if (!rules.record(a.rule_id).votes) continue;
    if (seen.emplace(a.rule_id, a.person_id).second) out.emplace_back(a.rule_id, &a);
  }
  return out;
}

}  // namespace

std::string division_result(const Division& d) {
  std::vector<std::pair<std::string, int>> sides;
  for (const auto& [name, n] : d.counts) {
    if (name.rfind("teller", 0) != 0) sides.emplace_back(count_title(name), n);
  }
  std::string out;
  for (const auto& [name, n] : sides) {
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", name, n);
  }
  if (sides.size() == 2 && sides[0].second != sides[1].second) {
    const auto& winner = sides[0].second > sides[1].second ? sides[0] : sides[1];
    out += fmt::format(": the {} have it", winner.first);
  }
  return out;
}

std::vector<deliver::VoteLine> vote_lines(const Transcript& t,
                                          const std::vector<deliver::AlertItem>& alerts,
                                          const RuleCache& rules, const parse::Members& members) {
  std::vector<deliver::VoteLine> out;
  for (const auto& [rule_id, alert] : watched(alerts, rules)) {
    for (const auto& item : t.items) {
      if (!item.division) continue;
      auto line = vote_line(item, alert->person_id, t, members);
      line.rule_id = rule_id;
      line.person_name = alert->speaker_name;
      out.push_back(std::move(line));
    }
  }
  return out;
}

}  // namespace pw::ingest
