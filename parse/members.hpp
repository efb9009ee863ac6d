#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/person.hpp"
#include "core/result.hpp"
#include "core/transcript.hpp"

namespace pw::parse {

// One term of one member or lord id: who held it, for which party and seat,
// between which dates ("" = open-ended).
struct Membership {
  std::string member_id;  // "uk.org.publicwhip/member/N" or ".../lord/N"
  std::string person_id;  // "" when the source (all-members.xml) does not say
  std::string party;
  std::string constituency;
  std::string from_date;
  std::string to_date;
};

// Who is who: maps member and lord ids to persons, and persons to their
// party and seat on a date. Built by the loaders below; read-only after.
// Not thread-safe for writes; const methods may be called from any thread.
class Members {
 public:
  // Records a person and their current display name. Later calls win.
  void add_person(std::string person_id, std::string name);
  // Records that `office_id` (member/lord id) was held by `person_id`.
  void add_office(std::string office_id, std::string person_id);
  // Records that person `from` was merged into person `to`.
  void add_redirect(std::string from, std::string to);
  void add_membership(Membership m);

  // Returns the person who held `member_id`, with party and constituency of
  // the membership in force on `date` (YYYY-MM-DD), or nullopt if the id is
  // unknown.
  std::optional<Person> person_for_member(std::string_view member_id, std::string_view date) const;

  // Returns a person by id (following merges) as of `date`; nullopt if unknown.
  std::optional<Person> person(std::string_view person_id, std::string_view date) const;

  std::size_t person_count() const { return names_.size(); }
  // Every person with their current display name (party and seat ""), by id.
  std::vector<Person> persons() const;
  bool empty() const { return names_.empty() && memberships_.empty(); }

 private:
  std::string canonical(std::string_view person_id) const;
  const Membership* membership_on(std::string_view member_id, std::string_view date) const;
  void fill_membership(Person& p, std::string_view date) const;

  std::unordered_map<std::string, std::string> names_;      // person id -> name
  std::unordered_map<std::string, std::string> offices_;    // member/lord id -> person id
  std::unordered_map<std::string, std::string> redirects_;  // merged person -> person
  std::unordered_map<std::string, std::vector<Membership>> memberships_;      // by member id
  std::unordered_map<std::string, std::vector<std::string>> person_members_;  // person -> ids
};

// Adds people.xml (person ids, names, offices held) to `members`.
// Returns invalid_input naming the problem if the file is not readable XML.
Status load_people_xml(std::string_view bytes, Members& members);

// Adds all-members.xml (one <member> per term with party and seat).
Status load_all_members_xml(std::string_view bytes, Members& members);

// Adds the current Popolo people.json (persons, memberships, posts,
// organizations) to `members`.
Status load_people_json(std::string_view bytes, Members& members);

// Detects which of the three formats `bytes` is (by content) and loads it.
// `name` is used in error messages.
Status load_members_file(std::string_view name, std::string_view bytes, Members& members);

// Fills person ids and parties of speakers and voters from `members`, as of
// the transcript's date. Returns the distinct member/lord ids that did not
// resolve: such speakers stay unknown persons (never matched by speaker
// rules), which callers report as warnings.
std::vector<std::string> resolve_speakers(Transcript& t, const Members& members);

}  // namespace pw::parse
