#include "daemon/logging.hpp"

#include <cstdlib>
#include <memory>
#include <regex>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace pw {
namespace {

// "<N>": the record's syslog priority, for journald.
class PriorityFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    static constexpr char kPriority[] = {'7', '7', '6', '4', '3', '2', '6'};
    const auto level = static_cast<std::size_t>(msg.level);
    const char text[] = {'<', kPriority[level < sizeof kPriority ? level : 6], '>'};
    dest.append(text, text + 3);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<PriorityFlag>();
  }
};

// The message, redacted.
class RedactedFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const auto clean = redact(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(clean.data(), clean.data() + clean.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<RedactedFlag>();
  }
};

}  // namespace

std::string redact(std::string_view text) {
  static const std::regex kWhsec(R"(whsec_[A-Za-z0-9+/=]+)");
  static const std::regex kUserinfo(R"((://[^/@\s:]*):[^/@\s]*@)");
  static const std::regex kParam(R"(\b(password|secret|token|t)=[^&\s"'>]+)");
  std::string out(text);
  out = std::regex_replace(out, kWhsec, "whsec_[redacted]");
  out = std::regex_replace(out, kUserinfo, "$1:[redacted]@");
  return std::regex_replace(out, kParam, "$1=[redacted]");
}

void setup_logging() {
  auto logger = spdlog::stderr_color_mt("parlwatch");
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<PriorityFlag>('R').add_flag<RedactedFlag>('Q');
  if (std::getenv("JOURNAL_STREAM") != nullptr) {
    formatter->set_pattern("%R%Q");
  } else {
    formatter->set_pattern("parlwatch: %^%l%$: %Q");
  }
  logger->set_formatter(std::move(formatter));
  spdlog::set_default_logger(logger);
}

}  // namespace pw
