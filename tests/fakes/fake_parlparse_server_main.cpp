// A loopback HTTP server for the end-to-end tests: serves ROOT in
// TheyWorkForYou's scrapedxml layout, injecting the faults listed in
// FAULTS (re-read when it changes), and appends "TARGET STATUS" per request
// to LOG. With HOOK_DIR it also receives webhooks (POST /hooks/...) into
// that folder. Writes its port to PORT_FILE once listening; runs until
// killed.
// Usage: fake_parlparse_server ROOT PORT_FILE FAULTS LOG [HOOK_DIR]
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "tests/fakes/parlparse_site.hpp"
#include "tests/fakes/slurp.hpp"

namespace {}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::cerr << "usage: fake_parlparse_server ROOT PORT_FILE FAULTS LOG [HOOK_DIR]\n";
    return 64;
  }
  const std::string faults_path = argv[3];
  const std::string log_path = argv[4];
  pw::test::ParlParseSite site{std::filesystem::path(argv[1])};
  if (argc == 6) site.receive_hooks_in(argv[5]);
  std::mutex mutex;
  std::string faults_text = "\x01";  // forces the first read
  pw::test::HttpServer server([&](const pw::test::HttpRequestSeen& r) {
    const std::lock_guard lock(mutex);
    const std::string now = pw::test::slurp(faults_path);
    if (now != faults_text) {
      faults_text = now;
      site.set_faults(pw::test::parse_faults(now));
    }
    const auto reply = site.handle(r);
    std::ofstream(log_path, std::ios::app)
        << r.target << " " << (reply.hang_up ? 0 : reply.status) << "\n";
    return reply;
  });
  {
    std::ofstream(std::string(argv[2]) + ".tmp") << server.port() << "\n";
    std::filesystem::rename(std::string(argv[2]) + ".tmp", argv[2]);
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  int sig = 0;
  sigwait(&set, &sig);
  return 0;
}
