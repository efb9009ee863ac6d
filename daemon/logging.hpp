#pragma once

#include <string>
#include <string_view>

namespace pw {

// Sets up the default logger on stderr: under journald (JOURNAL_STREAM is
// set) one line per record with a "<N>" syslog priority prefix and no
// timestamp, else "parlwatch: LEVEL: message". Every message goes through
// redact() first.
void setup_logging();

// Masks secrets that could reach a log line: webhook secrets ("whsec_..."),
// passwords in URLs ("scheme://user:secret@host"), and the values of
// "password=", "secret=", "token=" and "t=" parameters.
std::string redact(std::string_view text);

}  // namespace pw
