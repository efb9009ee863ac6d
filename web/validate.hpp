#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.hpp"

namespace pw {

// Checks that `email` is a plausible single mailbox: local@domain.tld, at
// most 254 bytes, no empty domain label ("example..org") or dot at either
// end of a part, no spaces, control or header-breaking characters. Non-ASCII
// only with `utf8` (the relay offers SMTPUTF8), and then valid UTF-8
// without C1 controls or line and paragraph separators (U+2028, U+2029).
Status validate_email(std::string_view email, bool utf8 = false);

// Checks that `url` is an absolute http:// or https:// URL without
// whitespace or control characters. Where it may point is checked at
// delivery time, not here.
Status validate_webhook_url(std::string_view url);

}  // namespace pw
