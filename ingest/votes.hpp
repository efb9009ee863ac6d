#pragma once

#include <vector>

#include "core/transcript.hpp"
#include "deliver/alert.hpp"
#include "ingest/rule_cache.hpp"
#include "parse/members.hpp"

namespace pw::ingest {

// How the people that speaker rules alerted on voted in the sitting `t`:
// for each rule in `alerts` that names a speaker and wants votes
// (RuleRecord::votes), and each person it alerted on, one line per division
// of `t` in order, "absent" where the person is not listed. A proxy vote
// names its holder, from the division's lists or else `members`. Every
// alerted rule must be loaded in `rules`.
std::vector<deliver::VoteLine> vote_lines(const Transcript& t,
                                          const std::vector<deliver::AlertItem>& alerts,
                                          const RuleCache& rules, const parse::Members& members);

// How `person_id` voted in `division` (an item of `t` with a Division):
// rule id and person name left for the caller.
deliver::VoteLine vote_line(const Item& division, const std::string& person_id, const Transcript& t,
                            const parse::Members& members);

// "Ayes 242, Noes 309: the Noes have it" (Lords: Contents, Not-contents).
std::string division_result(const Division& d);

}  // namespace pw::ingest
