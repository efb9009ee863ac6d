#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "web/http.hpp"

namespace pw::web {

// The name of the cookie a browser's form tokens are bound to.
inline constexpr std::string_view kFormCookie = "pw_form";
// How long a form token is accepted after the page that carried it.
inline constexpr std::int64_t kFormTokenSeconds = std::int64_t{24} * 3600;

// Returns the value of cookie `name` in the request's Cookie header, or
// nothing.
std::optional<std::string> cookie_value(const Request& r, std::string_view name);

// A fresh random value for the form cookie (32 hex digits), or nothing if
// the random generator fails.
std::optional<std::string> new_form_cookie();

// The Set-Cookie value for the form cookie: host-only, HttpOnly,
// SameSite=Strict, and Secure when the site's public URL is https.
std::string form_cookie_header(std::string_view value, std::string_view public_url);

// A form's anti-forgery token: "<issued unix seconds>.<base64url of the
// first 16 bytes of HMAC-SHA256(secret, "form:<cookie>:<issued>")>". It is
// bound to one browser's form cookie, which another site can neither read
// nor send (SameSite=Strict), so a page elsewhere cannot forge the form.
std::string make_form_token(std::string_view secret, std::string_view cookie, std::int64_t now);

// True if `token` was made by make_form_token with this secret and cookie
// no more than kFormTokenSeconds before `now` (and not after it). Compared
// in constant time.
bool check_form_token(std::string_view secret, std::string_view cookie, std::string_view token,
                      std::int64_t now);

// "scheme://host[:port]" of an absolute http(s) URL, lower-cased, with the
// scheme's default port left out; "" if it is not one.
std::string origin_of(std::string_view url);

// True unless the request says it comes from another site: an Origin
// header (sent by browsers with every form POST) other than the public
// URL's origin ("null" included). A request without Origin passes: mail
// providers' one-click unsubscribe (RFC 8058) and older browsers send none,
// and the form token covers those.
bool same_origin(const Request& r, std::string_view public_url);

}  // namespace pw::web
