// A loopback SMTP sink for the end-to-end tests: accepts every message and
// writes it to OUT_DIR/N.eml (N from 1, in arrival order), the envelope in
// OUT_DIR/N.envelope ("from" then each recipient). Writes its port to
// PORT_FILE once listening; runs until killed.
// Usage: fake_smtp_sink PORT_FILE OUT_DIR
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "tests/fakes/smtp_sink.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: fake_smtp_sink PORT_FILE OUT_DIR\n";
    return 64;
  }
  const std::filesystem::path out = argv[2];
  pw::test::SmtpSink sink;
  {
    std::ofstream(std::string(argv[1]) + ".tmp") << sink.port() << "\n";
    std::filesystem::rename(std::string(argv[1]) + ".tmp", argv[1]);
  }
  std::size_t written = 0;
  for (;;) {
    const auto messages = sink.messages();
    for (; written < messages.size(); ++written) {
      const auto& m = messages[written];
      const auto base = out / std::to_string(written + 1);
      {
        std::ofstream envelope(base.string() + ".envelope");
        envelope << m.from << "\n";
        for (const auto& to : m.to) envelope << to << "\n";
      }
      std::ofstream(base.string() + ".tmp", std::ios::binary) << m.data;
      std::filesystem::rename(base.string() + ".tmp", base.string() + ".eml");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}
