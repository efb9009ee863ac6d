#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "storage/database.hpp"

namespace pw::storage {

// An INSERT of `rows` rows: `head` ("INSERT INTO t (...) VALUES ") and
// then `row` (one row's "(?, ...)") `rows` times, separated by commas.
std::string insert_of_rows(std::string_view head, std::string_view row, std::size_t rows);

// Inserts `count` rows through two statements: `many`, an INSERT of
// `rows_per` rows, while that many are left, then `one`, of one row.
// `bind(statement, index, i)` binds row i's parameters from `index` on and
// leaves `index` past them. Stops at the first statement that fails.
Status insert_rows(Database& db, std::size_t count, std::size_t rows_per, const std::string& many,
                   const std::string& one,
                   const std::function<void(Statement&, int&, std::size_t)>& bind);

}  // namespace pw::storage
