#include "deliver/render.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "deliver/extract.hpp"

namespace pw::deliver {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

AlertBatch sample_batch() {
  AlertBatch b;
  b.outbox_id = 42;
  b.recipient = "alice@example.org";
  b.file_name = "debates2007-11-26a.xml";
  b.section = Section::kDebates;
  b.date = "2007-11-26";
  b.created_at = 1196087400;  // 2007-11-26 14:30:00 UTC
  AlertItem a;
  a.rule_id = 3;
  a.query = "trafficking";
  a.highlight = {"trafficking"};
  a.date = b.date;
  a.gid = "uk.org.publicwhip/debate/2007-11-26a.1.4";
  a.headings = {"Home Department", "People Trafficking"};
  a.speaker_name = "Vernon Coaker";
  a.speaker_party = "Lab";
  a.time = "14:30:00";
  a.text = "A comprehensive UK action plan on tackling human trafficking was published.";
  b.alerts.push_back(a);
  a.rule_id = 4;
  a.query = "speaker:10564";
  a.gid = "uk.org.publicwhip/debate/2007-11-26a.1.3";
  a.speaker_name = "Phyllis Starkey";
  b.alerts.push_back(a);
  return b;
}

TEST(RenderEmail, HasTheHeadersAReceiverNeeds) {
  const auto m = render_email(sample_batch(), EmailSettings{"Alerts <alerts@example.net>"});
  EXPECT_EQ(m.subject,
            "parlwatch: 2 new matches in House of Commons debates, Monday 26 November 2007");
  EXPECT_THAT(m.body, HasSubstr("From: Alerts <alerts@example.net>\r\n"));
  EXPECT_THAT(m.body, HasSubstr("To: alice@example.org\r\n"));
  EXPECT_THAT(m.body, HasSubstr("Date: Mon, 26 Nov 2007 14:30:00 +0000\r\n"));
  EXPECT_THAT(m.body, HasSubstr("Message-ID: <outbox-42@example.net>\r\n"));
  EXPECT_THAT(m.body, HasSubstr("Auto-Submitted: auto-generated\r\n"));
  EXPECT_THAT(m.body, HasSubstr("Content-Type: text/plain; charset=utf-8\r\n"));
}

TEST(RenderEmail, ListsEachAlertWithHeadingSpeakerExtractAndLink) {
  const auto m = render_email(sample_batch(), EmailSettings{});
  EXPECT_THAT(m.body, HasSubstr("Your alert: trafficking\r\n"));
  EXPECT_THAT(m.body, HasSubstr("Your alert: speaker:10564\r\n"));
  EXPECT_THAT(m.body, HasSubstr("* Home Department > People Trafficking\r\n"));
  EXPECT_THAT(m.body, HasSubstr("  Vernon Coaker (Lab) at 14:30\r\n"));
  EXPECT_THAT(m.body, HasSubstr("tackling human trafficking was published."));
  EXPECT_THAT(m.body, HasSubstr("https://www.theyworkforyou.com/debates/?id=2007-11-26a.1.4\r\n"));
  EXPECT_THAT(m.body, Not(HasSubstr("\n\n")));  // every line ends in CRLF
}

TEST(RenderEmail, IsTheSameBytesEveryTime) {
  EXPECT_EQ(render_email(sample_batch(), {}).body, render_email(sample_batch(), {}).body);
}

TEST(RenderWebhook, IsJsonWithOneEntryPerAlert) {
  const auto m = render_webhook(sample_batch());
  const auto doc = nlohmann::json::parse(m.body);
  EXPECT_EQ(doc["type"], "parlwatch.alert");
  EXPECT_EQ(doc["id"], "outbox-42");
  EXPECT_EQ(doc["section"], "debates");
  ASSERT_EQ(doc["alerts"].size(), 2u);
  EXPECT_EQ(doc["alerts"][0]["url"], "https://www.theyworkforyou.com/debates/?id=2007-11-26a.1.4");
  EXPECT_EQ(doc["alerts"][0]["speaker"]["name"], "Vernon Coaker");
  EXPECT_EQ(doc["alerts"][1]["query"], "speaker:10564");
}

TEST(LongDate, SpellsOutTheDay) {
  EXPECT_EQ(long_date("2009-10-27"), "Tuesday 27 October 2009");
  EXPECT_EQ(long_date("2009-02-30"), "2009-02-30");
  EXPECT_EQ(long_date("soon"), "soon");
}

TEST(Extract, CentresOnTheFirstMatchedWord) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "filler words here ";
  text += "the TRAFFICKING of people ";
  for (int i = 0; i < 60; ++i) text += "more words after ";
  const std::string e = extract(text, {"trafficking"}, 120);
  EXPECT_THAT(e, HasSubstr("the TRAFFICKING of people"));
  EXPECT_EQ(e.rfind("...", 0), 0u);
  EXPECT_LE(e.size(), 130u);
  EXPECT_EQ(e.substr(e.size() - 3), "...");
}

TEST(Extract, ShortTextIsKeptWholeAndUtf8IsNeverSplit) {
  EXPECT_EQ(extract("Short text.", {"missing"}), "Short text.");
  const std::string accented(300, 'a');
  const std::string text = accented.substr(0, 119) + "\u00e9\u00e9\u00e9 rest";
  const std::string e = extract(text, {}, 120);
  EXPECT_NE(static_cast<unsigned char>(e[e.size() - 4]) & 0xC0, 0xC0);  // no lead byte cut off
}

}  // namespace
}  // namespace pw::deliver
