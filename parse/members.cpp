#include "parse/members.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/london_time.hpp"

namespace pw::parse {

void Members::add_person(std::string_view person_id, std::string name) {
  names_[codes_.code(person_id)] = std::move(name);
}

void Members::add_office(std::string_view office_id, std::string_view person_id) {
  add_office_code(codes_.code(office_id), codes_.code(person_id));
}

void Members::add_office_code(Code office_id, Code person_id) {
  person_members_[person_id].push_back(office_id);
  offices_[office_id] = person_id;
}

void Members::add_redirect(std::string_view from, std::string_view to) {
  redirects_[codes_.code(from)] = codes_.code(to);
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
  if (limits_.empty() || limits_.back() != until) limits_.push_back(until);
  const auto limit = static_cast<std::uint32_t>(limits_.size() - 1);
  for (auto& m : terms) {
    const Code member = codes_.code(m.member_id);
    const Code person = codes_.code(m.person_id);
    if (!m.person_id.empty() && offices_.count(member) == 0) add_office_code(member, person);
    memberships_[member].push_back(Term{member, person, codes_.code(m.party),
                                        codes_.code(m.constituency), std::move(m.from_date),
                                        std::move(m.to_date), limit});
  }
}

std::string Members::covered_until() const {
  return data_ends_.empty() ? "" : days_before(data_ends_, -kMembersGraceDays);
}

Members::Code Members::canonical(Code person_id) const {
  Code id = person_id;
  for (int hops = 0; hops < 8; ++hops) {  // merges chain rarely; bound against cycles
    const auto it = redirects_.find(id);
    if (it == redirects_.end()) break;
    id = it->second;
  }
  return id;
}

// The term in force on `date`. With `trust_open` false, an open-ended term
// counts only up to its file's limit (open_until).
const Members::Term* Members::term_on_date(const std::vector<Term>& terms, std::string_view date,
                                           bool trust_open) const {
  for (const auto& t : terms) {
    const std::string& open_until = limits_[t.limit];
    const bool started = t.from_date.empty() || t.from_date <= date;
    const bool open_holds = trust_open || open_until.empty() || date <= open_until;
    const bool not_ended = t.to_date.empty() ? open_holds : date <= t.to_date;
    if (started && not_ended) return &t;
  }
  return nullptr;
}

const Members::Term* Members::membership_on(Code member_id, std::string_view date) const {
  const auto it = memberships_.find(member_id);
  if (it == memberships_.end() || it->second.empty()) return nullptr;
  const Term* t = term_on_date(it->second, date, true);
  return t ? t : &it->second.back();
}

bool Members::fill_membership(Person& p, Code person_id, std::string_view date) const {
  const auto it = person_members_.find(person_id);
  if (it == person_members_.end()) return false;
  bool past_limit = false;
  for (const Code member_id : it->second) {
    const auto terms = memberships_.find(member_id);
    if (terms == memberships_.end()) continue;
    if (const Term* t = term_on_date(terms->second, date, false)) {
      p.party = codes_.text(t->party);
      p.constituency = codes_.text(t->constituency);
      return false;
    }
    past_limit = past_limit || term_on_date(terms->second, date, true) != nullptr;
  }
  return past_limit;
}

Membership Members::membership(const Term& t) const {
  return Membership{codes_.text(t.member_id),
                    codes_.text(t.person_id),
                    codes_.text(t.party),
                    codes_.text(t.constituency),
                    t.from_date,
                    t.to_date,
                    limits_[t.limit]};
}

std::vector<Membership> Members::terms_of(std::string_view person_id) const {
  std::vector<Membership> out;
  const auto code = codes_.find(person_id);
  if (!code) return out;
  const auto it = person_members_.find(canonical(*code));
  if (it == person_members_.end()) return out;
  for (const Code member_id : it->second) {
    const auto terms = memberships_.find(member_id);
    if (terms == memberships_.end()) continue;
    for (const auto& t : terms->second) out.push_back(membership(t));
  }
  std::sort(out.begin(), out.end(), [](const Membership& a, const Membership& b) {
    return a.from_date != b.from_date ? a.from_date < b.from_date : a.member_id < b.member_id;
  });
  return out;
}

std::vector<Person> Members::persons() const {
  std::vector<Person> out;
  out.reserve(names_.size());
  for (const auto& [id, name] : names_) out.push_back(Person{codes_.text(id), name, "", ""});
  std::sort(out.begin(), out.end(), [](const Person& a, const Person& b) { return a.id < b.id; });
  return out;
}

std::optional<Person> Members::person(std::string_view person_id, std::string_view date,
                                      bool* past_data) const {
  const auto code = codes_.find(person_id);
  if (!code) return std::nullopt;
  return person_by_code(*code, date, past_data);
}

std::optional<Person> Members::person_by_code(Code person_id, std::string_view date,
                                              bool* past_data) const {
  const Code id = canonical(person_id);
  const auto name = names_.find(id);
  if (name == names_.end() && person_members_.count(id) == 0) return std::nullopt;
  Person p;
  p.id = codes_.text(id);
  if (name != names_.end()) p.name = name->second;
  const bool past = fill_membership(p, id, date);
  if (past_data != nullptr) *past_data = past;
  return p;
}

std::optional<Person> Members::person_for_member(std::string_view member_id,
                                                 std::string_view date) const {
  const auto code = codes_.find(member_id);
  if (!code) return std::nullopt;
  const auto office = offices_.find(*code);
  if (office == offices_.end()) return std::nullopt;
  auto p = person_by_code(office->second, date, nullptr);
  if (!p) return std::nullopt;
  if (const Term* t = membership_on(*code, date)) {
    p->party = codes_.text(t->party);
    p->constituency = codes_.text(t->constituency);
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
