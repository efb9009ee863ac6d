#pragma once

#include <string>

#include "core/result.hpp"
#include "daemon/config.hpp"
#include "deliver/render.hpp"
#include "storage/database.hpp"

namespace pw {

// The email settings for alerts: From, the public URL of parlwatch's web
// pages, and the secret that signs their links: read from `secret_file`
// (e.g. a systemd credential) when given, else created in the database's
// settings on first use.
Result<deliver::EmailSettings> email_settings(storage::Database& db, std::string from,
                                              std::string public_url,
                                              const std::string& secret_file = "");

// Records in the database's settings how its daemon delivers: "network",
// or "local" with the absolute path of its outbox folder, so the command
// line leaves network alerts to the daemon and writes local ones where the
// daemon would.
Status record_delivery(storage::Database& db, const Config& config);

// How the daemon of a database delivers, as record_delivery left it.
struct RecordedDelivery {
  bool network = false;
  std::string outbox_dir;  // local mode; "" when no daemon has run on it

  // The daemon's outbox folder, or `fallback` (--outbox-dir) if none is known.
  const std::string& outbox_or(const std::string& fallback) const {
    return outbox_dir.empty() ? fallback : outbox_dir;
  }
};
Result<RecordedDelivery> recorded_delivery(storage::Database& db);

}  // namespace pw
