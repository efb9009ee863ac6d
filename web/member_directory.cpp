#include "web/member_directory.hpp"

#include <algorithm>
#include <numeric>

#include "core/person.hpp"
#include "core/text.hpp"

namespace pw::web {
namespace {

std::vector<std::string> words_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < s.size()) {
    const auto start = s.find_first_not_of(' ', at);
    if (start == std::string::npos) break;
    const auto end = std::min(s.find(' ', start), s.size());
    out.push_back(s.substr(start, end - start));
    at = end;
  }
  return out;
}

MemberEntry entry_of(const Person& p, const std::vector<parse::Membership>& terms) {
  MemberEntry e{person_number(p.id), p.name, "", "", "", ""};
  if (terms.empty()) return e;
  e.from = terms.front().from_date;
  const auto newest = std::max_element(terms.begin(), terms.end(),
                                       [](const parse::Membership& a, const parse::Membership& b) {
                                         return a.from_date < b.from_date;
                                       });
  e.party = newest->party;
  e.constituency = newest->constituency;
  e.to = newest->to_date == "9999-12-31" ? "" : newest->to_date;
  return e;
}

}  // namespace

MemberDirectory::MemberDirectory(const parse::Members& members) {
  for (const auto& p : members.persons()) {
    if (p.name.empty()) continue;
    entries_.push_back(entry_of(p, members.terms_of(p.id)));
  }
  std::sort(entries_.begin(), entries_.end(), [](const MemberEntry& a, const MemberEntry& b) {
    return a.name != b.name ? a.name < b.name : a.number < b.number;
  });
  folded_.reserve(entries_.size());
  for (const auto& e : entries_) folded_.push_back(ascii_lower(e.name));
}

std::vector<MemberEntry> MemberDirectory::find(std::string_view part, std::size_t limit) const {
  const auto wanted = ascii_lower(part);
  const auto words = words_of(wanted);
  std::vector<MemberEntry> out;
  if (words.empty()) return out;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& name = folded_[i];
    const bool all = std::all_of(words.begin(), words.end(), [&](const std::string& w) {
      return name.find(w) != std::string::npos;
    });
    if (!all) continue;
    if (name == wanted) {
      out.insert(out.begin(), entries_[i]);
    } else {
      out.push_back(entries_[i]);
    }
  }
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace pw::web
