#include "core/section.hpp"

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

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
  EXPECT_EQ(sections_for_alias("westminster"), std::vector{Section::kWhall});
  EXPECT_EQ(sections_for_alias("lords"), std::vector{Section::kLords});
  EXPECT_EQ(sections_for_alias("commons"),
            (std::vector{Section::kDebates, Section::kWhall, Section::kWrans, Section::kWms}));
  EXPECT_EQ(sections_for_alias("uk").size(), all_sections().size());
  EXPECT_TRUE(sections_for_alias("ni").empty());
  EXPECT_TRUE(sections_for_alias("").empty());
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
             "YYYY-MM-DDa.xml` | " + std::to_string(i.twfy_major) + " |\n";
  }
  std::ifstream in(std::string(PW_TEST_DATA) + "/../../doc/rules.md");
  ASSERT_TRUE(in.good());
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(doc.find(table), std::string::npos) << "doc/rules.md should hold:\n" << table;
}

}  // namespace
}  // namespace pw
