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

// Many messages in one transaction (a session) read the next id once and
// count on from it, still past an id whose row went with its user, one id
// per message (a dead one too); their rows are stored kRowsHeld at a time
// and by store_written().
TEST(WriteMessage, ASessionCountsIdsOnAndStoresRowsTogether) {
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
  storage::OutboxRepository outbox(db);
  const auto stored = [&outbox] { return outbox.all()->size(); };

  WriteSession session;
  EXPECT_FALSE(write_message(db, to, 2, naming_its_id(), &session));  // no transaction
  auto tx = storage::Transaction::begin(db);
  ASSERT_TRUE(tx);
  EXPECT_EQ(*write_message(db, to, 2, naming_its_id(), &session), 2);
  EXPECT_EQ(session.next_id, 3);
  const auto refused = [](std::int64_t) -> Result<RenderedMessage> {
    return fail(Error::invalid("a line break in an address"));
  };
  EXPECT_EQ(*write_message(db, to, 2, refused, &session), 3);  // kept as dead
  EXPECT_EQ(stored(), 0u);
  for (std::size_t i = 2; i < WriteSession::kRowsHeld; ++i) {
    ASSERT_TRUE(write_message(db, to, 2, naming_its_id(), &session));
  }
  EXPECT_EQ(stored(), WriteSession::kRowsHeld);
  EXPECT_TRUE(session.rows.empty());
  EXPECT_EQ(*write_message(db, to, 2, naming_its_id(), &session), 34);
  ASSERT_TRUE(store_written(db, session));
  ASSERT_TRUE(tx->commit());

  const auto rows = *outbox.all();
  ASSERT_EQ(rows.size(), WriteSession::kRowsHeld + 1);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].id, static_cast<std::int64_t>(i) + 2);
    if (i != 1) {
      EXPECT_EQ(rows[i].body, fmt::format("Message-ID: <outbox-{}@x>\r\n", i + 2));
    }
  }
  EXPECT_EQ(rows[1].state, storage::OutboxState::kDead);
  EXPECT_EQ(rows[1].last_error, "a line break in an address");
  EXPECT_EQ(rows[0].state, storage::OutboxState::kPending);
  EXPECT_EQ(*write_message(db, to, 3, naming_its_id()), 35);
}

// A session's row that cannot be stored fails the storing, and with it the
// caller's transaction.
TEST(WriteMessage, ASessionsRowThatCannotBeStoredFailsTheStoring) {
  test::TempDir dir;
  auto db = *storage::Database::open((dir / "pw.db").string());
  const auto reader = *storage::UserRepository(db).add_user("reader@example.org", "", 1);
  auto tx = storage::Transaction::begin(db);
  ASSERT_TRUE(tx);
  WriteSession session;
  const OutboxAddress nobody{reader + 1, storage::Channel::kEmail, "x", 0};
  ASSERT_TRUE(write_message(db, nobody, 2, naming_its_id(), &session));  // no such user
  EXPECT_FALSE(store_written(db, session));
}

}  // namespace
}  // namespace pw::deliver
