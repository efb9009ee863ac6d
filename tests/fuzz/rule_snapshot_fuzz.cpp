// libFuzzer target for rule snapshots: a RuleSet read from any bytes is
// refused, or can match, take and drop rules without reading out of bounds
// or recursing without end. (The checksum is not checked here, so that the
// fuzzer reaches what lies behind it; the seeds are snapshots of small sets.)
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/snapshot.hpp"
#include "rules/query.hpp"
#include "rules/rule_set.hpp"

namespace {

const pw::Item& sample_item() {
  static const pw::Item item = [] {
    pw::Item i;
    i.kind = pw::ItemKind::kSpeech;
    i.text = "Human trafficking by organised crime, say the police: anti-social behaviour.";
    i.headings = {"HOME DEPARTMENT", "People Trafficking"};
    i.speaker.person_id = "uk.org.publicwhip/person/10121";
    i.speaker.party = "Lab";
    return i;
  }();
  return item;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  pw::StringSource source(std::string_view(reinterpret_cast<const char*>(data), size));
  pw::SnapshotReader reader(source);
  pw::rules::RuleSet set;
  if (!set.restore(reader)) return 0;
  static pw::rules::Analyzer analyzer;
  static pw::rules::MatchContext context;
  std::vector<std::int64_t> found;
  set.match(sample_item(), {pw::Section::kWrans, "2009-10-28"}, context, found);
  set.match_all_rules(sample_item(), {pw::Section::kDebates, "2009-10-27"}, context, found);
  auto q = pw::rules::parse_query("police NEAR/3 trafficking");
  if (q) (void)set.add(7, *q, analyzer);
  for (std::int64_t id = 0; id < 8; ++id) set.remove(id);
  set.match(sample_item(), {pw::Section::kWrans, "2009-10-28"}, context, found);
  return 0;
}
