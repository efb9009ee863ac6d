#include "ingest/preview.hpp"

#include <gtest/gtest.h>

#include "ingest/ingester.hpp"
#include "ingest/rule_check.hpp"
#include "parse/members.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::ingest {
namespace {

// The fixture week stored (2009-10-26 to 2009-10-29) and the seed debate
// (2007-11-26), without members data.
class PreviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::Database::open((dir_ / "pw.db").string());
    ASSERT_TRUE(opened);
    db_.emplace(std::move(*opened));
    Ingester ingester(*db_, members_, clock_, deliver::EmailSettings{});
    ASSERT_TRUE(ingester.load_rules());
    for (const char* f : {"debates2007-11-26a.xml", "answers2009-10-28c.xml",
                          "debates2009-10-27d.xml", "daylord2009-10-29a.xml"}) {
      ingester.ingest_file(test::data_path(f));
    }
  }
  std::vector<rules::Query> rules(std::initializer_list<const char*> texts) {
    std::vector<rules::Query> out;
    for (const char* t : texts) out.push_back(*check_rule(*db_, t));
    return out;
  }
  std::int64_t count(const std::string& sql) { return *db_->scalar(sql); }

  parse::Members members_;
  test::FakeClock clock_{1'256'700'000};
  test::TempDir dir_;
  std::optional<storage::Database> db_;
};

TEST_F(PreviewTest, SeveralRulesInOnePassOverTheMonthBeforeTheNewestSitting) {
  PreviewWindow w;
  const auto found = preview_rules(
      *db_, rules({"\"human trafficking\"", "trafficking", "zzzunknownword"}), 31, 2, 100000, w);
  ASSERT_TRUE(found);
  EXPECT_EQ(w.until, "2009-10-29");
  EXPECT_EQ(w.since, "2009-09-28");
  EXPECT_FALSE(w.capped);
  EXPECT_EQ(w.scanned, count("SELECT COUNT(*) FROM items WHERE date >= '2009-09-28'"));
  ASSERT_EQ(found->size(), 3u);
  // "human trafficking" as a phrase, read independently with LIKE: the 2007
  // debate is outside the window.
  EXPECT_EQ((*found)[0].count, count("SELECT COUNT(*) FROM items WHERE date >= '2009-09-28'"
                                     " AND LOWER(text) LIKE '%human trafficking%'"));
  EXPECT_GE((*found)[1].count, (*found)[0].count);
  EXPECT_EQ((*found)[2].count, 0u);
  ASSERT_EQ((*found)[0].latest.size(), 2u);
  EXPECT_GE((*found)[0].latest[0].date, (*found)[0].latest[1].date);
  EXPECT_FALSE((*found)[0].highlight.empty());
}

TEST_F(PreviewTest, ReadsNoMoreThanItsCapNewestFirst) {
  PreviewWindow w;
  const auto found = preview_rules(*db_, rules({"the"}), 31, 3, 50, w);
  ASSERT_TRUE(found);
  EXPECT_TRUE(w.capped);
  EXPECT_EQ(w.scanned, 50u);
  EXPECT_EQ(w.since, "2009-10-29") << "the newest sitting alone holds the 50 read";
  EXPECT_LE((*found)[0].count, 50u);
}

TEST(PreviewDates, DaysBeforeCrossesMonthsAndYears) {
  EXPECT_EQ(days_before("2009-10-29", 31), "2009-09-28");
  EXPECT_EQ(days_before("2008-03-01", 1), "2008-02-29");
  EXPECT_EQ(days_before("2009-01-01", 1), "2008-12-31");
  EXPECT_EQ(days_before("2009-13-01", 1), "");
  EXPECT_EQ(days_before("garbage", 1), "");
}

}  // namespace
}  // namespace pw::ingest
