#include "core/transcript.hpp"

#include <array>

namespace pw {
namespace {

constexpr std::array<std::string_view, 7> kKindNames{
    "oral-heading", "major-heading", "minor-heading", "speech", "question", "answer", "division"};

}  // namespace

std::string_view item_kind_name(ItemKind k) {
  return kKindNames.at(static_cast<std::size_t>(k));
}

std::optional<ItemKind> item_kind_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<ItemKind>(i);
  }
  return std::nullopt;
}

bool is_heading(ItemKind k) {
  return k == ItemKind::kOralHeading || k == ItemKind::kMajorHeading ||
         k == ItemKind::kMinorHeading;
}

}  // namespace pw
