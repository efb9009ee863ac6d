#pragma once

#include <vector>

#include "core/person.hpp"
#include "rules/query.hpp"

namespace pw {

// Returns a resolver for speaker:"Name" that matches `persons` by name,
// ignoring case and accents. One exact match resolves; several are an
// error listing them with their ids; none is an error listing people whose
// names share a word with the one given.
rules::SpeakerResolver make_speaker_resolver(std::vector<Person> persons);

}  // namespace pw
