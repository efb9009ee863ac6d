#pragma once

#include <optional>

#include "daemon/commands.hpp"
#include "parse/members.hpp"
#include "storage/database.hpp"

namespace pw {

// Opens the database named by the options, logging the error and setting
// `exit_code` when it cannot be opened (or is newer than this binary).
std::optional<storage::Database> open_database(const GlobalOptions& g, int& exit_code);

// Loads every members file named by --people. Returns nullopt after
// logging when one cannot be read or parsed.
std::optional<parse::Members> load_members(const GlobalOptions& g);

// Logs `e` as an error and returns its exit code.
int report_error(const Error& e);

}  // namespace pw
