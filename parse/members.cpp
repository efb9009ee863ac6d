#include "parse/members.hpp"

#include <algorithm>
#include <set>

namespace pw::parse {

void Members::add_person(std::string person_id, std::string name) {
  names_[std::move(person_id)] = std::move(name);
}

void Members::add_office(std::string office_id, std::string person_id) {
  person_members_[person_id].push_back(office_id);
  offices_[std::move(office_id)] = std::move(person_id);
}

void Members::add_redirect(std::string from, std::string to) {
  redirects_[std::move(from)] = std::move(to);
}

void Members::add_membership(Membership m) {
  if (!m.person_id.empty() && offices_.count(m.member_id) == 0) {
    add_office(m.member_id, m.person_id);
  }
  memberships_[m.member_id].push_back(std::move(m));
}

std::string Members::canonical(std::string_view person_id) const {
  std::string id(person_id);
  for (int hops = 0; hops < 8; ++hops) {  // merges chain rarely; bound against cycles
    const auto it = redirects_.find(id);
    if (it == redirects_.end()) break;
    id = it->second;
  }
  return id;
}

namespace {

const Membership* term_on_date(const std::vector<Membership>& terms, std::string_view date) {
  for (const auto& m : terms) {
    const bool started = m.from_date.empty() || m.from_date <= date;
    const bool not_ended = m.to_date.empty() || date <= m.to_date;
    if (started && not_ended) return &m;
  }
  return nullptr;
}

}  // namespace

const Membership* Members::membership_on(std::string_view member_id, std::string_view date) const {
  const auto it = memberships_.find(std::string(member_id));
  if (it == memberships_.end() || it->second.empty()) return nullptr;
  const Membership* m = term_on_date(it->second, date);
  return m ? m : &it->second.back();
}

void Members::fill_membership(Person& p, std::string_view date) const {
  const auto it = person_members_.find(p.id);
  if (it == person_members_.end()) return;
  for (const auto& member_id : it->second) {
    const auto terms = memberships_.find(member_id);
    if (terms == memberships_.end()) continue;
    if (const Membership* m = term_on_date(terms->second, date)) {
      p.party = m->party;
      p.constituency = m->constituency;
      return;
    }
  }
}

std::vector<Person> Members::persons() const {
  std::vector<Person> out;
  out.reserve(names_.size());
  for (const auto& [id, name] : names_) out.push_back(Person{id, name, "", ""});
  std::sort(out.begin(), out.end(), [](const Person& a, const Person& b) { return a.id < b.id; });
  return out;
}

std::optional<Person> Members::person(std::string_view person_id, std::string_view date) const {
  Person p;
  p.id = canonical(person_id);
  const auto name = names_.find(p.id);
  if (name == names_.end() && person_members_.count(p.id) == 0) return std::nullopt;
  if (name != names_.end()) p.name = name->second;
  fill_membership(p, date);
  return p;
}

std::optional<Person> Members::person_for_member(std::string_view member_id,
                                                 std::string_view date) const {
  const auto office = offices_.find(std::string(member_id));
  if (office == offices_.end()) return std::nullopt;
  auto p = person(office->second, date);
  if (!p) return std::nullopt;
  if (const Membership* m = membership_on(member_id, date)) {
    p->party = m->party;
    p->constituency = m->constituency;
  }
  return p;
}

namespace {

// Resolves one speaker or voter in place; returns false if its id is unknown.
bool resolve(const Members& members, std::string_view date, const std::string& member_id,
             std::string& person_id, std::string* party, std::string* constituency) {
  std::optional<Person> p;
  if (!member_id.empty()) p = members.person_for_member(member_id, date);
  if (!p && !person_id.empty()) p = members.person(person_id, date);
  if (!p) return member_id.empty();
  person_id = p->id;
  if (party) *party = p->party;
  if (constituency) *constituency = p->constituency;
  return true;
}

}  // namespace

std::vector<std::string> resolve_speakers(Transcript& t, const Members& members) {
  std::set<std::string> unknown;
  for (auto& item : t.items) {
    auto& s = item.speaker;
    if (!resolve(members, t.date, s.member_id, s.person_id, &s.party, &s.constituency)) {
      unknown.insert(s.member_id);
    }
    if (!item.division) continue;
    for (auto& v : item.division->votes) {
      if (!resolve(members, t.date, v.member_id, v.person_id, nullptr, nullptr)) {
        unknown.insert(v.member_id);
      }
    }
  }
  return {unknown.begin(), unknown.end()};
}

}  // namespace pw::parse
