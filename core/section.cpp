#include "core/section.hpp"
#include <utility>

#include <algorithm>
#include <array>

namespace pw {
namespace {

// clang-format off
constexpr std::array<SectionInfo, 11> kSections{{
//   section               name          folder         file prefix    link path  title                         house      major aliases
    {Section::kDebates,    "debates",    "debates",     "debates",     "debates", "House of Commons debates",   "commons", 1,   {}},
    {Section::kWhall,      "whall",      "westminhall", "westminster", "whall",   "Westminster Hall debates",   "commons", 2,   {}},
    {Section::kWrans,      "wrans",      "wrans",       "answers",     "wrans",   "Commons written answers",    "commons", 3,   {"commonswrans"}},
    {Section::kWms,        "wms",        "wms",         "ministerial", "wms",     "Commons written statements", "commons", 4,   {"commonswms"}},
    {Section::kLords,      "lords",      "lordspages",  "daylord",     "lords",   "House of Lords debates",     "lords",   101, {}},
    {Section::kLordsWrans, "lordswrans", "lordswrans",  "lordswrans",  "wrans",   "Lords written answers",      "lords",   3,   {}},
    {Section::kLordsWms,   "lordswms",   "lordswms",    "lordswms",    "wms",     "Lords written statements",   "lords",   4,   {}},
    {Section::kNi,         "ni",         "ni",          "ni",          "ni",      "Northern Ireland Assembly",  "ni",      5,   {}},
    {Section::kSp,         "sp",         "sp",          "sp",          "sp",      "Scottish Parliament debates", "scotland", 7, {}},
    {Section::kSpWrans,    "spwrans",    "sp-written",  "spwa",        "spwrans", "Scottish Parliament written answers", "scotland", 8, {}},
    {Section::kPbc,        "pbc",        "standing",    "standing",    "pbc",     "Public Bill Committees",     "commons", 6,   {}},
}};

// TheyWorkForYou's `section:` values and the major numbers each stands for
// (its searchengine.php); they mean the same here.
struct TwfyAlias {
  std::string_view value;
  std::array<int, 6> majors;  // 0: unused
};
constexpr std::array<TwfyAlias, 22> kTwfyAliases{{
    {"debates", {1}}, {"debate", {1}},
    {"whall", {2}}, {"westminster", {2}}, {"westminhall", {2}},
    {"wrans", {3}}, {"wran", {3}},
    {"wms", {4}}, {"statements", {4}}, {"statement", {4}},
    {"lords", {101}}, {"lordsdebates", {101}},
    {"ni", {5}}, {"nidebates", {5}},
    {"pbc", {6}}, {"standing", {6}},
    {"sp", {7}}, {"spwrans", {8}}, {"spwran", {8}},
    {"uk", {1, 2, 3, 4, 6, 101}},
    {"scotland", {7, 8}},
    {"wales", {10}},
}};

// TheyWorkForYou majors that no section here carries, for refusals.
struct MissingMajor {
  int major;
  std::string_view title;
};
constexpr std::array<MissingMajor, 1> kMissingMajors{{
    {10, "the Senedd"},
}};
// clang-format on

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < kSections.size(); ++i) {
    if (static_cast<std::size_t>(kSections[i].section) != i) return false;
  }
  return true;
}
static_assert(in_enum_order(), "kSections is indexed by Section");

template <typename Pred>
std::optional<Section> find_section(Pred pred) {
  for (const auto& i : kSections) {
    if (pred(i)) return i.section;
  }
  return std::nullopt;
}

}  // namespace

std::span<const SectionInfo> all_sections() {
  return kSections;
}

const SectionInfo& section_info(Section s) {
  return kSections.at(static_cast<std::size_t>(s));
}

std::string_view section_name(Section s) {
  return section_info(s).name;
}

std::optional<Section> section_from_name(std::string_view name) {
  return find_section([&](const SectionInfo& i) { return i.name == name; });
}

std::optional<Section> section_from_file_prefix(std::string_view prefix) {
  return find_section([&](const SectionInfo& i) { return i.file_prefix == prefix; });
}

std::optional<Section> section_from_folder(std::string_view folder) {
  return find_section([&](const SectionInfo& i) { return i.folder == folder; });
}

SectionSelection sections_for_major(int major) {
  SectionSelection out;
  for (const auto& i : kSections) {
    if (i.twfy_major == major) out.sections.push_back(i.section);
  }
  for (const auto& m : kMissingMajors) {
    if (m.major == major) out.not_read.push_back(m.title);
  }
  return out;
}

SectionSelection sections_for_alias(std::string_view value) {
  SectionSelection out;
  if (value.empty()) return out;
  for (const auto& a : kTwfyAliases) {
    if (a.value != value) continue;
    for (const int major : a.majors) {
      if (major == 0) continue;
      auto part = sections_for_major(major);
      out.sections.insert(out.sections.end(), part.sections.begin(), part.sections.end());
      out.not_read.insert(out.not_read.end(), part.not_read.begin(), part.not_read.end());
    }
    return out;
  }
  if (auto s = find_section([&](const SectionInfo& i) {
        return i.name == value ||
               std::find(i.aliases.begin(), i.aliases.end(), value) != i.aliases.end();
      })) {
    out.sections.push_back(*s);
    return out;
  }
  if (value == "commons") {
    for (const auto& i : kSections) {
      if (i.house == "commons") out.sections.push_back(i.section);
    }
  }
  return out;
}

std::vector<std::string_view> twfy_section_values() {
  std::vector<std::string_view> out;
  out.reserve(kTwfyAliases.size());
  for (const auto& a : kTwfyAliases) out.push_back(a.value);
  return out;
}

std::string_view section_link_path(Section s) {
  return section_info(s).link_path;
}

std::string_view section_title(Section s) {
  return section_info(s).title;
}

}  // namespace pw
