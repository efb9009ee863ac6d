#pragma once

#include <string>

#include <gtest/gtest.h>

#include "storage/database.hpp"

namespace pw::test {

// Leaves a database at `path` as a parlwatch of schema `version` would
// have, holding `rows` (SQL statements against that version's tables), for
// a test of the migrations after it. Call with ASSERT_NO_FATAL_FAILURE.
inline void write_old_database(const std::string& path, int version, const char* rows) {
  auto db = storage::Database::open_at(path, version);
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_EQ(*db->scalar("PRAGMA user_version"), version);
  ASSERT_TRUE(db->exec(rows));
}

}  // namespace pw::test
