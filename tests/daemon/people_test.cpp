#include "daemon/people.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/stop_flag.hpp"
#include "sources/curl_http_client.hpp"
#include "tests/fakes/http_server.hpp"
#include "tests/fakes/slurp.hpp"
#include "tests/fakes/temp_dir.hpp"

namespace pw {
namespace {

using ::testing::HasSubstr;

std::string sample() {
  return test::slurp(std::string(PW_TEST_DATA) + "/people-sample.json");
}

// Serves `body` at /members/people.json with an ETag, 304 to a match.
test::HttpReply status_reply(int status) {
  test::HttpReply reply;
  reply.status = status;
  return reply;
}

test::HttpReply people_reply(const test::HttpRequestSeen& r, const std::string& body) {
  test::HttpReply reply;
  reply.headers = {{"ETag", "\"v1\""}, {"Last-Modified", "Tue, 01 Dec 2026 00:00:00 GMT"}};
  const auto inm = r.headers.find("if-none-match");
  if (inm != r.headers.end() && inm->second == "\"v1\"") {
    reply.status = 304;
  } else {
    reply.body = body;
  }
  return reply;
}

class PeopleFetchTest : public ::testing::Test {
 protected:
  Result<PeopleFetch> fetch(const std::string& url, const PeopleValidators& known = {}) {
    sources::CurlHttpClient client(sources::CurlSettings{}, stop_);
    return fetch_people_file([&](const sources::HttpRequest& r) { return client.get(r); }, url,
                             path_, known);
  }
  StopFlag stop_;
  test::TempDir dir_;
  std::string path_ = (dir_ / "people.json").string();
};

TEST_F(PeopleFetchTest, AFreshCopyIsWrittenThenAskedForConditionally) {
  test::HttpServer server([](const test::HttpRequestSeen& r) { return people_reply(r, sample()); });
  const auto url = server.origin() + "/members/people.json";
  const auto first = fetch(url);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->changed);
  EXPECT_EQ(first->validators.etag, "\"v1\"");
  EXPECT_EQ(test::slurp(path_), sample());
  const auto again = fetch(url, first->validators);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE(again->changed);
  ASSERT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(server.requests()[1].headers.at("if-none-match"), "\"v1\"");
}

TEST_F(PeopleFetchTest, WithoutACopyTheValidatorsAreNotSent) {
  test::HttpServer server([](const test::HttpRequestSeen& r) { return people_reply(r, sample()); });
  const auto fetched = fetch(server.origin() + "/members/people.json", {"\"v1\"", ""});
  ASSERT_TRUE(fetched) << fetched.error().message;
  EXPECT_TRUE(fetched->changed);  // a 304 would leave no file at all
  EXPECT_EQ(server.requests()[0].headers.count("if-none-match"), 0u);
}

TEST_F(PeopleFetchTest, ABadAnswerKeepsTheOldCopy) {
  test::HttpServer good([](const test::HttpRequestSeen& r) { return people_reply(r, sample()); });
  ASSERT_TRUE(fetch(good.origin() + "/members/people.json"));
  test::HttpServer garbage([](const test::HttpRequestSeen&) {
    auto reply = status_reply(200);
    reply.body = "<html>not members</html>";
    return reply;
  });
  const auto bad = fetch(garbage.origin() + "/x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
  EXPECT_THAT(bad.error().message, HasSubstr("not replaced"));
  test::HttpServer busy([](const test::HttpRequestSeen&) { return status_reply(503); });
  const auto later = fetch(busy.origin() + "/x");
  ASSERT_FALSE(later);
  EXPECT_EQ(later.error().kind, ErrorKind::kTransient);
  test::HttpServer gone([](const test::HttpRequestSeen&) { return status_reply(404); });
  EXPECT_FALSE(fetch(gone.origin() + "/x"));
  EXPECT_EQ(test::slurp(path_), sample());
}

TEST(DaemonPeople, MissingMembersDataIsAProblemNotAFailure) {
  test::TempDir dir;
  Config none;
  none.database = (dir / "pw.db").string();
  const auto empty = load_daemon_people(none);
  EXPECT_EQ(empty.members.person_count(), 0u);
  ASSERT_EQ(empty.problems.size(), 1u);
  EXPECT_THAT(empty.problems[0], HasSubstr("no members data configured"));
  Config c = none;
  c.people_files = {(dir / "missing.xml").string(),
                    std::string(PW_TEST_DATA) + "/people-sample.json"};
  c.people_url = "https://members.example.org/people.json";
  const auto some = load_daemon_people(c);
  EXPECT_GT(some.members.person_count(), 0u);
  ASSERT_EQ(some.problems.size(), 2u);
  EXPECT_THAT(some.problems[0], HasSubstr("missing.xml"));
  EXPECT_THAT(some.problems[1], HasSubstr("not fetched yet"));
  EXPECT_EQ(c.people_copy(), (dir / "people.json").string());
}

}  // namespace
}  // namespace pw
