#include "bench/rule_generator.hpp"

#include <fstream>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "parse/members.hpp"
#include "parse/transcript_parser.hpp"

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

namespace {

// Words of 5+ letters in at most two items, and two-word runs in exactly one.
void add_rare(const std::map<std::string, int>& word_items,
              const std::map<std::string, int>& pair_items, Vocabulary& v) {
  for (const auto& [w, n] : word_items) {
    if (n <= 2 && w.size() >= 5) v.rare_words.push_back(w);
  }
  for (const auto& [p, n] : pair_items) {
    if (n == 1) v.rare_phrases.push_back({p.substr(0, p.find(' ')), p.substr(p.find(' ') + 1)});
  }
}

}  // namespace

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<Transcript> load(const std::filesystem::path& data,
                             std::initializer_list<const char*> files) {
  parse::Members members;
  (void)parse::load_people_xml(slurp(data / "people.xml"), members);
  (void)parse::load_all_members_xml(slurp(data / "all-members.xml"), members);
  std::vector<Transcript> all;
  for (const char* f : files) {
    auto t = parse::parse_transcript(f, slurp(data / f));
    if (!t) throw std::runtime_error(t.error().message);
    parse::resolve_speakers(*t, members);
    all.push_back(std::move(*t));
  }
  return all;
}

}  // namespace

std::vector<Transcript> load_week(const std::filesystem::path& data) {
  return load(data,
              {"answers2009-10-28c.xml", "debates2009-10-27d.xml", "westminster2009-10-29a.xml",
               "ministerial2009-10-26c.xml", "daylord2009-10-29a.xml"});
}

std::vector<Transcript> load_background(const std::filesystem::path& data) {
  return load(data, {"debates2007-11-26a.xml", "debates2023-03-28d.xml", "ni2009-10-13.xml",
                     "sp2009-10-28.xml", "spwa2009-10-30.xml"});
}

Vocabulary vocabulary_of(const std::vector<Transcript>& transcripts) {
  Vocabulary v;
  std::set<std::string> words;
  std::set<std::string> people;
  std::map<std::string, int> word_items;
  std::map<std::string, int> pair_items;
  for (const auto& t : transcripts) {
    for (const auto& item : t.items) {
      if (item.speaker.known())
        people.insert(item.speaker.person_id.substr(item.speaker.person_id.rfind('/') + 1));
      const auto tokens = split_words(item.text);
      std::set<std::string> in_item;
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (plain_word(tokens[i])) {
          words.insert(tokens[i]);
          in_item.insert(tokens[i]);
          if (i + 1 < tokens.size() && plain_word(tokens[i + 1])) {
            in_item.insert(tokens[i] + " " + tokens[i + 1]);
          }
        }
        const std::size_t len = 2 + i % 3;
        if (i % 7 != 0 || i + len > tokens.size()) continue;
        std::vector<std::string> run(tokens.begin() + static_cast<std::ptrdiff_t>(i),
                                     tokens.begin() + static_cast<std::ptrdiff_t>(i + len));
        bool ok = true;
        for (const auto& w : run) ok = ok && plain_word(w);
        if (ok) v.phrases.push_back(std::move(run));
      }
      for (const auto& key : in_item)
        ++(key.find(' ') == std::string::npos ? word_items : pair_items)[key];
    }
  }
  v.words.assign(words.begin(), words.end());
  v.people.assign(people.begin(), people.end());
  add_rare(word_items, pair_items, v);
  return v;
}

RuleGenerator::RuleGenerator(const Vocabulary& vocabulary, std::uint32_t seed)
    : v_(vocabulary), rng_(seed) {}

const std::string& RuleGenerator::word() {
  return v_.words[std::uniform_int_distribution<std::size_t>(0, v_.words.size() - 1)(rng_)];
}

const std::string& RuleGenerator::rare_word() {
  return v_
      .rare_words[std::uniform_int_distribution<std::size_t>(0, v_.rare_words.size() - 1)(rng_)];
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

std::string RuleGenerator::next_realistic() {
  const auto roll = rng_() % 10;
  if (roll < 4) return "\"" + rare_word() + "\"";
  if (roll < 6) {
    const auto& p = v_.rare_phrases[std::uniform_int_distribution<std::size_t>(
        0, v_.rare_phrases.size() - 1)(rng_)];
    return "\"" + p[0] + " " + p[1] + "\"";
  }
  if (roll < 8) return "speaker:" + v_.people[rng_() % v_.people.size()];
  const std::string word = "\"" + rare_word() + "\"";
  if (roll < 9) return word + (rng_() % 2 ? " section:debates" : " section:wrans");
  return word + (rng_() % 2 ? " party:Lab" : " party:Con");
}

std::string RuleGenerator::next_shared() {
  const auto roll = rng_() % 10;
  if (roll < 5) return "\"" + word() + "\"";
  if (roll < 8) return phrase();
  return boolean();
}

}  // namespace pw::bench
