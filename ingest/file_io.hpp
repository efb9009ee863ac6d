#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace pw {

// Reads a whole file of at most `max_bytes`. Returns invalid_input naming
// the file if it is missing, unreadable, a directory or too large.
Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes);

// Returns the lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

// Expands files and directories into transcript files (ParlParse names
// only, other files in a directory are skipped; named files are kept so
// that a bad name is reported), ordered by sitting date, then section, then
// version (odometer order), so older versions are ingested first.
std::vector<std::filesystem::path> transcript_files(const std::vector<std::string>& paths);

}  // namespace pw
