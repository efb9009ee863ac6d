#include "rules/query.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/rules/query_text.hpp"

namespace pw::rules {
namespace {

using ::testing::HasSubstr;

using test::error_of;
using test::parsed;

TEST(QuerySyntax, WordsAreAndedImplicitly) {
  EXPECT_EQ(parsed("human trafficking"), "(and human trafficking)");
  EXPECT_EQ(parsed("trafficking"), "trafficking");
}

TEST(QuerySyntax, PhrasesKeepTheirWords) {
  EXPECT_EQ(parsed("\"human trafficking\" police"), "(and \"human trafficking\" police)");
  EXPECT_EQ(parsed("\u201chuman trafficking\u201d"), "\"human trafficking\"");
}

TEST(QuerySyntax, OrBindsLooserThanAnd) {
  EXPECT_EQ(parsed("a b OR c d"), "(or (and a b) (and c d))");
  EXPECT_EQ(parsed("a AND b OR c"), "(or (and a b) c)");
  EXPECT_EQ(parsed("(a OR b) c"), "(and (or a b) c)");
}

TEST(QuerySyntax, ExclusionsWithMinusAndNot) {
  EXPECT_EQ(parsed("nhs -dentist"), "(and nhs (not dentist))");
  EXPECT_EQ(parsed("nhs NOT dentist"), "(and nhs (not dentist))");
  EXPECT_EQ(parsed("nhs -\"dental care\""), "(and nhs (not \"dental care\"))");
  EXPECT_EQ(parsed("nhs -(dentist OR dental)"), "(and nhs (not (or dentist dental)))");
  EXPECT_EQ(parsed("anti-social"), "anti-social");  // a hyphen inside a word is not an exclusion
}

TEST(QuerySyntax, NearWithDefaultAndExplicitDistance) {
  EXPECT_EQ(parsed("police NEAR trafficking"), "(near/10 police trafficking)");
  EXPECT_EQ(parsed("police NEAR/3 \"human trafficking\""), "(near/3 police \"human trafficking\")");
  EXPECT_EQ(parsed("a NEAR/2 b NEAR/2 c"), "(near/2 a b c)");
}

TEST(QuerySyntax, TrailingWildcards) {
  EXPECT_EQ(parsed("traffick* victims"), "(and traffick* victims)");
  EXPECT_EQ(parsed("F\u00e9in*"), "fein*");
}

TEST(QuerySyntax, Filters) {
  EXPECT_EQ(parsed("speaker:10121"), "speaker:uk.org.publicwhip/person/10121");
  EXPECT_EQ(parsed("speaker:uk.org.publicwhip/person/10121"),
            "speaker:uk.org.publicwhip/person/10121");
  EXPECT_EQ(parsed("party:Lab"), "party:labour");
  EXPECT_EQ(parsed("party:\"Liberal Democrat\""), "party:libdem");
  EXPECT_EQ(parsed("department:health"), "department:health");
  EXPECT_EQ(parsed("department:\"Home Office\""), "department:\"home office\"");
  EXPECT_EQ(parsed("heading:\"People Trafficking\""), "heading:\"people trafficking\"");
}

TEST(QuerySyntax, SectionsAndTheirAliases) {
  EXPECT_EQ(parsed("section:wrans"), "(or section:wrans section:lordswrans)");
  EXPECT_EQ(parsed("section:commonswrans"), "section:wrans");
  EXPECT_EQ(parsed("section:lordswrans"), "section:lordswrans");
  EXPECT_EQ(parsed("section:westminhall"), "section:whall");
  EXPECT_EQ(parsed("section:westminster"), "section:whall");
  EXPECT_EQ(parsed("section:debate"), "section:debates");
  EXPECT_EQ(parsed("section:statements"), "(or section:wms section:lordswms)");
  EXPECT_EQ(parsed("section:commonswms"), "section:wms");
  EXPECT_EQ(parsed("section:lordsdebates"), "section:lords");
  EXPECT_EQ(parsed("section:commons"),
            "(or section:debates section:whall section:wrans section:wms section:pbc)");
  EXPECT_EQ(parsed("section:uk"),
            "(or section:debates section:whall section:wrans section:lordswrans section:wms "
            "section:lordswms section:pbc section:lords)");
}

TEST(QuerySyntax, ParsesTheyWorkForYouCriteria) {
  EXPECT_EQ(parsed("(\"NHS\" OR \"social care\") -dentist speaker:10040 section:wrans"),
            "(and (or \"NHS\" \"social care\") (not dentist) "
            "speaker:uk.org.publicwhip/person/10040 (or section:wrans section:lordswrans))");
  EXPECT_EQ(parsed("speaker:10040"), "speaker:uk.org.publicwhip/person/10040");
  EXPECT_EQ(parsed("\"human trafficking\" section:uk"),
            "(and \"human trafficking\" (or section:debates section:whall section:wrans "
            "section:lordswrans section:wms section:lordswms section:pbc section:lords))");
}

TEST(QuerySyntax, SpeakerNamesAreResolvedAndRewritten) {
  const SpeakerResolver resolve = [](std::string_view name) -> Result<std::string> {
    if (name == "Vernon Coaker") return std::string("uk.org.publicwhip/person/10121");
    return fail(Error::invalid("no such speaker"));
  };
  auto q = parse_query("trafficking speaker:\"Vernon Coaker\" -police", resolve);
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->text, "trafficking speaker:10121 -police");
  EXPECT_TRUE(q->has_speaker());
  auto glued = parse_query("speaker:\"Vernon Coaker\"police", resolve);  // found by query_fuzz
  ASSERT_TRUE(glued);
  EXPECT_EQ(glued->text, "speaker:10121 police");
  EXPECT_EQ(describe(parse_query(glued->text)->root), describe(glued->root));
  auto bad = parse_query("speaker:\"Nobody Here\"", resolve);
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("column 9: no such speaker"));
  EXPECT_THAT(error_of("speaker:\"Vernon Coaker\""), HasSubstr("needs a person id"));
}

TEST(QueryErrors, PointAtTheColumnWithACaret) {
  EXPECT_EQ(error_of("police \"human trafficking"),
            "column 8: unterminated quote\n  police \"human trafficking\n         ^");
  EXPECT_THAT(error_of("(a OR b"), HasSubstr("column 1: '(' is never closed"));
  EXPECT_THAT(error_of("a OR b)"), HasSubstr("column 7: unbalanced ')'"));
  EXPECT_THAT(error_of("a OR"), HasSubstr("column 5: expected a word, phrase or filter"));
  EXPECT_THAT(error_of("NEAR a"), HasSubstr("column 1: NEAR needs a word"));
  EXPECT_THAT(error_of("a NEAR/0 b"), HasSubstr("column 8: NEAR/n needs a number"));
  EXPECT_THAT(error_of("(a OR b) NEAR c"), HasSubstr("NEAR joins words"));
  EXPECT_THAT(error_of("tr*"), HasSubstr("3 or more letters"));
  EXPECT_THAT(error_of("colour:red"), HasSubstr("column 1: unknown filter 'colour:'"));
  EXPECT_THAT(error_of("section:moon"), HasSubstr("column 9: unknown section 'moon'"));
  EXPECT_THAT(error_of("section:moon"),
              HasSubstr("sections are debates, debate, whall, westminster, westminhall, wrans, "
                        "wran, wms, statements, statement, lords, lordsdebates, ni, nidebates, "
                        "pbc, standing, sp, spwrans, spwran, uk, scotland, wales, commonswrans, "
                        "commonswms, lordswrans, lordswms, commons"));
  EXPECT_THAT(error_of("section:wales"), HasSubstr("does not read the Senedd yet"));
  EXPECT_THAT(error_of("speaker:"), HasSubstr("needs a value"));
}

TEST(QueryErrors, RefusesRulesThatMatchEverything) {
  EXPECT_THAT(error_of(""), HasSubstr("empty rule"));
  EXPECT_THAT(error_of("   "), HasSubstr("empty rule"));
  EXPECT_THAT(error_of("-dentist"), HasSubstr("would match almost everything"));
  EXPECT_THAT(error_of("NOT dentist -nhs"), HasSubstr("would match almost everything"));
  EXPECT_THAT(error_of("nhs OR -dentist"), HasSubstr("would match almost everything"));
  EXPECT_EQ(parsed("nhs OR (care -dentist)"), "(or nhs (and care (not dentist)))");
}

TEST(QueryErrors, RefusesOverlongAndOverdeepRules) {
  EXPECT_THAT(error_of(std::string(kMaxQueryBytes + 1, 'a')), HasSubstr("longer than"));
  EXPECT_THAT(error_of(std::string(40, '(') + "a" + std::string(40, ')')),
              HasSubstr("nested too deeply"));
}

TEST(CanonicalParty, MapsNamesAndAbbreviations) {
  EXPECT_EQ(canonical_party("Lab"), "labour");
  EXPECT_EQ(canonical_party("Labour"), "labour");
  EXPECT_EQ(canonical_party("LDem"), "libdem");
  EXPECT_EQ(canonical_party("Con"), "conservative");
  EXPECT_EQ(canonical_party("Green"), "green");
  // peers-ucl.xml's affiliations and people.json's organisation names agree.
  EXPECT_EQ(canonical_party("XB"), canonical_party("Crossbench"));
  EXPECT_EQ(canonical_party("Bp"), canonical_party("Bishops"));
  EXPECT_EQ(canonical_party("Sinn F\xc3\xa9in"), canonical_party("SF"));
}

}  // namespace
}  // namespace pw::rules
