#include "storage/row_inserts.hpp"

namespace pw::storage {

std::string insert_of_rows(std::string_view head, std::string_view row, std::size_t rows) {
  std::string sql(head);
  for (std::size_t i = 0; i < rows; ++i) sql.append(i == 0 ? "" : ", ").append(row);
  return sql;
}

Status insert_rows(Database& db, std::size_t count, std::size_t rows_per, const std::string& many,
                   const std::string& one,
                   const std::function<void(Statement&, int&, std::size_t)>& bind) {
  std::size_t done = 0;
  for (const std::size_t rows : {rows_per, std::size_t{1}}) {
    if (count - done < rows) continue;
    PW_TRY_ASSIGN(auto s, db.prepare(rows == 1 ? one : many));
    for (; done + rows <= count; done += rows) {
      int index = 1;
      for (std::size_t i = done; i < done + rows; ++i) bind(s, index, i);
      PW_TRY(s.run());
    }
  }
  return {};
}

}  // namespace pw::storage
