#include "cli/transcript_json.hpp"

namespace pw::cli {
namespace {

using nlohmann::json;

json nullable(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

json division_json(const Division& d) {
  json counts = json::object();
  for (const auto& [name, n] : d.counts) counts[name] = n;
  json votes = json::array();
  for (const auto& v : d.votes) {
    votes.push_back({{"member_id", v.member_id},
                     {"person", nullable(v.person_id)},
                     {"name", v.name},
                     {"vote", v.vote},
                     {"teller", v.teller}});
  }
  return {{"number", d.number}, {"counts", counts}, {"votes", votes}};
}

json item_json(const Item& item) {
  json j{{"id", item.gid},
         {"key", item.key},
         {"kind", item_kind_name(item.kind)},
         {"headings", item.headings},
         {"member_id", nullable(item.speaker.member_id)},
         {"person", nullable(item.speaker.person_id)},
         {"speaker_name", nullable(item.speaker.name)},
         {"speaker_office", nullable(item.speaker.office)},
         {"party", nullable(item.speaker.party)},
         {"time", nullable(item.time)},
         {"column", item.column},
         {"url", item.url},
         {"text", item.text}};
  if (item.division) j["division"] = division_json(*item.division);
  return j;
}

}  // namespace

json transcript_json(const Transcript& t) {
  json items = json::array();
  for (const auto& item : t.items) items.push_back(item_json(item));
  json redirects = json::array();
  for (const auto& r : t.redirects) {
    redirects.push_back({{"old", r.old_gid},
                         {"new", r.new_gid},
                         {"old_key", r.old_key},
                         {"new_key", r.new_key},
                         {"matchtype", r.match_type}});
  }
  return {{"file", t.file_name},
          {"section", section_name(t.section)},
          {"date", t.date},
          {"version", t.version},
          {"latest", t.latest},
          {"items", std::move(items)},
          {"redirects", std::move(redirects)}};
}

}  // namespace pw::cli
