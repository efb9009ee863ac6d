#pragma once

#include <utility>

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

// A value or an Error. `[[nodiscard]]`: every function that returns one
// makes its caller look at it. Converts to and from tl::expected<T, Error>,
// so tl's map and map_error still apply; a function given to and_then must
// return the tl::expected itself (Result<U>::Base).
template <typename T>
class [[nodiscard]] Result : public tl::expected<T, Error> {
 public:
  using Base = tl::expected<T, Error>;
  using Base::Base;
  Result() = default;
  Result(Base base) : Base(std::move(base)) {}  // NOLINT(google-explicit-constructor)
};

// Result of an operation that produces nothing but may fail.
using Status = Result<void>;

inline tl::unexpected<Error> fail(Error e) {
  return tl::unexpected<Error>(std::move(e));
}

}  // namespace pw

#define PW_RESULT_CONCAT_INNER(a, b) a##b
#define PW_RESULT_CONCAT(a, b) PW_RESULT_CONCAT_INNER(a, b)

// In a function returning a Result or Status: evaluates the Result or
// Status `...` and returns its Error from the enclosing function if it
// failed. The value, if any, is dropped.
#define PW_TRY(...)                                           \
  do {                                                        \
    if (auto pw_try_result_ = (__VA_ARGS__); !pw_try_result_) \
      return ::pw::fail(std::move(pw_try_result_).error());   \
  } while (false)

// In a function returning a Result or Status: evaluates the Result `...`,
// returns its Error from the enclosing function if it failed, and
// otherwise declares `lhs` (e.g. `auto rows`) from its value, moved out.
// At most one use per line.
#define PW_TRY_ASSIGN(lhs, ...) \
  PW_TRY_ASSIGN_IMPL(PW_RESULT_CONCAT(pw_try_result_, __LINE__), lhs, __VA_ARGS__)
#define PW_TRY_ASSIGN_IMPL(tmp, lhs, ...)              \
  auto tmp = (__VA_ARGS__);                            \
  if (!tmp) return ::pw::fail(std::move(tmp).error()); \
  lhs = std::move(*tmp)
