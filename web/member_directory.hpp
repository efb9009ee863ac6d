#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parse/members.hpp"

namespace pw::web {

// One person as the sign-up pages show them when choosing a member.
struct MemberEntry {
  std::string number;        // the person id's number ("10121"), as speaker: takes it
  std::string name;          // current display name
  std::string party;         // of the newest term ("" if the data says none)
  std::string constituency;  // of the newest term
  std::string from;          // first term's start (YYYY-MM-DD or "")
  std::string to;            // newest term's end; "" while serving (as the data says)
};

// Every person of the members data, to look up by part of a name. Built on
// the daemon's loop from its Members and handed to the web face's worker;
// read-only after.
class MemberDirectory {
 public:
  MemberDirectory() = default;
  explicit MemberDirectory(const parse::Members& members);

  // People whose name contains every word of `part` (ASCII
  // case-insensitive), at most `limit`, by name; an exact name (ignoring
  // case) first.
  std::vector<MemberEntry> find(std::string_view part, std::size_t limit) const;
  std::size_t size() const { return entries_.size(); }

 private:
  std::vector<MemberEntry> entries_;  // by name
  std::vector<std::string> folded_;   // lower-case names, same order
};

}  // namespace pw::web
