#pragma once

#include <string>
#include <string_view>

namespace pw {

// A person as known on a given date: the name, party and constituency of
// the membership in force then. Fields are "" when the data does not say.
struct Person {
  std::string id;            // "uk.org.publicwhip/person/N"
  std::string name;          // "Vernon Coaker"
  std::string party;         // "Lab", "Con", "LDem", ... or "" (e.g. lords here)
  std::string constituency;  // "Gedling", or "" for lords
};

// The number that ends a person id ("10121" of ".../person/10121"): what
// a speaker: rule names.
inline std::string person_number(std::string_view person_id) {
  return std::string(person_id.substr(person_id.rfind('/') + 1));
}

}  // namespace pw
