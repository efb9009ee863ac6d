#include "bench/rule_generator.hpp"

#include <set>

namespace pw::bench {
namespace {

bool plain_word(const std::string& w) {
  if (w.size() < 4) return false;
  for (char c : w) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      cur += static_cast<char>(c | 0x20);
    } else {
      if (!cur.empty()) out.push_back(cur);
      if (c != ' ') out.emplace_back();  // punctuation breaks phrases
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

Vocabulary vocabulary_of(const std::vector<Transcript>& transcripts) {
  Vocabulary v;
  std::set<std::string> words;
  std::set<std::string> people;
  for (const auto& t : transcripts) {
    for (const auto& item : t.items) {
      if (item.speaker.known())
        people.insert(item.speaker.person_id.substr(item.speaker.person_id.rfind('/') + 1));
      const auto tokens = split_words(item.text);
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (plain_word(tokens[i])) words.insert(tokens[i]);
        const std::size_t len = 2 + i % 3;
        if (i % 7 != 0 || i + len > tokens.size()) continue;
        std::vector<std::string> run(tokens.begin() + static_cast<std::ptrdiff_t>(i),
                                     tokens.begin() + static_cast<std::ptrdiff_t>(i + len));
        bool ok = true;
        for (const auto& w : run) ok = ok && plain_word(w);
        if (ok) v.phrases.push_back(std::move(run));
      }
    }
  }
  v.words.assign(words.begin(), words.end());
  v.people.assign(people.begin(), people.end());
  return v;
}

RuleGenerator::RuleGenerator(const Vocabulary& vocabulary, std::uint32_t seed)
    : v_(vocabulary), rng_(seed) {}

const std::string& RuleGenerator::word() {
  return v_.words[std::uniform_int_distribution<std::size_t>(0, v_.words.size() - 1)(rng_)];
}

std::string RuleGenerator::phrase() {
  const auto& p =
      v_.phrases[std::uniform_int_distribution<std::size_t>(0, v_.phrases.size() - 1)(rng_)];
  std::string out = "\"";
  for (std::size_t i = 0; i < p.size(); ++i) out += (i ? " " : "") + p[i];
  return out + "\"";
}

std::string RuleGenerator::boolean() {
  switch (rng_() % 3) {
    case 0:
      return "(\"" + word() + "\" OR \"" + word() + "\") \"" + word() + "\"";
    case 1:
      return "\"" + word() + "\" -\"" + word() + "\"";
    default:
      return phrase() + " OR \"" + word() + "\"";
  }
}

std::string RuleGenerator::next() {
  const auto roll = rng_() % 100;
  if (roll < 50) return word();
  if (roll < 70) return phrase();
  if (roll < 80) {
    switch (rng_() % 3) {
      case 0:
        return "(" + word() + " OR " + word() + ") " + word();
      case 1:
        return word() + " -" + word();
      default:
        return word() + " " + word() + " OR " + phrase();
    }
  }
  if (roll < 90) {
    const std::string& person = v_.people[rng_() % v_.people.size()];
    return roll < 85 ? "speaker:" + person : word() + " speaker:" + person;
  }
  if (roll < 95) return word() + " NEAR/" + std::to_string(2 + rng_() % 8) + " " + word();
  const std::string& w = word();
  return w.substr(0, std::max<std::size_t>(3, w.size() * 2 / 3)) + "*";
}

std::string RuleGenerator::next_shared() {
  const auto roll = rng_() % 10;
  if (roll < 5) return "\"" + word() + "\"";
  if (roll < 8) return phrase();
  return boolean();
}

}  // namespace pw::bench
