#include "parse/members.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/london_time.hpp"

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

namespace {

bool is_full_date(std::string_view d) {
  return d.size() == 10 && d[4] == '-' && d[7] == '-' && d != "9999-12-31";
}

}  // namespace

void Members::add_memberships(std::vector<Membership> terms) {
  std::string newest;
  for (const auto& m : terms) {
    for (const auto* d : {&m.from_date, &m.to_date}) {
      if (is_full_date(*d) && *d > newest) newest = *d;
    }
  }
  const std::string until = newest.empty() ? "" : days_before(newest, -kMembersGraceDays);
  if (newest > data_ends_) data_ends_ = newest;
  for (auto& m : terms) {
    if (!m.person_id.empty() && offices_.count(m.member_id) == 0) {
      add_office(m.member_id, m.person_id);
    }
    m.open_until = until;
    memberships_[m.member_id].push_back(std::move(m));
  }
}

std::string Members::covered_until() const {
  return data_ends_.empty() ? "" : days_before(data_ends_, -kMembersGraceDays);
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

// The term in force on `date`. With `trust_open` false, an open-ended term
// counts only up to its file's limit (open_until).
const Membership* term_on_date(const std::vector<Membership>& terms, std::string_view date,
                               bool trust_open) {
  for (const auto& m : terms) {
    const bool started = m.from_date.empty() || m.from_date <= date;
    const bool open_holds = trust_open || m.open_until.empty() || date <= m.open_until;
    const bool not_ended = m.to_date.empty() ? open_holds : date <= m.to_date;
    if (started && not_ended) return &m;
  }
  return nullptr;
}

}  // namespace

const Membership* Members::membership_on(std::string_view member_id, std::string_view date) const {
  const auto it = memberships_.find(std::string(member_id));
  if (it == memberships_.end() || it->second.empty()) return nullptr;
  const Membership* m = term_on_date(it->second, date, true);
  return m ? m : &it->second.back();
}

bool Members::fill_membership(Person& p, std::string_view date) const {
  const auto it = person_members_.find(p.id);
  if (it == person_members_.end()) return false;
  bool past_limit = false;
  for (const auto& member_id : it->second) {
    const auto terms = memberships_.find(member_id);
    if (terms == memberships_.end()) continue;
    if (const Membership* m = term_on_date(terms->second, date, false)) {
      p.party = m->party;
      p.constituency = m->constituency;
      return false;
    }
    past_limit = past_limit || term_on_date(terms->second, date, true) != nullptr;
  }
  return past_limit;
}

std::vector<Membership> Members::terms_of(std::string_view person_id) const {
  std::vector<Membership> out;
  const auto it = person_members_.find(canonical(person_id));
  if (it == person_members_.end()) return out;
  for (const auto& member_id : it->second) {
    const auto terms = memberships_.find(member_id);
    if (terms != memberships_.end())
      out.insert(out.end(), terms->second.begin(), terms->second.end());
  }
  std::sort(out.begin(), out.end(), [](const Membership& a, const Membership& b) {
    return a.from_date != b.from_date ? a.from_date < b.from_date : a.member_id < b.member_id;
  });
  return out;
}

std::vector<Person> Members::persons() const {
  std::vector<Person> out;
  out.reserve(names_.size());
  for (const auto& [id, name] : names_) out.push_back(Person{id, name, "", ""});
  std::sort(out.begin(), out.end(), [](const Person& a, const Person& b) { return a.id < b.id; });
  return out;
}

std::optional<Person> Members::person(std::string_view person_id, std::string_view date,
                                      bool* past_data) const {
  Person p;
  p.id = canonical(person_id);
  const auto name = names_.find(p.id);
  if (name == names_.end() && person_members_.count(p.id) == 0) return std::nullopt;
  if (name != names_.end()) p.name = name->second;
  const bool past = fill_membership(p, date);
  if (past_data != nullptr) *past_data = past;
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
             std::string& person_id, Speaker* speaker, bool& past_data) {
  std::optional<Person> p;
  past_data = false;
  if (!member_id.empty()) p = members.person_for_member(member_id, date);
  if (!p && !person_id.empty()) p = members.person(person_id, date, &past_data);
  if (!p) return member_id.empty();
  person_id = p->id;
  if (speaker != nullptr) {
    speaker->party = p->party;
    speaker->constituency = p->constituency;
  }
  return true;
}

}  // namespace

std::string members_gap_warning(std::string_view date, std::string_view data_ends,
                                std::size_t items) {
  return fmt::format(
      "sitting of {} is after the members data: {} items keep their speaker but not the party "
      "or seat, as their terms come from a members file too old to say (newest date loaded: "
      "{}), so party: rules miss them; load newer members data",
      date, items, data_ends);
}

Resolution resolve_speakers(Transcript& t, const Members& members) {
  std::set<std::string> unknown;
  Resolution out;
  bool past = false;
  for (auto& item : t.items) {
    auto& s = item.speaker;
    if (!resolve(members, t.date, s.member_id, s.person_id, &s, past)) unknown.insert(s.member_id);
    out.past_data += past ? 1 : 0;
    if (!item.division) continue;
    for (auto& v : item.division->votes) {
      if (!resolve(members, t.date, v.member_id, v.person_id, nullptr, past)) {
        unknown.insert(v.member_id);
      }
    }
  }
  out.unknown.assign(unknown.begin(), unknown.end());
  return out;
}

}  // namespace pw::parse
