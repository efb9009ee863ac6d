// libFuzzer target for the rule language: parsing, compiling and matching
// must never crash, and a parsed rule's stored text must parse to the same
// query again.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rules/query.hpp"
#include "rules/rule_set.hpp"

namespace {

pw::Result<std::string> resolve(std::string_view name) {
  if (name == "Vernon Coaker") return std::string("uk.org.publicwhip/person/10121");
  return pw::fail(pw::Error::invalid("no such speaker"));
}

const pw::Item& sample_item() {
  static const pw::Item item = [] {
    pw::Item i;
    i.kind = pw::ItemKind::kSpeech;
    i.text =
        "The Minister\u2019s anti-social behaviour plan: human trafficking, Sinn F\u00e9in, 1,500.";
    i.headings = {"HOME DEPARTMENT", "People Trafficking"};
    i.speaker.person_id = "uk.org.publicwhip/person/10121";
    i.speaker.party = "Lab";
    return i;
  }();
  return item;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto q = pw::rules::parse_query(text, resolve);
  if (!q) return 0;
  auto again = pw::rules::parse_query(q->text);
  if (!again || pw::rules::describe(again->root) != pw::rules::describe(q->root)) std::abort();
  static pw::rules::Analyzer analyzer;
  static pw::rules::MatchContext context;
  pw::rules::RuleSet set;
  if (!set.add(1, *q, analyzer)) return 0;
  std::vector<std::int64_t> indexed;
  std::vector<std::int64_t> naive;
  const pw::rules::Sitting sitting{pw::Section::kWrans, "2009-10-28"};
  set.match(sample_item(), sitting, context, indexed);
  set.match_all_rules(sample_item(), sitting, context, naive);
  if (indexed != naive) std::abort();
  return 0;
}
