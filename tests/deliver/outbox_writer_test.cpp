#include "deliver/outbox_writer.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "storage/outbox_repository.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::deliver {
namespace {

RenderWithId naming_its_id() {
  return [](std::int64_t id) -> Result<RenderedMessage> {
    return RenderedMessage{"s", fmt::format("Message-ID: <outbox-{}@x>\r\n", id), {}};
  };
}

// Many messages in one transaction read the next id once and count on from
// it: still past an id whose row went with its user, one id per message
// stored (a dead one too), none taken by a message that was not stored.
TEST(WriteMessage, CountsIdsOnWithinOneTransaction) {
  test::TempDir dir;
  auto db = *storage::Database::open((dir / "pw.db").string());
  storage::UserRepository users(db);
  const auto reader = *users.add_user("reader@example.org", "", 1);
  const auto forgotten = *users.add_user("gone@example.org", "", 1);
  const OutboxAddress to{reader, storage::Channel::kEmail, "reader@example.org", 0};
  ASSERT_EQ(*write_message(db, OutboxAddress{forgotten, storage::Channel::kEmail, "g", 0}, 1,
                           naming_its_id()),
            1);
  ASSERT_TRUE(*users.remove_user(forgotten));

  auto tx = storage::Transaction::begin(db);
  ASSERT_TRUE(tx);
  std::int64_t next = 0;
  EXPECT_EQ(*write_message(db, to, 2, naming_its_id(), &next), 2);
  EXPECT_EQ(next, 3);
  const auto refused = [](std::int64_t) -> Result<RenderedMessage> {
    return fail(Error::invalid("a line break in an address"));
  };
  EXPECT_EQ(*write_message(db, to, 2, refused, &next), 3);  // kept as dead
  const OutboxAddress nobody{999, storage::Channel::kEmail, "x", 0};
  EXPECT_FALSE(write_message(db, nobody, 2, naming_its_id(), &next));  // no such user
  EXPECT_EQ(next, 4);
  EXPECT_EQ(*write_message(db, to, 2, naming_its_id(), &next), 4);
  ASSERT_TRUE(tx->commit());

  const auto rows = *storage::OutboxRepository(db).all();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].body, "Message-ID: <outbox-2@x>\r\n");
  EXPECT_EQ(rows[1].state, storage::OutboxState::kDead);
  EXPECT_EQ(rows[2].id, 4);
  EXPECT_EQ(rows[2].body, "Message-ID: <outbox-4@x>\r\n");
  EXPECT_EQ(*write_message(db, to, 3, naming_its_id()), 5);
}

}  // namespace
}  // namespace pw::deliver
