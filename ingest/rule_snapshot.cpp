#include <fmt/format.h>

#include "ingest/rule_cache.hpp"
#include "storage/rule_snapshot_repository.hpp"

// How a RuleCache is saved to the database and read back (RuleCache::load).

#ifndef PW_RULES_BUILD
#error "PW_RULES_BUILD names the sources of the rule compiler (ingest/CMakeLists.txt)"
#endif

namespace pw::ingest {
namespace {

constexpr std::string_view kMagic = "parlwatch rule snapshot 1";

// Words whose folding and stems the libraries decide (utf8proc, Snowball):
// a library upgrade that changes them makes the snapshot another build's.
constexpr std::string_view kCanary =
    "Sinn Féin members' anti-social behaviour orders, running committees and naïve décor";

}  // namespace

std::string RuleCache::build_identity() const {
  std::string id = fmt::format("{}; build {}; record {}", kMagic, PW_RULES_BUILD, sizeof(Record));
  for (const auto& t : analyzer_.tokens(kCanary)) id += fmt::format("; {} {}", t.exact, t.stem);
  return id;
}

void RuleCache::save(SnapshotWriter& w) const {
  w.string(build_identity());
  records_.save(w);
  w.strings(texts_.all());
  w.u64(removed_since_rebuild_);
  w.strings(skipped_);
  rules_.save(w);
}

bool RuleCache::restore(SnapshotReader& r) {
  std::string identity;
  if (!r.string(identity)) return false;
  if (identity != build_identity()) return r.reject("it was made by another build of parlwatch");
  IdMap<Record> records;
  std::vector<std::string> texts;
  std::uint64_t removed = 0;
  std::vector<std::string> skipped;
  rules::RuleSet rules;
  if (!records.restore(r) || !r.strings(texts) || !r.u64(removed) || !r.strings(skipped) ||
      !rules.restore(r)) {
    return false;
  }
  Texts held;
  for (const auto& t : texts) {
    if (held.find(t)) return r.reject("a rule's text is there twice");
    held.add(t);
  }
  bool ok = records.size() == rules.size();
  records.for_each([&](std::int64_t, const Record& rec) { ok = ok && rec.text < held.size(); });
  if (!ok) return r.reject("the rules' records are not the compiled rules'");
  records_ = std::move(records);
  texts_ = std::move(held);
  removed_since_rebuild_ = static_cast<std::size_t>(removed);
  skipped_ = std::move(skipped);
  rules_ = std::move(rules);
  return true;
}

Result<bool> RuleCache::restore_snapshot(storage::Database& db, const std::string& fingerprint) {
  PW_TRY_ASSIGN(auto source, storage::RuleSnapshotRepository(db).open(fingerprint));
  if (!source) return false;
  SnapshotReader r(*source);
  const bool whole = restore(r);
  Status checked = r.finish();
  if (whole && checked) return true;
  clear();
  return fail(checked ? r.error() : checked.error());
}

Status RuleCache::save_snapshot(storage::Database& db, const std::string& fingerprint) const {
  storage::RuleSnapshotRepository snapshots(db);
  if (records_.size() < snapshot_min_rules_) {
    PW_TRY_ASSIGN(const bool stored, snapshots.stored());
    return stored ? snapshots.clear() : Status();
  }
  StringSink counter(false);
  SnapshotWriter count(counter);
  save(count);
  PW_TRY(count.finish());
  return snapshots.save(fingerprint, counter.size(), [this](ByteSink& sink) {
    SnapshotWriter w(sink);
    save(w);
    return w.finish();
  });
}

}  // namespace pw::ingest
