#pragma once

#include <string_view>

#include "core/result.hpp"

namespace pw {

// Checks that `email` is a plausible single mailbox (local@domain.tld, no
// spaces, no control or header-breaking characters, at most 254 bytes).
Status validate_email(std::string_view email);

// Checks that `url` is an absolute http:// or https:// URL without
// whitespace or control characters. Where it may point is checked at
// delivery time, not here.
Status validate_webhook_url(std::string_view url);

}  // namespace pw
