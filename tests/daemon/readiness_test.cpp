#include "daemon/readiness.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/source_repository.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw {
namespace {

using std::chrono::minutes;
using ::testing::ElementsAre;

// 2009-10-28 12:00 UTC, noon in London (GMT): outside the quiet hours below.
const auto kNoon = std::chrono::system_clock::time_point(std::chrono::seconds(1'256'731'200));
const std::int64_t kNoonSeconds = 1'256'731'200;

ReadinessFacts facts() {
  ReadinessFacts f;
  f.sources = {"twfy", "mirror"};
  f.schedule.poll_interval = minutes(15);
  f.schedule.quiet_from_minute = 22 * 60;
  f.schedule.quiet_to_minute = 6 * 60;
  return f;
}

storage::SourcePollRecord poll(const std::string& source, std::int64_t at) {
  storage::SourcePollRecord p;
  p.source = source;
  p.last_poll_at = at;
  return p;
}

TEST(ReadinessProblems, SourcesWithoutARecentPollAreNamed) {
  const auto running = minutes(60);
  // Allowed: two intervals and ten minutes, 40 minutes.
  const std::vector polls{poll("twfy", kNoonSeconds - 39 * 60),
                          poll("mirror", kNoonSeconds - 41 * 60)};
  EXPECT_THAT(
      readiness_problems(facts(), polls, kNoon, running),
      ElementsAre("source mirror: no poll since " + std::to_string(kNoonSeconds - 41 * 60)));
  EXPECT_THAT(readiness_problems(facts(), {polls[0]}, kNoon, running),
              ElementsAre("source mirror: no poll since 0"));
}

TEST(ReadinessProblems, NotBeforeTheFirstPollsHadTimeNorInQuietHours) {
  const std::vector<storage::SourcePollRecord> none;
  EXPECT_TRUE(readiness_problems(facts(), none, kNoon, minutes(39)).empty());
  const auto late = kNoon + std::chrono::hours(11);  // 23:00 in London
  EXPECT_TRUE(readiness_problems(facts(), none, late, minutes(600)).empty());
  EXPECT_EQ(readiness_problems(facts(), none, kNoon, minutes(41)).size(), 2u);
}

TEST(ReadinessProblems, FailingWritesComeFirstAndAlone) {
  auto f = facts();
  f.write_problem = "database: writes fail: disk full";
  EXPECT_THAT(readiness_problems(f, {}, kNoon, minutes(1)),
              ElementsAre("database: writes fail: disk full"));
}

// The daemon's loop sets the facts; the web face's thread reads the polls
// through its own connection.
TEST(Readiness, ReadsThePollsThroughTheCallersConnection) {
  test::TempDir dir;
  auto db = storage::Database::open((dir / "pw.db").string());
  ASSERT_TRUE(db);
  Readiness r;
  r.set_sources({"twfy"}, facts().schedule);
  EXPECT_TRUE(r.problems(*db, std::chrono::system_clock::now()).empty());  // just started
  r.set_write_problem("database: writes fail: read-only file");
  EXPECT_THAT(r.problems(*db, std::chrono::system_clock::now()),
              ElementsAre("database: writes fail: read-only file"));
  r.set_write_problem("");
  EXPECT_TRUE(r.problems(*db, std::chrono::system_clock::now()).empty());
}

}  // namespace
}  // namespace pw
