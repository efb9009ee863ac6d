#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "parse/members.hpp"

namespace pw::parse {
namespace {

using nlohmann::json;

std::string str(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return (it != obj.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

// Builds a display name from a Popolo name entry: "given family" for MPs,
// "Baroness Kinnock of Holyhead" style for lords.
std::string name_of(const json& n) {
  const std::string lord = str(n, "lordname");
  if (!lord.empty() || !str(n, "lordofname").empty()) {
    std::string out = str(n, "honorific_prefix");
    if (!lord.empty()) out += (out.empty() ? "" : " ") + lord;
    const std::string of = str(n, "lordofname");
    if (!of.empty()) out += " of " + of;
    return out;
  }
  std::string given = str(n, "given_name");
  const std::string family = str(n, "family_name");
  if (!given.empty() && !family.empty()) given += ' ';
  return given + family;
}

// The person's main name in force last (entries are in date order).
std::string main_name(const json& person) {
  std::string best;
  const auto names = person.find("other_names");
  if (names == person.end() || !names->is_array()) return best;
  for (const auto& n : *names) {
    if (n.is_object() && str(n, "note") == "Main") best = name_of(n);
  }
  return best;
}

void read_persons(const json& doc, Members& members) {
  for (const auto& p : doc.value("persons", json::array())) {
    if (!p.is_object()) continue;
    const std::string id = str(p, "id");
    if (id.empty()) continue;
    const std::string redirect = str(p, "redirect");
    if (!redirect.empty()) {
      members.add_redirect(id, redirect);
    } else {
      members.add_person(id, main_name(p));
    }
  }
}

std::unordered_map<std::string, std::string> names_by_id(const json& doc, const char* list,
                                                         bool area) {
  std::unordered_map<std::string, std::string> out;
  for (const auto& o : doc.value(list, json::array())) {
    if (!o.is_object()) continue;
    if (area) {
      const auto a = o.find("area");
      if (a != o.end() && a->is_object()) out[str(o, "id")] = str(*a, "name");
    } else {
      out[str(o, "id")] = str(o, "name");
    }
  }
  return out;
}

void read_memberships(const json& doc, Members& members) {
  const auto parties = names_by_id(doc, "organizations", false);
  const auto seats = names_by_id(doc, "posts", true);
  std::vector<Membership> terms;
  for (const auto& m : doc.value("memberships", json::array())) {
    if (!m.is_object()) continue;
    Membership ms;
    ms.member_id = str(m, "id");
    ms.person_id = str(m, "person_id");
    if (ms.member_id.empty() || ms.person_id.empty()) continue;
    const auto party = parties.find(str(m, "on_behalf_of_id"));
    ms.party = party != parties.end() ? party->second : str(m, "on_behalf_of_id");
    const auto seat = seats.find(str(m, "post_id"));
    if (seat != seats.end()) ms.constituency = seat->second;
    ms.from_date = str(m, "start_date");
    ms.to_date = str(m, "end_date");
    if (ms.to_date == "9999-12-31") ms.to_date.clear();
    terms.push_back(std::move(ms));
  }
  members.add_memberships(std::move(terms));
}

}  // namespace

Status load_people_json(std::string_view bytes, Members& members) {
  json doc = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return fail(Error::invalid("people.json: not valid JSON"));
  if (!doc.is_object() || !doc.contains("persons")) {
    return fail(Error::invalid("people.json: no \"persons\" list (not Popolo people data)"));
  }
  read_persons(doc, members);
  read_memberships(doc, members);
  return {};
}

}  // namespace pw::parse
