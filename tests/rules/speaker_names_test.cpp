#include "rules/speaker_names.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw {
namespace {

using ::testing::HasSubstr;

const std::vector<Person> kPeople{{"uk.org.publicwhip/person/10121", "Vernon Coaker", {}, {}},
                                  {"uk.org.publicwhip/person/10545", "Andrew Smith", {}, {}},
                                  {"uk.org.publicwhip/person/10546", "Angela Smith", {}, {}},
                                  {"uk.org.publicwhip/person/11814", "Angela Smith", {}, {}},
                                  {"uk.org.publicwhip/person/1", "Se\u00e1n Fein", {}, {}}};

TEST(SpeakerNames, ResolveOneExactNameIgnoringCaseAndAccents) {
  const auto resolve = make_speaker_resolver(kPeople);
  EXPECT_EQ(*resolve("Vernon Coaker"), "uk.org.publicwhip/person/10121");
  EXPECT_EQ(*resolve("vernon  COAKER"), "uk.org.publicwhip/person/10121");
  EXPECT_EQ(*resolve("Sean Fein"), "uk.org.publicwhip/person/1");
}

TEST(SpeakerNames, AmbiguousNamesListTheCandidates) {
  auto r = make_speaker_resolver(kPeople)("Angela Smith");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("'Angela Smith' is ambiguous"));
  EXPECT_THAT(r.error().message, HasSubstr("speaker:10546"));
  EXPECT_THAT(r.error().message, HasSubstr("speaker:11814"));
}

TEST(SpeakerNames, UnknownNamesSuggestPeopleSharingTheSurname) {
  auto r = make_speaker_resolver(kPeople)("John Smith");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("no speaker named 'John Smith'; did you mean"));
  EXPECT_THAT(r.error().message, HasSubstr("Andrew Smith (speaker:10545)"));
  auto none = make_speaker_resolver(kPeople)("Nobody");
  ASSERT_FALSE(none);
  EXPECT_THAT(none.error().message, HasSubstr("no speaker named 'Nobody'"));
}

}  // namespace
}  // namespace pw
