#include <spdlog/spdlog.h>

#include "cli/cli.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/logging.hpp"
#include "parse/xml.hpp"

int main(int argc, char** argv) {
  pw::parse::XmlLibrary xml;
  pw::setup_logging();
  try {
    return pw::cli::run_cli(argc, argv);
  } catch (const std::exception& e) {
    spdlog::critical("internal error: {}", e.what());
    return pw::kExitSoftware;
  }
}
