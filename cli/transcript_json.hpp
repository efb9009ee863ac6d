#pragma once

#include <nlohmann/json.hpp>

#include "core/transcript.hpp"

namespace pw::cli {

// Returns the JSON shown by `parlwatch parse --json`: file, section, date,
// version, latest, items (id, key, kind, headings, person, speaker name,
// time, column, text, division) and redirects.
nlohmann::json transcript_json(const Transcript& t);

}  // namespace pw::cli
