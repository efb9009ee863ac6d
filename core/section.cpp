#include "core/section.hpp"
#include <utility>

#include <array>

namespace pw {
namespace {

struct SectionInfo {
  Section section;
  std::string_view name;
  std::string_view file_prefix;
  std::string_view link_path;
  std::string_view title;
};

constexpr std::array<SectionInfo, 7> kSections{{
    {Section::kDebates, "debates", "debates", "debates", "House of Commons debates"},
    {Section::kWhall, "whall", "westminster", "whall", "Westminster Hall debates"},
    {Section::kWrans, "wrans", "answers", "wrans", "Commons written answers"},
    {Section::kWms, "wms", "ministerial", "wms", "Commons written statements"},
    {Section::kLords, "lords", "daylord", "lords", "House of Lords debates"},
    {Section::kLordsWrans, "lordswrans", "lordswrans", "wrans", "Lords written answers"},
    {Section::kLordsWms, "lordswms", "lordswms", "wms", "Lords written statements"},
}};

const SectionInfo& info(Section s) {
  return kSections.at(static_cast<std::size_t>(s));
}

}  // namespace

std::string_view section_name(Section s) {
  return info(s).name;
}

std::optional<Section> section_from_name(std::string_view name) {
  for (const auto& i : kSections) {
    if (i.name == name) return i.section;
  }
  return std::nullopt;
}

std::optional<Section> section_from_file_prefix(std::string_view prefix) {
  for (const auto& i : kSections) {
    if (i.file_prefix == prefix) return i.section;
  }
  return std::nullopt;
}

std::string_view section_link_path(Section s) {
  return info(s).link_path;
}

std::string_view section_title(Section s) {
  return info(s).title;
}

}  // namespace pw
