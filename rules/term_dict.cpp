#include "rules/term_dict.hpp"

namespace pw::rules {

std::uint32_t TermDict::intern(std::string_view key) {
  const auto [it, added] =
      ids_.try_emplace(std::string(key), static_cast<std::uint32_t>(ids_.size()));
  if (added && !key.empty()) {
    if (key.front() == term::kPrefix) max_prefix_ = std::max(max_prefix_, key.size() - 1);
    if (key.front() == term::kBigram) ++bigrams_;
  }
  return it->second;
}

std::uint32_t TermDict::find(std::string_view key) const {
  const auto it = ids_.find(key);
  return it == ids_.end() ? kNone : it->second;
}

std::uint32_t TermDict::find(char kind, std::string_view text) const {
  thread_local std::string key;  // reused: this runs for every word of every item
  key.clear();
  key += kind;
  key.append(text);
  return find(std::string_view(key));
}

}  // namespace pw::rules
