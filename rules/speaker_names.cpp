#include "rules/speaker_names.hpp"

#include <memory>

#include <fmt/format.h>

#include "rules/analyzer.hpp"

namespace pw {
namespace {

constexpr std::size_t kMaxCandidates = 8;

std::string folded_name(std::string_view name, rules::Analyzer& analyzer) {
  std::string out;
  for (const auto& t : analyzer.tokens(name)) {
    if (!t.joined) out += (out.empty() ? "" : " ") + t.exact;
  }
  return out;
}

std::string number_of(const std::string& person_id) {
  return person_id.substr(person_id.rfind('/') + 1);
}

std::string list(const std::vector<const Person*>& people) {
  std::string out;
  for (std::size_t i = 0; i < people.size() && i < kMaxCandidates; ++i) {
    out +=
        fmt::format("{}{} (speaker:{})", i ? ", " : "", people[i]->name, number_of(people[i]->id));
  }
  if (people.size() > kMaxCandidates)
    out += fmt::format(" and {} more", people.size() - kMaxCandidates);
  return out;
}

}  // namespace

rules::SpeakerResolver make_speaker_resolver(std::vector<Person> persons) {
  struct Known {
    std::vector<Person> persons;
    std::vector<std::string> folded;  // persons[i]'s name, folded
    rules::Analyzer analyzer;
  };
  auto known = std::make_shared<Known>();
  for (auto& p : persons) {
    known->folded.push_back(" " + folded_name(p.name, known->analyzer) + " ");
    known->persons.push_back(std::move(p));
  }
  return [known](std::string_view name) -> Result<std::string> {
    const std::string wanted = folded_name(name, known->analyzer);
    const std::size_t space = wanted.rfind(' ');
    const std::string last = " " + wanted.substr(space == std::string::npos ? 0 : space + 1) + " ";
    std::vector<const Person*> exact;
    std::vector<const Person*> similar;
    for (std::size_t i = 0; i < known->persons.size(); ++i) {
      const std::string& have = known->folded[i];
      if (have == " " + wanted + " ") {
        exact.push_back(&known->persons[i]);
      } else if (wanted.size() > 0 && have.find(last) != std::string::npos) {
        similar.push_back(&known->persons[i]);
      }
    }
    if (exact.size() == 1) return exact.front()->id;
    if (exact.size() > 1) {
      return fail(Error::invalid(fmt::format("'{}' is ambiguous: {}", name, list(exact))));
    }
    if (similar.empty()) {
      return fail(Error::invalid(fmt::format(
          "no speaker named '{}' (speakers are known once a transcript with them is ingested)",
          name)));
    }
    return fail(
        Error::invalid(fmt::format("no speaker named '{}'; did you mean {}", name, list(similar))));
  };
}

}  // namespace pw
