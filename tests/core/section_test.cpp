#include "core/section.hpp"

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/gid.hpp"

namespace pw {
namespace {

TEST(Section, NamesRoundTrip) {
  for (const auto s : {Section::kDebates, Section::kWhall, Section::kWrans, Section::kWms,
                       Section::kLords, Section::kLordsWrans, Section::kLordsWms}) {
    EXPECT_EQ(section_from_name(section_name(s)), s);
  }
  EXPECT_FALSE(section_from_name("standing"));
}

TEST(Section, FilePrefixesMapToSections) {
  EXPECT_EQ(section_from_file_prefix("answers"), Section::kWrans);
  EXPECT_EQ(section_from_file_prefix("ministerial"), Section::kWms);
  EXPECT_EQ(section_from_file_prefix("westminster"), Section::kWhall);
  EXPECT_FALSE(section_from_file_prefix("debate"));
}

TEST(Section, TheTableIsInEnumOrderAndItsKeysAreUnique) {
  std::set<std::string_view> names;
  std::set<std::string_view> folders;
  std::set<std::string_view> prefixes;
  for (std::size_t i = 0; i < all_sections().size(); ++i) {
    const auto& info = all_sections()[i];
    EXPECT_EQ(static_cast<std::size_t>(info.section), i);
    EXPECT_EQ(&section_info(info.section), &info);
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_TRUE(folders.insert(info.folder).second) << info.folder;
    EXPECT_TRUE(prefixes.insert(info.file_prefix).second) << info.file_prefix;
  }
}

TEST(Section, FoldersMapToSections) {
  EXPECT_EQ(section_from_folder("lordspages"), Section::kLords);
  EXPECT_EQ(section_from_folder("westminhall"), Section::kWhall);
  EXPECT_FALSE(section_from_folder("daylord"));
}

TEST(Section, AliasesNameOneSectionOrAGroup) {
  EXPECT_EQ(sections_for_alias("westminster").sections, std::vector{Section::kWhall});
  EXPECT_EQ(sections_for_alias("lords").sections, std::vector{Section::kLords});
  EXPECT_EQ(sections_for_alias("commons").sections,
            (std::vector{Section::kDebates, Section::kWhall, Section::kWrans, Section::kWms,
                         Section::kPbc}));
  EXPECT_TRUE(sections_for_alias("commons").not_read.empty());
  EXPECT_TRUE(sections_for_alias("").sections.empty());
  EXPECT_TRUE(sections_for_alias("").not_read.empty());
  EXPECT_TRUE(sections_for_alias("hansard").not_read.empty());
}

// TheyWorkForYou files both Houses' written answers under major 3 and
// statements under 4 (its searchengine.php), so section:wrans is both.
TEST(Section, TheyWorkForYouValuesGoByMajorNumber) {
  EXPECT_EQ(sections_for_alias("wrans").sections,
            (std::vector{Section::kWrans, Section::kLordsWrans}));
  EXPECT_EQ(sections_for_alias("wran").sections, sections_for_alias("wrans").sections);
  EXPECT_EQ(sections_for_alias("statement").sections,
            (std::vector{Section::kWms, Section::kLordsWms}));
  EXPECT_EQ(sections_for_alias("commonswrans").sections, std::vector{Section::kWrans});
  EXPECT_EQ(sections_for_alias("lordswrans").sections, std::vector{Section::kLordsWrans});
  EXPECT_EQ(sections_for_alias("uk").sections.size(), 8u);  // not NI or Scotland
  EXPECT_TRUE(sections_for_alias("uk").not_read.empty());
  EXPECT_EQ(sections_for_alias("pbc").sections, std::vector{Section::kPbc});
  EXPECT_EQ(sections_for_alias("standing").sections, std::vector{Section::kPbc});
  EXPECT_EQ(sections_for_major(6).sections, std::vector{Section::kPbc});
  EXPECT_EQ(sections_for_major(101).sections, std::vector{Section::kLords});
}

TEST(Section, ChambersNotReadAreNamedNotSilentlyEmpty) {
  const auto chosen = sections_for_alias("wales");
  EXPECT_TRUE(chosen.sections.empty());
  EXPECT_EQ(chosen.not_read, std::vector<std::string_view>{"the Senedd"});
}

TEST(Section, TheDevolvedChambersAreRead) {
  EXPECT_EQ(sections_for_alias("ni").sections, std::vector{Section::kNi});
  EXPECT_EQ(sections_for_alias("nidebates").sections, std::vector{Section::kNi});
  EXPECT_EQ(sections_for_alias("sp").sections, std::vector{Section::kSp});
  EXPECT_EQ(sections_for_alias("spwran").sections, std::vector{Section::kSpWrans});
  EXPECT_EQ(sections_for_alias("scotland").sections,
            (std::vector{Section::kSp, Section::kSpWrans}));
  EXPECT_TRUE(sections_for_alias("scotland").not_read.empty());
  EXPECT_EQ(section_from_folder("sp-written"), Section::kSpWrans);
  const auto name = parse_transcript_name("spwa2009-10-30.xml");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->section, Section::kSpWrans);
  EXPECT_EQ(name->version, "");
  EXPECT_EQ(parse_transcript_name("sp2009-10-28.xml")->section, Section::kSp);
  EXPECT_EQ(parse_transcript_name("ni2009-10-13.xml")->section, Section::kNi);
  EXPECT_EQ(twfy_link(Section::kSpWrans, "uk.org.publicwhip/spwa/2009-10-30.S3W-28117.q0"),
            "https://www.theyworkforyou.com/spwrans/?id=2009-10-30.S3W-28117.q0");
}

TEST(Section, TheyWorkForYouMajorNumbers) {
  EXPECT_EQ(section_info(Section::kDebates).twfy_major, 1);
  EXPECT_EQ(section_info(Section::kLords).twfy_major, 101);
  EXPECT_EQ(section_info(Section::kLordsWrans).twfy_major,
            section_info(Section::kWrans).twfy_major);
}

std::string aliases_cell(const SectionInfo& info) {
  std::string out;
  for (const auto alias : info.aliases) {
    if (!alias.empty()) out += (out.empty() ? "`" : ", `") + std::string(alias) + "`";
  }
  return out;
}

// doc/rules.md's table of chambers is this registry, row for row.
TEST(Section, TheRulesDocumentListsTheRegistry) {
  std::string table =
      "| `section:` | also | chamber | ParlParse folder | file names | TheyWorkForYou major |\n"
      "|---|---|---|---|---|---:|\n";
  for (const auto& i : all_sections()) {
    table += "| `" + std::string(i.name) + "` | " + aliases_cell(i) + " | " + std::string(i.title) +
             " | `" + std::string(i.folder) + "/` | `" + std::string(i.file_prefix) +
             (i.section == Section::kPbc ? "YYYY-MM-DD_BILL_NN-N_YYYY-MM-DDa.xml` | "
                                         : "YYYY-MM-DDa.xml` | ") +
             std::to_string(i.twfy_major) + " |\n";
  }
  std::ifstream in(std::string(PW_TEST_DATA) + "/../../doc/rules.md");
  ASSERT_TRUE(in.good());
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(doc.find(table), std::string::npos) << "doc/rules.md should hold:\n" << table;
}

}  // namespace
}  // namespace pw
