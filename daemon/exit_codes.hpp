#pragma once

#include "core/result.hpp"

namespace pw {

// Process exit codes (sysexits.h values, so scripts and systemd can tell
// a bad invocation from bad data from a temporary failure).
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 64;     // EX_USAGE: bad command line
inline constexpr int kExitDataErr = 65;   // EX_DATAERR: bad input file, rule, address
inline constexpr int kExitNoInput = 66;   // EX_NOINPUT: a file named does not exist
inline constexpr int kExitSoftware = 70;  // EX_SOFTWARE: internal error
inline constexpr int kExitTempFail = 75;  // EX_TEMPFAIL: try again later
inline constexpr int kExitConfig = 78;    // EX_CONFIG: bad configuration

// Maps an error kind to the exit code that tells the caller what to do.
inline int exit_code_for(const Error& e) {
  switch (e.kind) {
    case ErrorKind::kInvalidInput:
      return kExitDataErr;
    case ErrorKind::kTransient:
      return kExitTempFail;
    case ErrorKind::kPermanent:
      return kExitSoftware;
  }
  return kExitSoftware;
}

}  // namespace pw
