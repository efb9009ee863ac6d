#include "deliver/local_sink.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "deliver/delivery_worker.hpp"
#include "storage/file_repository.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/slurp.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::deliver {
namespace {

namespace fs = std::filesystem;

storage::OutboxRecord row(std::int64_t id, storage::Channel channel, std::string body) {
  storage::OutboxRecord r;
  r.id = id;
  r.channel = channel;
  r.body = std::move(body);
  return r;
}

TEST(LocalSink, WritesEmailsIntoAMaildirAndWebhooksAsJson) {
  test::TempDir dir;
  const LocalSink sink(dir / "outbox");
  ASSERT_TRUE(sink.deliver(row(7, storage::Channel::kEmail, "Subject: x\r\n\r\nhi\r\n")));
  ASSERT_TRUE(sink.deliver(row(8, storage::Channel::kWebhook, "{}")));
  EXPECT_EQ(test::slurp(dir / "outbox/mail/new/outbox-000007.eml"), "Subject: x\r\n\r\nhi\r\n");
  EXPECT_EQ(test::slurp(dir / "outbox/webhooks/outbox-000008.json"), "{}");
  EXPECT_TRUE(fs::is_directory(dir / "outbox/mail/cur"));
  EXPECT_TRUE(fs::is_empty(dir / "outbox/mail/tmp"));
}

TEST(LocalSink, DeliveringAgainReplacesTheSameFile) {
  test::TempDir dir;
  const LocalSink sink(dir.path());
  ASSERT_TRUE(sink.deliver(row(7, storage::Channel::kEmail, "one")));
  ASSERT_TRUE(sink.deliver(row(7, storage::Channel::kEmail, "one")));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "mail/new")) ++files;
  EXPECT_EQ(files, 1u);
}

class FlushTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::Database::open((dir_ / "pw.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
    const auto user = *storage::UserRepository(*db_).add_user("a@example.org", "", 1);
    const auto file =
        *storage::FileRepository(*db_).insert({0, "f", "debates", "2009-10-27", "d", 4, "h", 0, 1});
    storage::OutboxRepository outbox(*db_);
    for (int i = 0; i < 2; ++i) {
      const auto id = *outbox.reserve(user, storage::Channel::kEmail, "a@example.org", file,
                                      unix_seconds(clock_.now()));
      ASSERT_TRUE(outbox.set_message(id, "s", "message " + std::to_string(id)));
    }
  }
  test::TempDir dir_;
  std::optional<storage::Database> db_;
  test::FakeClock clock_;
};

TEST_F(FlushTest, DeliversDueRowsAndMarksThemSent) {
  storage::OutboxRepository outbox(*db_);
  const LocalSink sink(dir_ / "out");
  LocalSinkSender local(sink);
  std::mt19937_64 rng(1);
  auto report = deliver_due(*db_, local, local, clock_, EmailSettings{}, rng);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->sent, 2u);
  EXPECT_TRUE(outbox.pending()->empty());
  EXPECT_EQ(test::slurp(dir_ / "out/mail/new/outbox-000002.eml"), "message 2");
  EXPECT_EQ(deliver_due(*db_, local, local, clock_, EmailSettings{}, rng)->sent, 0u);
}

TEST_F(FlushTest, AnUnwritableFolderIsRetriedLater) {
  test::write_file(dir_ / "blocker", "a file where the outbox folder should be");
  storage::OutboxRepository outbox(*db_);
  const LocalSink blocked(dir_ / "blocker");
  LocalSinkSender failing(blocked);
  std::mt19937_64 rng(1);
  auto report = deliver_due(*db_, failing, failing, clock_, EmailSettings{}, rng);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->sent, 0u);
  EXPECT_EQ(report->retrying, 2u);
  EXPECT_EQ((*outbox.find(1))->state, storage::OutboxState::kRetry);
  const LocalSink good(dir_ / "out");
  LocalSinkSender working(good);
  EXPECT_EQ(deliver_due(*db_, working, working, clock_, EmailSettings{}, rng)->sent,
            0u);  // not due
  clock_.advance(std::chrono::minutes(2));
  EXPECT_EQ(deliver_due(*db_, working, working, clock_, EmailSettings{}, rng)->sent, 2u);
}

}  // namespace
}  // namespace pw::deliver
