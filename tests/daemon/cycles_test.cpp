#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/poll_cycle.hpp"
#include "ingest/file_io.hpp"
#include "storage/source_repository.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A source that serves files from memory and writes down every call.
class RecordingSource final : public sources::Source {
 public:
  std::map<std::string, std::string> files;  // "section/name" -> body
  std::set<std::string> failing;             // paths whose fetch fails
  bool throw_on_discover = false;
  std::vector<std::string> calls;

  const std::string& name() const override { return name_; }
  sources::Discovery discover() override {
    calls.push_back("discover");
    if (throw_on_discover) throw std::runtime_error("listing parser bug");
    sources::Discovery d;
    for (const auto& [path, body] : files) {
      const auto slash = path.find('/');
      d.files.push_back({path.substr(0, slash), path.substr(slash + 1), 0});
    }
    return d;
  }
  Result<sources::Fetched> fetch(const sources::RemoteFile& file,
                                 const sources::Validators* known) override {
    calls.push_back("fetch " + file.path() + (known ? " (known)" : ""));
    if (failing.count(file.path()) != 0) {
      return fail(Error::transient("source fake: " + file.path() + ": HTTP 503"));
    }
    const std::string etag = "\"" + std::to_string(files.at(file.path()).size()) + "\"";
    if (known != nullptr && known->etag == etag) {
      return sources::Fetched{true, "", *known, "fake:" + file.path()};
    }
    return sources::Fetched{false, files.at(file.path()), {etag, "", 0}, "fake:" + file.path()};
  }

 private:
  std::string name_ = "fake";
};

class CyclesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::Database::open((dir_ / "pw.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
    storage::UserRepository users(*db_);
    user_ = *users.add_user("campaign@example.org", "", 1);
    ASSERT_TRUE(storage::SubscriptionRepository(*db_).add_for_user(user_, "trafficking", 1));
    ingester_.emplace(*db_, members_, clock_, email_);
    ASSERT_TRUE(ingester_->load_rules());
    source_.files["debates/debates2009-10-27d.xml"] = test::read_data("debates2009-10-27d.xml");
    source_.files["wrans/answers2009-10-28c.xml"] = test::read_data("answers2009-10-28c.xml");
  }

  // One whole poll, the steps in the order App runs them on its threads.
  PollOutcome poll(PollCycle& cycle) {
    std::vector<FetchedFile> fetched;
    auto job = cycle.begin(sources::PlanOptions{"2009-10-01", "", "2009-01-01"});
    FetchSummary summary;
    if (job) {
      summary = cycle.fetch(
          *job, stop_, [&](FetchedFile f) { fetched.push_back(std::move(f)); },
          [&](std::string_view what) { unexpected_.emplace_back(what); });
    }
    for (auto& f : fetched) cycle.store(f, true, now());
    return cycle.finish(summary, now());
  }

  std::int64_t now() const { return unix_seconds(clock_.now()); }
  std::int64_t count(const std::string& sql) { return *db_->scalar(sql); }
  std::uint64_t counter(const std::string& name, const web::Labels& labels) {
    const auto all = counters_.snapshot();
    const auto it = all.find({name, labels});
    return it == all.end() ? 0 : it->second;
  }

  test::TempDir dir_;
  std::optional<storage::Database> db_;
  parse::Members members_;
  test::FakeClock clock_;
  deliver::EmailSettings email_{"parlwatch <a@example.net>", "https://alerts.example.net",
                                "a test secret of some length"};
  std::optional<ingest::Ingester> ingester_;
  web::Counters counters_;
  RecordingSource source_;
  StopFlag stop_;
  std::vector<std::string> unexpected_;
  std::int64_t user_ = 0;
};

TEST_F(CyclesTest, AWholePollDiscoversFetchesIngestsAndRecords) {
  PollCycle cycle(source_, *db_, *ingester_, counters_);
  const auto first = poll(cycle);
  EXPECT_TRUE(first.ok());
  EXPECT_THAT(source_.calls, ElementsAre("discover", "fetch debates/debates2009-10-27d.xml",
                                         "fetch wrans/answers2009-10-28c.xml"));
  EXPECT_EQ(first.summary.fetched, 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM files"), 2);
  EXPECT_GT(count("SELECT COUNT(*) FROM matches"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE state = 'pending'"), 1);  // one user
  EXPECT_EQ(counter("parlwatch_files_fetched_total", {{"source", "fake"}}), 2u);
  auto polls = storage::SourceRepository(*db_).polls();
  ASSERT_TRUE(polls && polls->size() == 1);
  EXPECT_EQ((*polls)[0].last_poll_at, now());
  EXPECT_EQ((*polls)[0].last_error, "");

  source_.calls.clear();
  clock_.advance(std::chrono::minutes(15));
  const auto second = poll(cycle);  // the stored validators go back to the source
  EXPECT_TRUE(second.ok());
  EXPECT_THAT(source_.calls, ElementsAre("discover", "fetch debates/debates2009-10-27d.xml (known)",
                                         "fetch wrans/answers2009-10-28c.xml (known)"));
  EXPECT_EQ(second.summary.not_modified, 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 1);
}

TEST_F(CyclesTest, AFailedFetchIsThePollsErrorAndTheOtherFilesAreStored) {
  source_.failing.insert("debates/debates2009-10-27d.xml");
  PollCycle cycle(source_, *db_, *ingester_, counters_);
  const auto outcome = poll(cycle);
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_THAT(outcome.errors[0], HasSubstr("HTTP 503"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM files"), 1);
  EXPECT_EQ(counter("parlwatch_fetch_errors_total", {{"source", "fake"}}), 1u);
  auto polls = storage::SourceRepository(*db_).polls();
  ASSERT_TRUE(polls && polls->size() == 1);
  EXPECT_THAT((*polls)[0].last_error, HasSubstr("HTTP 503"));

  source_.failing.clear();  // the next poll fetches it: nothing was recorded for it
  const auto next = poll(cycle);
  EXPECT_TRUE(next.ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM files"), 2);
}

TEST_F(CyclesTest, AThrowingSourceEndsThePollAsAnErrorNotTheProcess) {
  source_.throw_on_discover = true;
  PollCycle cycle(source_, *db_, *ingester_, counters_);
  const auto outcome = poll(cycle);
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_EQ(outcome.errors[0], "source fake: listing parser bug");
  EXPECT_THAT(unexpected_, ElementsAre("source fake: listing parser bug"));
}

TEST_F(CyclesTest, AnErrorAddedBeforeThePollStopsItAndIsRecorded) {
  PollCycle cycle(source_, *db_, *ingester_, counters_);
  cycle.add_error("rules: the database is locked");
  const auto outcome = poll(cycle);
  EXPECT_THAT(outcome.errors, ElementsAre("rules: the database is locked"));
  EXPECT_TRUE(source_.calls.empty());
}

// Issue 22: a file that killed the process was retried for ever. Each
// attempt is counted and committed before the ingest; here two attempts
// never ended (the process died in them).
TEST_F(CyclesTest, AFileWhoseIngestEndedTheProcessTwiceIsQuarantined) {
  const std::string path = "debates/debates2009-10-27d.xml";
  const auto sha = sha256_hex(source_.files[path]);
  storage::SourceRepository repo(*db_);
  using Ingest = storage::SourceRepository::Ingest;
  ASSERT_EQ(*repo.begin_ingest("fake", path, sha, now(), 2), Ingest::kGo);
  ASSERT_EQ(*repo.begin_ingest("fake", path, sha, now(), 2), Ingest::kGo);
  PollCycle cycle(source_, *db_, *ingester_, counters_);
  const auto first = poll(cycle);
  ASSERT_EQ(first.errors.size(), 1u);
  EXPECT_THAT(first.errors[0], HasSubstr("quarantined: ingesting it ended parlwatch 2 times"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM files WHERE name LIKE 'debates%'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM files WHERE name LIKE 'answers%'"), 1);  // the others go on
  EXPECT_THAT(*repo.quarantined(), ElementsAre("fake " + path));
  EXPECT_THAT(poll(cycle).errors, ElementsAre(HasSubstr("quarantined")));  // not tried again
  EXPECT_EQ(count("SELECT COUNT(*) FROM files WHERE name LIKE 'debates%'"), 0);
  source_.files[path] += "\n";  // a new version: other content
  EXPECT_TRUE(poll(cycle).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM files WHERE name LIKE 'debates%'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ingest_attempts WHERE quarantined_at = 0"),
            0);  // forgotten
}

TEST_F(CyclesTest, AnAttemptThatEndsEitherWayIsForgotten) {
  PollCycle cycle(source_, *db_, *ingester_, counters_);
  source_.files["debates/debates2009-10-27d.xml"] = "<publicwhip><speech id='x'>unclosed";
  EXPECT_FALSE(poll(cycle).ok());  // a bad file fails without ending the process
  EXPECT_EQ(count("SELECT COUNT(*) FROM ingest_attempts"), 0);
}

}  // namespace
}  // namespace pw
