#include "core/section.hpp"
#include <utility>

#include <algorithm>
#include <array>

namespace pw {
namespace {

// clang-format off
constexpr std::array<SectionInfo, 7> kSections{{
//   section               name          folder         file prefix    link path  title                         house      major aliases
    {Section::kDebates,    "debates",    "debates",     "debates",     "debates", "House of Commons debates",   "commons", 1,   {"debate"}},
    {Section::kWhall,      "whall",      "westminhall", "westminster", "whall",   "Westminster Hall debates",   "commons", 2,   {"westminster", "westminhall"}},
    {Section::kWrans,      "wrans",      "wrans",       "answers",     "wrans",   "Commons written answers",    "commons", 3,   {}},
    {Section::kWms,        "wms",        "wms",         "ministerial", "wms",     "Commons written statements", "commons", 4,   {"statements"}},
    {Section::kLords,      "lords",      "lordspages",  "daylord",     "lords",   "House of Lords debates",     "lords",   101, {"lordsdebates"}},
    {Section::kLordsWrans, "lordswrans", "lordswrans",  "lordswrans",  "wrans",   "Lords written answers",      "lords",   3,   {}},
    {Section::kLordsWms,   "lordswms",   "lordswms",    "lordswms",    "wms",     "Lords written statements",   "lords",   4,   {}},
}};
// clang-format on

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < kSections.size(); ++i) {
    if (static_cast<std::size_t>(kSections[i].section) != i) return false;
  }
  return true;
}
static_assert(in_enum_order(), "kSections is indexed by Section");

// `section:` values naming several sections: a house, or the whole of the
// UK Parliament ("" matches every house).
struct SectionGroup {
  std::string_view value;
  std::string_view house;
};
constexpr std::array<SectionGroup, 2> kGroups{{{"uk", ""}, {"commons", "commons"}}};

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

std::vector<Section> sections_for_alias(std::string_view value) {
  if (value.empty()) return {};
  if (auto s = find_section([&](const SectionInfo& i) {
        return i.name == value ||
               std::find(i.aliases.begin(), i.aliases.end(), value) != i.aliases.end();
      })) {
    return {*s};
  }
  std::vector<Section> out;
  for (const auto& g : kGroups) {
    if (g.value != value) continue;
    for (const auto& i : kSections) {
      if (g.house.empty() || g.house == i.house) out.push_back(i.section);
    }
  }
  return out;
}

std::string_view section_link_path(Section s) {
  return section_info(s).link_path;
}

std::string_view section_title(Section s) {
  return section_info(s).title;
}

}  // namespace pw
