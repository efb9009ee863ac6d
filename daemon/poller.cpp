#include "daemon/poller.hpp"

#include "ingest/file_io.hpp"
#include "parse/transcript_parser.hpp"

namespace pw {

Result<std::map<std::string, sources::Validators>> known_files(storage::SourceRepository& repo,
                                                               const std::string& source) {
  PW_TRY_ASSIGN(auto rows, repo.files(source));
  std::map<std::string, sources::Validators> out;
  for (auto& r : rows) {
    out.emplace(r.path, sources::Validators{r.etag, r.last_modified, r.changed_at});
  }
  return out;
}

FetchSummary fetch_new_files(sources::Source& source,
                             const std::map<std::string, sources::Validators>& known,
                             const sources::PlanOptions& plan, StopFlag& stop,
                             const std::function<void(FetchedFile)>& deliver) {
  FetchSummary summary;
  auto discovery = source.discover();
  summary.errors = std::move(discovery.errors);
  summary.offered = discovery.files.size();
  const auto files = sources::plan_fetches(discovery.files, known, plan);
  summary.planned = files.size();
  for (const auto& file : files) {
    if (stop.raised()) break;
    const auto k = known.find(file.path());
    auto got = source.fetch(file, k == known.end() ? nullptr : &k->second);
    if (!got) {
      summary.errors.push_back(got.error());
      continue;
    }
    if (got->not_modified) {
      ++summary.not_modified;
      if (k != known.end() && k->second.changed_at == 0 && file.changed_at > 0) {
        summary.learned_change_times[file.path()] = file.changed_at;
      }
      continue;
    }
    ++summary.fetched;
    FetchedFile f{file, got->location, got->validators, sha256_hex(got->body),
                  parse::parse_transcript(file.name, got->body)};
    if (!f.parsed) f.parsed = fail(f.parsed.error().with_context(got->location));
    deliver(std::move(f));
  }
  return summary;
}

Status record_change_times(storage::SourceRepository& repo, const std::string& source,
                           const FetchSummary& summary) {
  for (const auto& [path, changed_at] : summary.learned_change_times) {
    PW_TRY(repo.set_changed_at(source, path, changed_at));
  }
  return {};
}

ingest::FileReport store_fetched(ingest::Ingester& ingester, storage::SourceRepository& repo,
                                 const std::string& source, FetchedFile& f, bool alert,
                                 std::int64_t now, std::function<void()> progress) {
  const storage::SourceFileRecord record{source,
                                         f.file.path(),
                                         f.validators.etag,
                                         f.validators.last_modified,
                                         f.validators.changed_at,
                                         f.sha256,
                                         now};
  ingest::IngestOptions options;
  options.alert = alert;
  options.progress = std::move(progress);
  options.in_transaction = [&repo, &record] { return repo.upsert_file(record); };
  auto report = ingester.ingest_parsed(f.file.name, f.sha256, std::move(f.parsed), options);
  report.file = f.location;
  return report;
}

}  // namespace pw
