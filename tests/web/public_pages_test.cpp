#include <regex>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parse/members.hpp"
#include "tests/web/site_fixture.hpp"
#include "web/form_guard.hpp"

namespace pw::web::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A browser's side of the public pages: it keeps the form cookie and sends
// forms back with the token of the page it last opened.
class PublicPagesTest : public SiteTest {
 protected:
  Response open(const std::string& target) {
    Request r;
    r.method = "GET";
    r.target = target;
    r.client = "192.0.2.7";
    add_cookie(r);
    auto page = site().handle(r);
    for (const auto& [k, v] : page.headers) {
      if (k == "Set-Cookie") cookie_ = v.substr(0, v.find(';'));
    }
    std::smatch m;
    if (std::regex_search(page.body, m, std::regex("name=\"form_token\" value=\"([^\"]*)\""))) {
      token_ = m[1];
    }
    return page;
  }
  Response send(const std::string& fields,
                const std::string& origin = "https://alerts.example.net") {
    Request r;
    r.method = "POST";
    r.target = "/alert";
    r.client = "192.0.2.7";
    r.body = fields + "&form_token=" + token_;
    r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    if (!origin.empty()) r.headers.emplace_back("origin", origin);
    add_cookie(r);
    return site().handle(r);
  }
  void add_cookie(Request& r) const {
    if (!cookie_.empty()) r.headers.emplace_back("cookie", cookie_);
  }
  std::int64_t rules() { return count("SELECT COUNT(*) FROM rules"); }
  std::int64_t stored_containing(const std::string& phrase) {
    auto s =
        db_->query("SELECT COUNT(*) FROM items WHERE LOWER(text) LIKE '%' || ?1 || '%'", phrase);
    EXPECT_TRUE(s && s->step().value_or(false));
    return s->int64(0);
  }

  std::string cookie_;
  std::string token_;
};

TEST_F(PublicPagesTest, TheHomePageSaysWhatIsWatchedAndCarriesASignedForm) {
  const auto page = open("/");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body,
              HasSubstr("House of Commons debates: newest sitting Monday 26 November 2007"));
  EXPECT_THAT(page.body, HasSubstr("<form method=\"post\" action=\"/alert\""));
  EXPECT_THAT(cookie_, HasSubstr("pw_form="));
  EXPECT_FALSE(token_.empty());
  for (const char* field : {"id=\"q\"", "id=\"speaker\"", "id=\"email\"", "id=\"chamber-ni\"",
                            "id=\"frequency-daily\""}) {
    EXPECT_THAT(page.body, HasSubstr(field));
  }
}

TEST_F(PublicPagesTest, AnAlertLinkPreviewsWhatTheRuleMatchesAndChangesNothing) {
  const auto page = open("/alert?q=%22people+trafficking%22");
  ASSERT_EQ(page.status, 200) << page.body;
  const auto expected = stored_containing("people trafficking");
  ASSERT_GT(expected, 0);
  EXPECT_THAT(page.body,
              HasSubstr(fmt::format("<b>{} {}</b>", expected, expected == 1 ? "item" : "items")));
  EXPECT_THAT(page.body, HasSubstr("<mark>People</mark> <mark>Trafficking</mark>"));
  EXPECT_THAT(page.body, HasSubstr("value=\"&quot;people trafficking&quot;\""));
  EXPECT_EQ(rules(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 0);
}

TEST_F(PublicPagesTest, ALikeLinkFromTheyWorkForYouProposesTheDebatesTopic) {
  const auto page =
      open("/alert?like=https%3A%2F%2Fwww.theyworkforyou.com%2Fdebates%2F%3Fid%3D2007-11-26a.1.4");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("Debates like: <b>People Trafficking</b>, House of Commons "
                                   "debates, Monday 26 November 2007."));
  EXPECT_THAT(page.body, HasSubstr("value=\"&quot;People Trafficking&quot; OR"));
  EXPECT_THAT(page.body, HasSubstr("What it would have found"));
  EXPECT_EQ(rules(), 0);
  EXPECT_EQ(open("/alert?like=2099-01-01a.1.1").status, 422);
}

TEST_F(PublicPagesTest, OneSignUpMakesAnUnconfirmedAlertPerTopic) {
  open("/");
  const auto done = send(
      "q=trafficking%2C+modern+slavery&exclude=drugs&chamber=wrans&chamber=debates"
      "&frequency=daily&email=a%40example.org&step=signup");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_THAT(done.body, HasSubstr("Check your email"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules WHERE confirmed_at IS NULL AND frequency = 'daily'"
                  " AND query IN ('trafficking -drugs section:wrans section:debates',"
                  " 'modern slavery -drugs section:wrans section:debates')"),
            2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE destination = 'a@example.org'"), 2);
  EXPECT_EQ(queued_, 1);
}

TEST_F(PublicPagesTest, AFormWithoutAGenuineTokenChangesNothingAndKeepsTheInput) {
  open("/");
  const auto genuine = token_;
  const std::string fields = "q=slavery&email=a%40example.org&step=signup";
  cookie_.clear();
  auto page = send(fields);
  EXPECT_EQ(page.status, 403);
  EXPECT_THAT(page.body, HasSubstr("id=\"form-error\""));
  EXPECT_THAT(page.body, HasSubstr("value=\"slavery\""));
  EXPECT_THAT(page.body, HasSubstr("value=\"a@example.org\""));
  cookie_ = "pw_form=ffffffffffffffffffffffffffffffff";
  token_ = genuine;
  EXPECT_EQ(send(fields).status, 403) << "a token made for another browser's cookie";
  EXPECT_EQ(rules(), 0);
}

TEST_F(PublicPagesTest, ATokenExpiresAfterADay) {
  open("/");
  clock_.advance(std::chrono::seconds(kFormTokenSeconds + 1));
  EXPECT_EQ(send("q=slavery&email=a%40example.org&step=signup").status, 403);
  EXPECT_EQ(rules(), 0);
}

TEST_F(PublicPagesTest, AFormSentFromAnotherSiteIsRefused) {
  open("/");
  const auto page = send("q=slavery&email=a%40example.org&step=signup", "https://evil.example");
  EXPECT_EQ(page.status, 403);
  EXPECT_THAT(page.body, HasSubstr("sent from another site"));
  EXPECT_EQ(rules(), 0);
}

TEST_F(PublicPagesTest, ErrorsAreShownBesideTheirFieldsWithTheInputKept) {
  open("/");
  auto page = send("q=slavery&email=not-an-address&step=signup");
  EXPECT_EQ(page.status, 422);
  const auto error = page.body.find("id=\"email-error\"");
  const auto input = page.body.find("id=\"email\" name=\"email\"");
  ASSERT_NE(error, std::string::npos) << page.body;
  EXPECT_LT(page.body.find("<label for=\"email\""), error);
  EXPECT_LT(error, input);
  EXPECT_THAT(page.body, HasSubstr("aria-describedby=\"email-hint email-error\" aria-invalid"));
  EXPECT_THAT(page.body, HasSubstr("value=\"slavery\""));
  page = send("q=%22unclosed&email=a%40example.org&step=signup");
  EXPECT_EQ(page.status, 422);
  EXPECT_THAT(page.body, HasSubstr("id=\"q-error\""));
  EXPECT_EQ(rules(), 0);
}

TEST_F(PublicPagesTest, AMemberIsChosenByPartOfTheirName) {
  auto page = open("/alert?speaker=Vernon+Coaker");
  ASSERT_EQ(page.status, 200) << page.body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex("<code>speaker:([0-9]+)</code>")))
      << page.body;
  const auto vernon = count("SELECT COUNT(*) FROM items WHERE speaker_name = 'Vernon Coaker'");
  EXPECT_THAT(page.body, HasSubstr(fmt::format("<b>{} items</b>", vernon)));
  page = open("/alert?speaker=an");
  EXPECT_EQ(page.status, 422);
  EXPECT_THAT(page.body, HasSubstr("Which member?"));
  EXPECT_THAT(page.body, HasSubstr("<a href=\"/alert?speaker="));
  EXPECT_THAT(open("/alert?speaker=Nobody+Atall").body, HasSubstr("No member&#39;s name contains"));
  EXPECT_EQ(rules(), 0);
}

// With the daemon's members data, choices say who each person is: party,
// seat and years, as the real all-members.xml and peers-ucl.xml give them.
TEST_F(PublicPagesTest, WithMembersDataTheChoicesSayPartySeatAndYears) {
  parse::Members members;
  ASSERT_TRUE(parse::load_people_xml(pw::test::read_data("people.xml"), members));
  ASSERT_TRUE(parse::load_all_members_xml(pw::test::read_data("all-members.xml"), members));
  ASSERT_TRUE(parse::load_all_members_xml(pw::test::read_data("peers-ucl.xml"), members));
  site().set_members(std::make_shared<const MemberDirectory>(members));
  auto page = open("/alert?speaker=stern");
  EXPECT_EQ(page.status, 422);
  EXPECT_THAT(page.body, HasSubstr("(XB, since 1999)"));
  page = open("/alert?speaker=vernon+coaker");
  EXPECT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("<code>speaker:10121</code>"));
}

TEST_F(PublicPagesTest, TheEmailLinksFormsRefuseAPostFromAnotherSite) {
  ASSERT_EQ(sign_up(R"({"email": "a@example.org", "query": "slavery"})").status, 202);
  const auto confirm = link_in_newest_mail("/c/");
  ASSERT_FALSE(confirm.empty());
  Request r;
  r.method = "POST";
  r.target = confirm;
  r.client = "192.0.2.7";
  r.headers.emplace_back("origin", "https://evil.example");
  EXPECT_EQ(site().handle(r).status, 403);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules WHERE confirmed_at IS NOT NULL"), 0);
  r.headers.back().second = "https://alerts.example.net";
  EXPECT_EQ(site().handle(r).status, 200);
  EXPECT_EQ(count("SELECT COUNT(*) FROM rules WHERE confirmed_at IS NOT NULL"), 1);
}

TEST_F(PublicPagesTest, PreviewsFromOneAddressArePausedPastTheirHourlyLimit) {
  for (int i = 0; i < 120; ++i) {
    ASSERT_THAT(open("/alert?q=trafficking").body, HasSubstr("would have been sent")) << i;
  }
  const auto page = open("/alert?q=trafficking");
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("Previews from your address are paused"));
  EXPECT_THAT(page.body, HasSubstr("id=\"signup\""));
  clock_.advance(std::chrono::seconds(3600));
  EXPECT_THAT(open("/alert?q=trafficking").body, HasSubstr("would have been sent"));
}

TEST_F(PublicPagesTest, APreviewButtonNeitherNeedsATokenNorChangesAnything) {
  const auto page = send("q=trafficking&email=a%40example.org&step=preview", "");
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("What it would have found"));
  EXPECT_EQ(rules(), 0);
}

}  // namespace
}  // namespace pw::web::test
