#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/support.hpp"
#include "core/clock.hpp"
#include "daemon/app.hpp"
#include "daemon/exit_codes.hpp"

namespace pw::cli {
namespace {

// A start that failed: 75 when trying again may cure it (a locked
// database, a network fault), else 78 (a bad setting, an unreadable
// credential, a port in use, a database from a newer parlwatch), which the
// unit's RestartPreventExitStatus= keeps systemd from retrying every 10 s.
int startup_failure(const Error& e) {
  spdlog::error("cannot start: {}", e.message);
  return e.kind == ErrorKind::kTransient ? kExitTempFail : kExitConfig;
}

}  // namespace

int cmd_run(const std::string& config_path, const RunOptions& options) {
  auto config = config_or_report(config_path);
  if (!config) return kExitConfig;
  const SystemClock clock;
  auto app = App::create(config_path, std::move(*config), options, clock);
  if (!app) return startup_failure(app.error());
  return (*app)->run();
}

}  // namespace pw::cli
