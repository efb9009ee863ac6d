#include "daemon/command_support.hpp"

#include <spdlog/spdlog.h>

#include "daemon/exit_codes.hpp"
#include "daemon/file_io.hpp"

namespace pw {
namespace {

constexpr std::size_t kMaxMembersBytes = 256u << 20;  // people.json is ~20 MiB today

}  // namespace

int report_error(const Error& e) {
  spdlog::error("{}", e.message);
  return exit_code_for(e);
}

std::optional<parse::Members> load_members(const GlobalOptions& g) {
  parse::Members members;
  for (const auto& path : g.people) {
    auto bytes = read_file(path, kMaxMembersBytes);
    if (!bytes) {
      report_error(bytes.error());
      return std::nullopt;
    }
    if (auto ok = parse::load_members_file(path, *bytes, members); !ok) {
      report_error(ok.error());
      return std::nullopt;
    }
  }
  return members;
}

}  // namespace pw
