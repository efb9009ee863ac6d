#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "daemon/cli.hpp"
#include "daemon/exit_codes.hpp"
#include "parse/xml.hpp"

int main(int argc, char** argv) {
  pw::parse::XmlLibrary xml;
  auto logger = spdlog::stderr_color_mt("parlwatch");
  logger->set_pattern("parlwatch: %^%l%$: %v");
  spdlog::set_default_logger(logger);
  try {
    return pw::run_cli(argc, argv);
  } catch (const std::exception& e) {
    spdlog::critical("internal error: {}", e.what());
    return pw::kExitSoftware;
  }
}
