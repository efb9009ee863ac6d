#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/person.hpp"
#include "core/result.hpp"
#include "core/transcript.hpp"
#include "parse/string_codes.hpp"

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
  std::string open_until;  // set by add_memberships(): last date an open-ended term holds
};

// Who is who: maps member and lord ids to persons, and persons to their
// party and seat on a date. Built by the loaders below; read-only after.
//
// An open-ended term (no end date, or ParlParse's 9999-12-31) only says the
// member was still serving when its file was made. Such a term is trusted
// up to kMembersGraceDays after the newest real date in the same file; for
// a later sitting a person's party and seat stay "", and covers() is false
// once the sitting is after every file's limit, so callers can say so
// instead of guessing.
// Not thread-safe for writes; const methods may be called from any thread.
class Members {
 public:
  // Records a person and their current display name. Later calls win.
  void add_person(std::string_view person_id, std::string name);
  // Records that `office_id` (member/lord id) was held by `person_id`.
  void add_office(std::string_view office_id, std::string_view person_id);
  // Records that person `from` was merged into person `to`.
  void add_redirect(std::string_view from, std::string_view to);
  // Adds one file's terms. Open-ended ones hold until kMembersGraceDays after
  // the newest full date among them (no limit if they have none).
  void add_memberships(std::vector<Membership> terms);

  // The newest full date (YYYY-MM-DD) any membership starts or ends on, other
  // than 9999-12-31; "" when no membership has one.
  const std::string& data_ends() const { return data_ends_; }
  // data_ends() plus kMembersGraceDays: the last sitting date the data is
  // taken to cover; "" when there is no dated membership (no limit).
  std::string covered_until() const;
  // True when `date` (YYYY-MM-DD) is on or before covered_until().
  bool covers(std::string_view date) const { return data_ends_.empty() || date <= covered_until(); }

  // Returns the person who held `member_id`, with party and constituency of
  // the membership in force on `date` (YYYY-MM-DD), or nullopt if the id is
  // unknown.
  // A member id names one term (ParlParse starts a new id for a new party
  // or seat), so its party holds even when covers(date) is false.
  std::optional<Person> person_for_member(std::string_view member_id, std::string_view date) const;

  // Returns a person by id (following merges) as of `date`; nullopt if unknown.
  // Sets *past_data when party and seat are left "" only because the
  // person's open-ended term is past its file's limit.
  std::optional<Person> person(std::string_view person_id, std::string_view date,
                               bool* past_data = nullptr) const;

  // Every term of every member or lord id the person (after merges) held,
  // oldest first; empty for an unknown person.
  std::vector<Membership> terms_of(std::string_view person_id) const;

  std::size_t person_count() const { return names_.size(); }
  // Every person with their current display name (party and seat ""), by id.
  std::vector<Person> persons() const;
  bool empty() const { return names_.empty() && memberships_.empty(); }

 private:
  using Code = StringCodes::Code;
  // One term as held here: Membership's strings as codes, its open_until
  // as the index of its file's limit in limits_.
  struct Term {
    Code member_id = 0;
    Code person_id = 0;
    Code party = 0;
    Code constituency = 0;
    std::string from_date;
    std::string to_date;
    std::uint32_t limit = 0;
  };

  Code canonical(Code person_id) const;
  std::optional<Person> person_by_code(Code person_id, std::string_view date,
                                       bool* past_data) const;
  const Term* membership_on(Code member_id, std::string_view date) const;
  const Term* term_on_date(const std::vector<Term>& terms, std::string_view date,
                           bool trust_open) const;
  // Returns true when a term would be in force but for its file's limit.
  bool fill_membership(Person& p, Code person_id, std::string_view date) const;
  void add_office_code(Code office_id, Code person_id);
  Membership membership(const Term& t) const;

  StringCodes codes_;
  std::unordered_map<Code, std::string> names_;                 // person -> name
  std::unordered_map<Code, Code> offices_;                      // member/lord id -> person
  std::unordered_map<Code, Code> redirects_;                    // merged person -> person
  std::unordered_map<Code, std::vector<Term>> memberships_;     // by member id
  std::unordered_map<Code, std::vector<Code>> person_members_;  // person -> ids
  std::vector<std::string> limits_;                             // open_until of each file
  std::string data_ends_;
};

// How long after the newest date in members data an open-ended term is
// still taken as in force: about the gap between two releases of the data.
inline constexpr int kMembersGraceDays = 183;

// Adds people.xml (person ids, names, offices held) to `members`.
// Returns invalid_input naming the problem if the file is not readable XML.
Status load_people_xml(std::string_view bytes, Members& members);

// Adds ParlParse's XML membership lists: all-members.xml (<member>),
// peers-ucl.xml (<lord>, whose affiliation is the party: "XB", "Bp", ...),
// sp-members.xml (<member_sp>) and ni-members.xml (<member_ni>). One
// element per term with party, seat and dates.
Status load_all_members_xml(std::string_view bytes, Members& members);

// Adds the current Popolo people.json (persons, memberships, posts,
// organizations) to `members`.
Status load_people_json(std::string_view bytes, Members& members);

// Detects which format `bytes` is (by content: JSON, <person> or a
// membership list) and loads it.
// `name` is used in error messages.
Status load_members_file(std::string_view name, std::string_view bytes, Members& members);

// The warning for a sitting on `date` with `items` speeches whose party was
// left out because the members data (newest date `data_ends`) is older:
// says what is left out and what to do.
std::string members_gap_warning(std::string_view date, std::string_view data_ends,
                                std::size_t items);

// What resolve_speakers() could not do, for callers to report as warnings.
struct Resolution {
  // Distinct member/lord ids not in the data: such speakers stay unknown
  // persons (never matched by speaker rules).
  std::vector<std::string> unknown;
  // Items whose speaker is known but whose party and seat are left "" because
  // the sitting is later than the members data covers (see Members).
  std::size_t past_data = 0;
};

// Fills person ids and parties of speakers and voters from `members`, as of
// the transcript's date.
Resolution resolve_speakers(Transcript& t, const Members& members);

}  // namespace pw::parse
