#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/config.hpp"

namespace pw::cli {

// One thing `run` would trip over, as "FILE:LINE: what".
struct ConfigProblem {
  bool fatal = true;  // false: a warning (run starts, but something is missing)
  std::string text;
};

// Checks what `run` needs from this machine, beyond the file's own
// validity: the source folders exist; the database's and the local
// outbox's folders exist and are writable, or can be made; members files
// and credential files are readable (files under /run/credentials/ are
// systemd's to provide at start and are not looked for); the listen
// address is free now (a warning: the daemon may be running); webhook and
// delivery settings that contradict each other (warnings). `text` is
// the configuration as read from `file`, for the line numbers.
std::vector<ConfigProblem> check_environment(const std::string& file, std::string_view text,
                                             const Config& config);

}  // namespace pw::cli
