#include <iostream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/config_check.hpp"
#include "daemon/config.hpp"
#include "daemon/exit_codes.hpp"
#include "ingest/file_io.hpp"

namespace pw::cli {
int cmd_check_config(const std::string& file) {
  auto config = load_config(file);
  if (!config) {
    for (std::size_t at = 0, next = 0; at <= config.error().message.size(); at = next + 1) {
      next = config.error().message.find('\n', at);
      if (next == std::string::npos) next = config.error().message.size();
      spdlog::error("{}", config.error().message.substr(at, next - at));
    }
    return kExitConfig;
  }
  auto text = read_file(file, 1u << 20);
  const auto problems = check_environment(file, text ? *text : "", *config);
  bool fatal = false;
  for (const auto& p : problems) {
    if (p.fatal) {
      spdlog::error("{}", p.text);
    } else {
      spdlog::warn("{}", p.text);
    }
    fatal = fatal || p.fatal;
  }
  if (fatal) return kExitConfig;
  std::cout << fmt::format("{}: ok ({} sources){}\n", file, config->sources.size(),
                           problems.empty() ? "" : ", with the warnings above");
  return kExitOk;
}

}  // namespace pw::cli
