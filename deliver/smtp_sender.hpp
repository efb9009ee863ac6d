#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "deliver/sender.hpp"

namespace pw::deliver {

struct SmtpSettings {
  std::string url;  // smtp://host:587 (STARTTLS) or smtps://host:465
  std::string username;
  std::string password;       // read from a file by the caller, never logged
  std::string envelope_from;  // bare address for MAIL FROM
  // STARTTLS is required on smtp:// unless this is false, which is allowed
  // only for a loopback server (tests, a local relay).
  bool require_tls = true;
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds timeout{60000};
};

// Sends each row's stored RFC 5322 message by SMTP through libcurl, to the
// row's destination address. One connection is reused for a run of
// messages. 2xx is sent; 4xx replies and lost connections retry; 5xx
// replies are permanent. An address or envelope with CR, LF or NUL, or a
// plain-text server that is not loopback, is refused before connecting.
// One instance per thread.
class SmtpSender final : public Sender {
 public:
  explicit SmtpSender(SmtpSettings settings);
  ~SmtpSender() override;
  SmtpSender(const SmtpSender&) = delete;
  SmtpSender& operator=(const SmtpSender&) = delete;

  SendResult send(const storage::OutboxRecord& row, const storage::UserRecord& user,
                  std::int64_t now) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True if `s` holds CR, LF or NUL: never allowed in a header or an SMTP
// command.
bool has_line_break(std::string_view s);

}  // namespace pw::deliver
