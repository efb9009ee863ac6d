#pragma once

#include <memory>

#include "daemon/config.hpp"
#include "deliver/local_sink.hpp"
#include "deliver/sender.hpp"

namespace pw {

// The senders the configuration asks for: the local outbox folder for
// both channels, or SMTP and signed webhooks. Used by one thread at a time.
struct Senders {
  std::unique_ptr<deliver::LocalSink> sink;  // kept alive for LocalSinkSender
  std::unique_ptr<deliver::Sender> email;
  std::unique_ptr<deliver::Sender> webhook;
};

// Builds the senders; reads the SMTP password file. Errors name the file.
Result<Senders> make_senders(const Config& config);

}  // namespace pw
