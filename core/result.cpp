#include "core/result.hpp"

namespace pw {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kTransient:
      return "transient";
    case ErrorKind::kPermanent:
      return "permanent";
    case ErrorKind::kInvalidInput:
      return "invalid_input";
  }
  return "unknown";
}

Error Error::with_context(std::string_view context) const {
  std::string m(context);
  m += ": ";
  m += message;
  return Error{kind, std::move(m)};
}

}  // namespace pw
