#pragma once

#include <memory>

#include "core/clock.hpp"
#include "daemon/config.hpp"
#include "daemon/http_server.hpp"
#include "deliver/render.hpp"
#include "storage/database.hpp"
#include "web/counters.hpp"
#include "web/site.hpp"

namespace pw {

// The site's settings from the configuration: links signed like the
// emails', the admin token read from its file (at least 16 characters),
// the sign-up limits. invalid_input naming the file when it cannot be used.
Result<web::SiteOptions> site_options(const Config& config, const deliver::EmailSettings& email);

// The server's limits from [server].
HttpServerLimits server_limits(const ServerConfig& server);

}  // namespace pw
