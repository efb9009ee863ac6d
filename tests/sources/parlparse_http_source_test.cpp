#include "sources/parlparse_http_source.hpp"

#include <gtest/gtest.h>

#include "sources/curl_http_client.hpp"
#include "sources/directory_source.hpp"
#include "tests/fakes/parlparse_site.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw::sources {
namespace {

namespace fs = std::filesystem;
using test::data_path;

// The fixture week in scrapedxml's layout, with a changedates.txt for wms.
void lay_out(const fs::path& root) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"debates", "debates2009-10-27d.xml"},
      {"wms", "ministerial2009-10-26b.xml"},
      {"wms", "ministerial2009-10-26c.xml"},
      {"wrans", "answers2009-10-28c.xml"}};
  for (const auto& [section, name] : files) {
    fs::create_directories(root / section);
    fs::copy_file(data_path(name), root / section / name);
  }
  test::write_file(root / "wms" / "changedates.txt",
                   "1256630000,ministerial2009-10-26b.xml\n1256630400,ministerial2009-10-26c.xml\n"
                   "garbage line\n");
}

struct Fixture {
  test::TempDir dir;
  test::ParlParseSite site{dir.path()};
  test::HttpServer server{[this](const test::HttpRequestSeen& r) { return site.handle(r); }};
  StopFlag stop;
  CurlHttpClient client{CurlSettings{}, stop};
  std::vector<std::string> log;
  ParlParseHttpSource source{
      "twfy",
      server.origin() + "/scrapedxml",
      {"debates", "wms", "wrans", "lordspages"},
      client,
      RetryPolicy{3, std::chrono::milliseconds(1), std::chrono::milliseconds(5)},
      stop,
      [this](std::string_view l) { log.emplace_back(l); }};
  Fixture() { lay_out(dir.path()); }
};

TEST(ParlParseHttpSource, DiscoversFilesWithChangeTimesAndReportsMissingSections) {
  Fixture f;
  const auto d = f.source.discover();
  ASSERT_EQ(d.files.size(), 4u);
  EXPECT_EQ(d.files[0].path(), "debates/debates2009-10-27d.xml");
  EXPECT_EQ(d.files[0].changed_at, 0);
  EXPECT_EQ(d.files[1].path(), "wms/ministerial2009-10-26b.xml");
  EXPECT_EQ(d.files[1].changed_at, 1256630000);
  EXPECT_EQ(d.files[2].changed_at, 1256630400);
  ASSERT_EQ(d.errors.size(), 1u);  // no lordspages folder: 404, retried, then reported
  EXPECT_NE(d.errors[0].message.find("lordspages/: HTTP 404"), std::string::npos);
  EXPECT_NE(d.errors[0].message.find("source twfy"), std::string::npos);
}

TEST(ParlParseHttpSource, ListingsAndFilesAreFetchedConditionally) {
  Fixture f;
  f.source.discover();
  const RemoteFile file{"debates", "debates2009-10-27d.xml", 0};
  auto first = f.source.fetch(file, nullptr);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->not_modified);
  EXPECT_EQ(first->body, test::read_data("debates2009-10-27d.xml"));
  EXPECT_FALSE(first->validators.etag.empty());
  auto again = f.source.fetch(file, &first->validators);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->not_modified);

  const auto before = f.server.requests().size();
  const auto d = f.source.discover();  // listings answered 304: the cached names are used
  EXPECT_EQ(d.files.size(), 4u);
  const auto seen = f.server.requests();
  int conditional_listings = 0;
  for (auto i = before; i < seen.size(); ++i) {
    if (seen[i].target.back() == '/' && seen[i].headers.count("if-none-match"))
      ++conditional_listings;
  }
  EXPECT_EQ(conditional_listings, 3);
}

TEST(ParlParseHttpSource, RetriesServerErrorsAndNamesTheUrlAndStatusWhenGivingUp) {
  Fixture f;
  f.site.set_faults(test::parse_faults("debates2009 500 2\nanswers2009 500\n"));
  auto recovered = f.source.fetch(RemoteFile{"debates", "debates2009-10-27d.xml", 0}, nullptr);
  ASSERT_TRUE(recovered) << recovered.error().message;
  EXPECT_EQ(f.log.size(), 2u);
  auto failed = f.source.fetch(RemoteFile{"wrans", "answers2009-10-28c.xml", 0}, nullptr);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, ErrorKind::kTransient);
  EXPECT_NE(failed.error().message.find("answers2009-10-28c.xml: HTTP 500"), std::string::npos);
}

TEST(DirectorySource, OffersFilesByModificationTimeAndReadsOnlyChangedOnes) {
  test::TempDir dir;
  lay_out(dir.path());
  DirectorySource source("mirror", dir.path().string(), {"debates", "wms", "whall"}, 1u << 20);
  const auto d = source.discover();
  EXPECT_EQ(d.files.size(), 4u);  // changedates.txt is offered too; the plan ignores it
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_NE(d.errors[0].message.find("whall"), std::string::npos);
  const RemoteFile* debates = nullptr;
  for (const auto& file : d.files) {
    if (file.name == "debates2009-10-27d.xml") debates = &file;
  }
  ASSERT_NE(debates, nullptr);
  EXPECT_GT(debates->changed_at, 0);
  auto read = source.fetch(*debates, nullptr);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->body.size(), fs::file_size(data_path("debates2009-10-27d.xml")));
  auto same = source.fetch(*debates, &read->validators);
  ASSERT_TRUE(same);
  EXPECT_TRUE(same->not_modified);

  DirectorySource small("mirror", dir.path().string(), {"debates"}, 1000);
  auto big = small.fetch(*debates, nullptr);
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message.find("byte cap"), std::string::npos);
}

}  // namespace
}  // namespace pw::sources
