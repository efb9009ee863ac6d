#pragma once

#include <string>

namespace pw {

// A person as known on a given date: the name, party and constituency of
// the membership in force then. Fields are "" when the data does not say.
struct Person {
  std::string id;            // "uk.org.publicwhip/person/N"
  std::string name;          // "Vernon Coaker"
  std::string party;         // "Lab", "Con", "LDem", ... or "" (e.g. lords here)
  std::string constituency;  // "Gedling", or "" for lords
};

}  // namespace pw
