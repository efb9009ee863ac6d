#include "sources/plan.hpp"

#include <algorithm>
#include <tuple>

#include "core/gid.hpp"

namespace pw::sources {
namespace {

bool wanted(const RemoteFile& f, const std::string& date,
            const std::map<std::string, Validators>& known, const PlanOptions& o) {
  if (date < o.from_date) return false;
  if (!o.to_date.empty() && date >= o.to_date) return false;
  const auto it = known.find(f.path());
  if (it == known.end()) return true;
  if (f.changed_at > 0 && it->second.changed_at > 0) return f.changed_at > it->second.changed_at;
  return date >= o.recheck_from_date;
}

}  // namespace

std::vector<RemoteFile> plan_fetches(const std::vector<RemoteFile>& offered,
                                     const std::map<std::string, Validators>& known,
                                     const PlanOptions& options) {
  struct Keyed {
    std::string date;
    std::int64_t rank;
    const RemoteFile* file;
  };
  std::vector<Keyed> picked;
  for (const auto& f : offered) {
    const auto name = parse_transcript_name(f.name);
    if (!name || !wanted(f, name->date, known, options)) continue;
    picked.push_back(Keyed{name->date, version_rank(name->version), &f});
  }
  std::sort(picked.begin(), picked.end(), [](const Keyed& a, const Keyed& b) {
    return std::tie(a.date, a.file->section, a.rank, a.file->name) <
           std::tie(b.date, b.file->section, b.rank, b.file->name);
  });
  std::vector<RemoteFile> out;
  out.reserve(picked.size());
  for (const auto& k : picked) out.push_back(*k.file);
  return out;
}

}  // namespace pw::sources
