#pragma once

#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "storage/database.hpp"
#include "tests/fakes/fake_clock.hpp"
#include "tests/fakes/temp_dir.hpp"
#include "web/site.hpp"

namespace pw::web::test {

// A Site over a real SQLite database holding the seed debate (People
// Trafficking, 2007-11-26) and its speakers.
class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override;

  SiteOptions options() const;
  Site& site();
  void remake_site(SiteOptions o);

  Response get(const std::string& target, const std::string& client = "192.0.2.1");
  Response post(const std::string& target, const std::string& body,
                const std::string& type = "application/x-www-form-urlencoded",
                const std::string& client = "192.0.2.1", const std::string& auth = "");
  Response sign_up(const std::string& json, const std::string& client = "192.0.2.1");
  std::int64_t count(const std::string& sql);
  // The path (/c/..., /m/..., /u/...) of the first link to `route` in the
  // newest outbox message, or "".
  std::string link_in_newest_mail(const std::string& route);

  pw::test::TempDir dir_;
  std::optional<storage::Database> db_;
  pw::test::FakeClock clock_{1'196'000'000};  // 2007-11-25
  Counters counters_;
  std::optional<Site> site_;
  int queued_ = 0;
};

}  // namespace pw::web::test
