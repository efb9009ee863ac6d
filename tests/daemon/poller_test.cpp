#include "daemon/poller.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/poll_cycle.hpp"
#include "sources/curl_http_client.hpp"
#include "sources/parlparse_http_source.hpp"
#include "storage/subscription_repository.hpp"
#include "storage/user_repository.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/parlparse_site.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using Outcome = ingest::FileReport::Outcome;

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// A later version of the 27 October debates: every gid re-lettered, one
// speech changed.
std::string reissued_debates() {
  auto text =
      replace_all(test::read_data("debates2009-10-27d.xml"), "2009-10-27d.", "2009-10-27e.");
  return replace_all(text, "life-saving service", "life-saving zebra crossing service");
}

// One poll, run synchronously: what the daemon does on its two threads.
struct PollResult {
  FetchSummary summary;
  std::vector<ingest::FileReport> reports;
};

class PollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [section, name] : std::vector<std::pair<std::string, std::string>>{
             {"debates", "debates2009-10-27d.xml"}, {"wrans", "answers2009-10-28c.xml"}}) {
      fs::create_directories(site_dir_ / section);
      fs::copy_file(test::data_path(name), site_dir_ / section / name);
    }
    fs::create_directories(site_dir_ / "wms");
    auto opened = storage::Database::open((db_dir_ / "pw.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
    storage::UserRepository users(*db_);
    const auto user = *users.add_user("campaign@example.org", "", 1);
    ASSERT_TRUE(storage::SubscriptionRepository(*db_).add_for_user(user, "trafficking", 1));
    ASSERT_TRUE(storage::SubscriptionRepository(*db_).add_for_user(user, "\"zebra crossing\"", 1));
    ingester_.emplace(*db_, members_, clock_, deliver::EmailSettings{});
    ASSERT_TRUE(ingester_->load_rules());
  }

  // One poll through the daemon's PollCycle, its steps run in order here.
  PollResult poll(bool alert = true) {
    PollCycle cycle(source_, *db_, *ingester_, counters_);
    auto job = cycle.begin(plan_);
    EXPECT_TRUE(job);
    std::vector<FetchedFile> fetched;
    PollResult r;
    r.summary = cycle.fetch(
        *job, stop_, [&](FetchedFile f) { fetched.push_back(std::move(f)); },
        [](std::string_view what) { ADD_FAILURE() << what; });
    for (auto& f : fetched) r.reports.push_back(cycle.store(f, alert, 1000));
    cycle.finish(r.summary, 1000);
    return r;
  }

  std::int64_t count(const std::string& sql) { return *db_->scalar(sql); }

  test::TempDir site_dir_;
  test::TempDir db_dir_;
  test::ParlParseSite site_{site_dir_.path()};
  test::HttpServer server_{[this](const test::HttpRequestSeen& r) { return site_.handle(r); }};
  StopFlag stop_;
  sources::CurlHttpClient client_{sources::CurlSettings{}, stop_};
  sources::ParlParseHttpSource source_{
      "twfy",
      server_.origin() + "/scrapedxml/",
      {"debates", "wrans", "wms"},
      client_,
      sources::RetryPolicy{3, std::chrono::milliseconds(1), std::chrono::milliseconds(5)},
      stop_,
      [](std::string_view) {}};
  sources::PlanOptions plan_{"2009-10-01", "", "2009-01-01"};
  parse::Members members_;
  test::FakeClock clock_;
  std::optional<storage::Database> db_;
  std::optional<ingest::Ingester> ingester_;
  web::Counters counters_;
};

TEST_F(PollerTest, FirstPollIngestsAndQueuesTheNextAsksOnlyForChanges) {
  auto first = poll();
  EXPECT_TRUE(first.summary.errors.empty());
  ASSERT_EQ(first.reports.size(), 2u);
  for (const auto& r : first.reports) EXPECT_EQ(r.outcome, Outcome::kIngested) << r.error.message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM source_files"), 2);
  const auto outbox = count("SELECT COUNT(*) FROM outbox");
  EXPECT_EQ(outbox, 1);  // the trafficking answers

  auto second = poll();
  EXPECT_TRUE(second.reports.empty());
  EXPECT_EQ(second.summary.not_modified, 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), outbox);
  std::size_t conditional = 0;
  for (const auto& r : server_.requests()) {
    if (r.target.ends_with(".xml") && r.headers.count("if-none-match")) ++conditional;
  }
  EXPECT_EQ(conditional, 2u);
}

// Issue 23, 4: a file fetched before its folder had a changedates.txt was
// asked for again on every poll; its change time is now recorded once.
TEST_F(PollerTest, AChangeTimeThatAppearsLaterIsRecordedAndTheFileLeftAlone) {
  ASSERT_EQ(poll().reports.size(), 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM source_files WHERE changed_at = 0"), 2);
  test::write_file(site_dir_.path() / "debates" / "changedates.txt",
                   "1256630460,debates2009-10-27d.xml\n");
  const auto second = poll();
  EXPECT_EQ(second.summary.not_modified, 2u);
  ASSERT_EQ(second.summary.learned_change_times.size(), 1u);
  storage::SourceRepository repo(*db_);
  ASSERT_TRUE(record_change_times(repo, "twfy", second.summary));
  EXPECT_EQ(count("SELECT changed_at FROM source_files WHERE path LIKE 'debates/%'"), 1256630460);
  const auto asked = [&] {
    std::size_t n = 0;
    for (const auto& r : server_.requests()) n += r.target.ends_with("debates2009-10-27d.xml");
    return n;
  };
  const auto before = asked();
  const auto third = poll();
  EXPECT_EQ(asked(), before);                 // left alone, like every file with a change time
  EXPECT_EQ(third.summary.not_modified, 1u);  // the answers, still without one
}

TEST_F(PollerTest, ALaterVersionUpdatesOnlyWhatChangedAndAlertsOnlyWhatIsNew) {
  poll();
  const auto items = count("SELECT COUNT(*) FROM items");
  test::write_file(site_dir_.path() / "debates" / "debates2009-10-27e.xml", reissued_debates());
  auto later = poll();
  ASSERT_EQ(later.reports.size(), 1u);
  const auto& r = later.reports[0];
  EXPECT_EQ(r.outcome, Outcome::kIngested) << r.error.message;
  EXPECT_EQ(r.new_items, 0u);
  EXPECT_EQ(r.updated_items, 1u);
  EXPECT_EQ(r.matches, 1u);  // "zebra crossing", in the changed speech only
  EXPECT_EQ(r.alerts, 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM items"), items);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 2);

  poll();  // nothing new: no third alert
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 2);
}

TEST_F(PollerTest, AFileThatAppearsWeeksLaterIsPickedUp) {
  EXPECT_EQ(poll().reports.size(), 2u);
  fs::copy_file(test::data_path("ministerial2009-10-26c.xml"),
                site_dir_.path() / "wms" / "ministerial2009-10-26c.xml");
  auto later = poll();
  ASSERT_EQ(later.reports.size(), 1u);
  EXPECT_THAT(later.reports[0].file, HasSubstr("ministerial2009-10-26c.xml"));
  EXPECT_EQ(later.reports[0].new_items, 22u);
}

TEST_F(PollerTest, BadFilesStoreNothingAndAreFetchedAgainNextTime) {
  site_.set_faults(test::parse_faults("debates2009 garbage 1\nanswers2009 truncate\n"));
  auto bad = poll();
  ASSERT_EQ(bad.reports.size(), 1u);
  EXPECT_EQ(bad.reports[0].outcome, Outcome::kFailed);
  EXPECT_THAT(bad.reports[0].error.message, HasSubstr("debates2009-10-27d.xml"));
  ASSERT_EQ(bad.summary.errors.size(), 1u);
  EXPECT_THAT(bad.summary.errors[0].message, HasSubstr("answers2009-10-28c.xml"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM items"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM source_files"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM files"), 0);

  site_.set_faults({});
  auto good = poll();
  EXPECT_EQ(good.reports.size(), 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM source_files"), 2);
}

TEST_F(PollerTest, ABackfillRecordsMatchesWithoutQueueingAlerts) {
  auto quiet = poll(false);
  EXPECT_EQ(quiet.reports.size(), 2u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM matches WHERE outbox_id IS NOT NULL"), 0);
}

}  // namespace
}  // namespace pw
