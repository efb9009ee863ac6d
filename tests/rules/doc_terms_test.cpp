#include "rules/doc_terms.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Item speech(const std::string& text) {
  Item i;
  i.kind = ItemKind::kSpeech;
  i.text = text;
  return i;
}

std::vector<std::uint32_t> positions(const DocTerms& doc, std::uint32_t id) {
  const auto p = doc.positions(id);
  return {p.begin(), p.end()};
}

TEST(DocTerms, KeepsOnlyTheTermsRulesUseWithTheirPositions) {
  TermDict dict;
  const std::uint32_t care = dict.intern("Ecare");
  const std::uint32_t social = dict.intern("Esocial");
  const std::uint32_t antisocial = dict.intern("Eantisocial");
  const std::uint32_t stem = dict.intern("Zcare");
  const std::uint32_t pair = dict.intern("Bsocial care");
  const std::uint32_t absent = dict.intern("Edentist");
  Analyzer analyzer;
  DocTerms doc;
  doc.build(speech("Care, anti-social care and social care; CARING."), Section::kDebates, analyzer,
            dict);
  EXPECT_TRUE(doc.has(care));
  EXPECT_FALSE(doc.has(absent));
  EXPECT_THAT(positions(doc, care), ElementsAre(0, 3, 6));
  EXPECT_THAT(positions(doc, stem), ElementsAre(0, 3, 6, 7));
  EXPECT_THAT(positions(doc, social), ElementsAre(2, 5));
  EXPECT_THAT(positions(doc, antisocial), ElementsAre(1));
  EXPECT_THAT(positions(doc, pair), ElementsAre(2, 5));
  EXPECT_THAT(positions(doc, absent), IsEmpty());

  // The next item starts afresh, before and after asking for positions.
  doc.build(speech("dentist"), Section::kDebates, analyzer, dict);
  EXPECT_FALSE(doc.has(care));
  EXPECT_THAT(doc.ids(), ElementsAre(absent));
  doc.build(speech("social care"), Section::kDebates, analyzer, dict);
  EXPECT_THAT(positions(doc, pair), ElementsAre(0));
  EXPECT_THAT(positions(doc, absent), IsEmpty());
  EXPECT_THAT(positions(doc, care), ElementsAre(1));
}

// A hyphenated word's joined form and first part share a position, and
// may share terms: the positions stay increasing, without repeats.
TEST(DocTerms, JoinedFormsDoNotRepeatPositions) {
  TermDict dict;
  const std::uint32_t prefix = dict.intern("Want");
  Analyzer analyzer;
  DocTerms doc;
  doc.build(speech("antique anti-social anticipation"), Section::kDebates, analyzer, dict);
  EXPECT_THAT(positions(doc, prefix), ElementsAre(0, 1, 3));
  doc.build(speech("antique antics"), Section::kDebates, analyzer, dict);
  EXPECT_THAT(positions(doc, prefix), ElementsAre(0, 1));
}

Item answer(std::vector<std::string> headings, std::string person) {
  Item i = speech("an answer");
  i.kind = ItemKind::kAnswer;
  i.headings = std::move(headings);
  i.speaker.person_id = std::move(person);
  return i;
}

// Consecutive items often share their section and headings; each must
// still get its own section, department, heading and speaker terms.
TEST(DocTerms, EachItemGetsItsOwnFilterTerms) {
  TermDict dict;
  const std::uint32_t wrans = dict.intern("Swrans");
  const std::uint32_t debates = dict.intern("Sdebates");
  const std::uint32_t home = dict.intern("Dhome");
  const std::uint32_t trafficking = dict.intern("Hhuman trafficking");
  const std::uint32_t prisons = dict.intern("Hprisons");
  const std::uint32_t coaker = dict.intern("Puk.org.publicwhip/person/10120");
  const std::uint32_t other = dict.intern("Puk.org.publicwhip/person/10040");
  Analyzer analyzer;
  DocTerms doc;
  const std::vector<std::string> chain = {"Home Department", "Human Trafficking"};
  auto build = [&](const Item& item, Section section) {
    doc.build(item, section, analyzer, dict);
    return std::vector<bool>{doc.has(wrans),       doc.has(debates), doc.has(home),
                             doc.has(trafficking), doc.has(prisons), doc.has(coaker),
                             doc.has(other)};
  };
  EXPECT_THAT(build(answer(chain, "uk.org.publicwhip/person/10120"), Section::kWrans),
              ElementsAre(true, false, true, true, false, true, false));
  EXPECT_THAT(build(answer(chain, "uk.org.publicwhip/person/10040"), Section::kWrans),
              ElementsAre(true, false, true, true, false, false, true));
  // Same headings, another section: no department there.
  EXPECT_THAT(build(answer(chain, "uk.org.publicwhip/person/10120"), Section::kDebates),
              ElementsAre(false, true, false, true, false, true, false));
  EXPECT_THAT(build(answer({"Home Department", "Prisons"}, ""), Section::kWrans),
              ElementsAre(true, false, true, false, true, false, false));
  EXPECT_THAT(build(answer(chain, "uk.org.publicwhip/person/10120"), Section::kWrans),
              ElementsAre(true, false, true, true, false, true, false));
}

// TheyWorkForYou's G term: the heading's letters, lower-cased, nothing else.
TEST(DepartmentLetters, AreTheHeadingsLettersAlone) {
  EXPECT_EQ(department_letters("HOME DEPARTMENT"), "homedepartment");
  EXPECT_EQ(department_letters("CHILDREN, SCHOOLS AND FAMILIES"), "childrenschoolsandfamilies");
  EXPECT_EQ(department_letters("Culture, Media & Sport 2"), "culturemediasport");
  EXPECT_EQ(department_letters("Caf\u00e9 Affairs"), "cafeaffairs");
}

}  // namespace
}  // namespace pw::rules
