#pragma once

namespace pw::cli {

// Parses the command line, runs the chosen subcommand and returns the
// process exit code. Usage errors print help and return 64.
int run_cli(int argc, char** argv);

}  // namespace pw::cli
