#pragma once

#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace pw {

// What the caller should do about a failure.
enum class ErrorKind {
  kTransient,     // may succeed later: retry with backoff
  kPermanent,     // will not succeed: give up on this item and surface it
  kInvalidInput,  // the input is bad: skip it, log it, carry on with the rest
};

// Returns "transient", "permanent" or "invalid_input".
std::string_view to_string(ErrorKind kind);

// A failure with a kind and a human-readable message. The message is
// complete on its own (it names the file, rule or address concerned) so the
// handler can log it once without adding context.
struct Error {
  ErrorKind kind = ErrorKind::kPermanent;
  std::string message;

  static Error transient(std::string message) {
    return {ErrorKind::kTransient, std::move(message)};
  }
  static Error permanent(std::string message) {
    return {ErrorKind::kPermanent, std::move(message)};
  }
  static Error invalid(std::string message) {
    return {ErrorKind::kInvalidInput, std::move(message)};
  }

  // Returns a copy whose message is "<context>: <message>".
  Error with_context(std::string_view context) const;
};

template <typename T>
using Result = tl::expected<T, Error>;

// Result of an operation that produces nothing but may fail.
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> fail(Error e) {
  return tl::unexpected<Error>(std::move(e));
}

}  // namespace pw
