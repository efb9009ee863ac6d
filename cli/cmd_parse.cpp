#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/support.hpp"
#include "cli/transcript_json.hpp"
#include "daemon/exit_codes.hpp"
#include "ingest/file_io.hpp"
#include "parse/transcript_parser.hpp"

namespace pw::cli {
namespace {

void print_summary(const Transcript& t) {
  std::cout << fmt::format("{}: {} {} version '{}'{}, {} items, {} redirects\n", t.file_name,
                           section_name(t.section), t.date, t.version,
                           t.latest ? "" : " (superseded)", t.items.size(), t.redirects.size());
  for (const auto& item : t.items) {
    std::cout << fmt::format(
        "{:<13} {} {}\n", item_kind_name(item.kind), item.gid,
        item.speaker.name.empty() ? item.text.substr(0, 60) : item.speaker.name);
  }
}

}  // namespace

int cmd_parse(const GlobalOptions& g, const std::string& file, bool json) {
  auto members = load_members(g);
  if (!members) return kExitDataErr;
  auto bytes = read_file(file, parse::kMaxTranscriptBytes);
  if (!bytes) return report_error(bytes.error());
  auto t = parse::parse_transcript(std::filesystem::path(file).filename().string(), *bytes);
  if (!t) return report_error(t.error());
  const auto resolution = parse::resolve_speakers(*t, *members);
  for (const auto& id : resolution.unknown) {
    if (!members->empty()) spdlog::warn("{}: speaker {} is not in the people data", file, id);
  }
  if (resolution.past_data > 0) {
    spdlog::warn("{}: {}", file,
                 parse::members_gap_warning(t->date, members->data_ends(), resolution.past_data));
  }
  if (json) {
    std::cout << transcript_json(*t).dump(2) << "\n";
  } else {
    print_summary(*t);
  }
  return kExitOk;
}

}  // namespace pw::cli
