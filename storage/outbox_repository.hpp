#pragma once

#include <vector>

#include "storage/database.hpp"
#include "storage/records.hpp"

namespace pw::storage {

// Messages waiting to be delivered, rendered once and stored so every
// attempt sends the same bytes. Rows are added in the ingest transaction
// and marked sent only after the sink accepted them.
class OutboxRepository {
 public:
  explicit OutboxRepository(Database& db) : db_(db) {}

  // Adds an empty pending row and returns its id; the message is stored by
  // set_message() once rendered (the id is part of the message's identity).
  Result<std::int64_t> reserve(std::int64_t user_id, Channel channel,
                               const std::string& destination, std::int64_t file_id,
                               std::int64_t now);
  Status set_message(std::int64_t id, const std::string& subject, const std::string& body);

  // Pending rows, oldest first.
  Result<std::vector<OutboxRecord>> pending();
  // Every row, oldest first.
  Result<std::vector<OutboxRecord>> all();

  Status mark_sent(std::int64_t id, std::int64_t now);

 private:
  Database& db_;
};

}  // namespace pw::storage
