#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/migrations.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/piece_refs.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/old_database.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::storage {
namespace {

using ::testing::HasSubstr;

TEST(PieceRefs, RoundTripAsReadableText) {
  const std::vector<PieceRef> refs{{0, 7}, {3, 12}, {3, 7}, {10, 900000000000}};
  const auto text = encode_piece_refs(refs);
  EXPECT_EQ(text, "0:7 3:12 3:7 10:900000000000");
  const auto back = decode_piece_refs(text, 10);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->size(), refs.size());
  for (std::size_t i = 0; i < refs.size(); ++i) {
    EXPECT_EQ((*back)[i].offset, refs[i].offset);
    EXPECT_EQ((*back)[i].piece_id, refs[i].piece_id);
  }
  EXPECT_EQ(encode_piece_refs({}), "");
  EXPECT_TRUE(decode_piece_refs("", 0)->empty());
}

TEST(PieceRefs, RefuseAnythingButWhatWasWritten) {
  for (const char* bad : {"1", "1:", ":1", "1:0", "1:-2", "-1:2", "1:2 ", " 1:2", "1:2  3:4",
                          "1:2,3:4", "3:1 2:1", "11:1", "1:2x", "+1:2", "18446744073709551616:1"}) {
    const auto r = decode_piece_refs(bad, 10);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput) << bad;
    EXPECT_THAT(r.error().message, HasSubstr("damaged")) << bad;
  }
}

TEST(PieceRefs, AssemblePutsEachPieceAtItsOffset) {
  EXPECT_EQ(assemble("ace", {{0, "<"}, {1, "b"}, {2, "d"}, {2, "D"}, {3, ">"}}), "<abcdDe>");
  EXPECT_EQ(assemble("", {{0, "x"}, {0, "y"}}), "xy");
  EXPECT_EQ(assemble("whole", {}), "whole");
}

class OutboxPiecesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open((dir_ / "pw.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
    outbox_.emplace(*db_);
    user_ = *UserRepository(*db_).add_user("a@example.org", "", 1);
  }

  // Stores a message of own bytes `own` with `refs`, under the next id.
  std::int64_t add(const std::string& own, std::vector<PieceRef> refs) {
    auto tx = Transaction::begin(*db_);
    const auto id = *outbox_->next_id();
    EXPECT_TRUE(outbox_->add(NewOutboxRecord{id, user_, Channel::kEmail, "a@example.org", 0, 10,
                                             "Subject", own, "", std::move(refs)}));
    EXPECT_TRUE(tx->commit());
    return id;
  }

  test::TempDir dir_;
  std::optional<Database> db_;
  std::optional<OutboxRepository> outbox_;
  std::int64_t user_ = 0;
};

TEST_F(OutboxPiecesTest, EveryReadGivesTheWholeMessage) {
  const auto item = *outbox_->add_piece("* item one\r\n");
  const auto other = *outbox_->add_piece("* item two\r\n");
  const auto shared = add("Head\r\n\r\nFoot\r\n", {{6, item}, {6, other}, {14, item}});
  const auto plain = add("no pieces", {});
  const std::string whole = "Head\r\n* item one\r\n* item two\r\n\r\nFoot\r\n* item one\r\n";
  EXPECT_EQ((*outbox_->find(shared))->body, whole);
  EXPECT_EQ((*outbox_->find(plain))->body, "no pieces");
  EXPECT_EQ(outbox_->pending()->at(0).body, whole);
  EXPECT_EQ(outbox_->all()->at(0).body, whole);
  EXPECT_EQ(outbox_->recent(5)->at(1).id, shared);
  EXPECT_EQ(outbox_->recent(5)->at(1).body, "");  // listings read no message
  const auto claimed = *outbox_->claim_due(20, 60, 10);
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(claimed[0].body, whole);
  EXPECT_EQ(claimed[1].body, "no pieces");
  EXPECT_EQ(*db_->scalar("SELECT LENGTH(body) FROM outbox WHERE id = " + std::to_string(shared)),
            14);
}

// A message whose pieces cannot be read (damaged by hand) is never sent
// in part: reading it fails with the reason, and delivery sets it aside
// as dead while the others go.
TEST_F(OutboxPiecesTest, AMessageWithAMissingPieceIsDeadNotSentInPart) {
  const auto item = *outbox_->add_piece("* item\r\n");
  const auto broken = add("Head\r\n", {{6, item + 1}});
  const auto damaged = add("Head\r\n", {{6, item}});
  ASSERT_TRUE(db_->run("UPDATE outbox SET pieces = '6:x' WHERE id = ?1", damaged));
  const auto good = add("Head\r\n", {{6, item}});
  const auto found = outbox_->find(broken);
  ASSERT_FALSE(found);
  EXPECT_THAT(found.error().message,
              HasSubstr("outbox message " + std::to_string(broken) + ": its stored piece"));
  EXPECT_FALSE(outbox_->all());
  EXPECT_EQ(outbox_->list_all()->size(), 3u);  // an operator still sees every row
  EXPECT_EQ(outbox_->recent(10)->size(), 3u);
  const auto claimed = *outbox_->claim_due(20, 60, 10);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, good);
  EXPECT_EQ(claimed[0].body, "Head\r\n* item\r\n");
  for (const auto id : {broken, damaged}) {
    EXPECT_EQ(*db_->scalar("SELECT state = 'dead' AND last_error <> '' FROM outbox WHERE id = " +
                           std::to_string(id)),
              1);
  }
}

// Messages queued before pieces existed are whole in `body` and read as
// before; new ones may refer to pieces.
TEST(Migration, Version12KeepsEveryMessageWholeAndAddsPieces) {
  test::TempDir dir;
  const std::string path = (dir / "pw.db").string();
  ASSERT_NO_FATAL_FAILURE(test::write_old_database(
      path, 11,
      "INSERT INTO users (id, email, created_at) VALUES (1, 'a@example.org', 1);"
      "INSERT INTO outbox (id, user_id, channel, destination, subject, body, created_at)"
      " VALUES (4, 1, 'email', 'a@example.org', 'S', 'the whole message', 2);"));
  auto db = Database::open(path);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(*db->scalar("PRAGMA user_version"), kSchemaVersion);
  OutboxRepository outbox(*db);
  EXPECT_EQ((*outbox.find(4))->body, "the whole message");
  const auto piece = *outbox.add_piece(" and a piece");
  auto tx = Transaction::begin(*db);
  ASSERT_TRUE(outbox.add(NewOutboxRecord{
      5, 1, Channel::kEmail, "a@example.org", 0, 3, "S", "a message", "", {{9, piece}}}));
  ASSERT_TRUE(tx->commit());
  EXPECT_EQ((*outbox.find(5))->body, "a message and a piece");
  EXPECT_EQ(*db->scalar("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
}

}  // namespace
}  // namespace pw::storage
