#include "deliver/render.hpp"

#include <algorithm>
#include <functional>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "deliver/email_body.hpp"
#include "deliver/extract.hpp"
#include "deliver/link_tokens.hpp"
#include "deliver/mime.hpp"

namespace pw::deliver {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

AlertBatch sample_batch() {
  AlertBatch b;
  b.outbox_id = 42;
  b.user_id = 7;
  b.recipient = "alice@example.org";
  b.file_name = "debates2007-11-26a.xml";
  b.section = Section::kDebates;
  b.date = "2007-11-26";
  b.created_at = 1196087400;  // 2007-11-26 14:30:00 UTC
  b.user_key = "00112233445566778899aabbccddeeff";
  AlertItem a;
  a.rule_id = 3;
  a.rule_key = "ffeeddccbbaa99887766554433221100";
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
  a.rule_key = "0123456789abcdef0123456789abcdef";
  a.query = "speaker:10564";
  a.gid = "uk.org.publicwhip/debate/2007-11-26a.1.3";
  a.speaker_name = "Phyllis Starkey";
  b.alerts.push_back(a);
  return b;
}

EmailSettings with_links() {
  return EmailSettings{"Alerts <alerts@example.net>", "https://alerts.example.net", "secret"};
}

TEST(RenderEmail, HasTheHeadersAReceiverNeeds) {
  const auto m = *render_email(sample_batch(), with_links());
  EXPECT_EQ(m.subject,
            "parlwatch: 2 new matches in House of Commons debates, Monday 26 November 2007");
  EXPECT_THAT(m.body, HasSubstr("From: Alerts <alerts@example.net>\r\n"));
  EXPECT_THAT(m.body, HasSubstr("To: alice@example.org\r\n"));
  EXPECT_THAT(m.body, HasSubstr("Date: Mon, 26 Nov 2007 14:30:00 +0000\r\n"));
  EXPECT_THAT(m.body, HasSubstr("Message-ID: <outbox-42@example.net>\r\n"));
  EXPECT_THAT(m.body, HasSubstr("Auto-Submitted: auto-generated\r\n"));
  EXPECT_THAT(m.body, HasSubstr("MIME-Version: 1.0\r\n"));
  EXPECT_THAT(m.body, HasSubstr("Content-Type: multipart/alternative; boundary=\"=_parlwatch\""));
  const auto token =
      make_link_token("secret", LinkPurpose::kUnsubscribe,
                      LinkSubject{LinkSubject::Kind::kUser, 7, sample_batch().user_key});
  EXPECT_THAT(m.body, HasSubstr("List-Unsubscribe: <https://alerts.example.net/u/" + token +
                                ">,\r\n <mailto:alerts@example.net?subject=unsubscribe%20" + token +
                                ">\r\n"));
  EXPECT_THAT(m.body, HasSubstr("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
  EXPECT_THAT(m.body, HasSubstr("Content-Type: text/plain; charset=utf-8\r\n"
                                "Content-Transfer-Encoding: quoted-printable\r\n"));
  EXPECT_THAT(m.body, HasSubstr("Content-Type: text/html; charset=utf-8\r\n"));
  EXPECT_THAT(m.body, testing::EndsWith("\r\n--=_parlwatch--\r\n"));
  // The boundary is the same in every alert: it only delimits, as "=_"
  // never occurs in quoted-printable (even when a text holds it).
  auto b = sample_batch();
  b.alerts[0].text = "=_parlwatch\n--=_parlwatch--";
  const auto tricky = *render_email(b, with_links());
  std::size_t delimiters = 0;
  for (auto at = tricky.body.find("=_parlwatch"); at != std::string::npos;
       at = tricky.body.find("=_parlwatch", at + 1)) {
    ++delimiters;
  }
  EXPECT_EQ(delimiters, 4u);  // the header's, two openings, one closing
}

TEST(RenderEmail, WithoutAPublicUrlOnlyTheMailtoUnsubscribeIsOffered) {
  const auto m = *render_email(sample_batch(), EmailSettings{"a <a@example.net>", "", "s"});
  EXPECT_THAT(m.body, HasSubstr("List-Unsubscribe: <mailto:a@example.net?subject=unsubscribe"));
  EXPECT_THAT(m.body, Not(HasSubstr("List-Unsubscribe-Post")));
}

TEST(RenderEmail, EveryLineIsShortAndEndsInCrlf) {
  auto b = sample_batch();
  b.alerts[0].text = std::string(500, 'x') + " trafficking \u00e9\u00e9";
  const auto body = render_email(b, with_links())->body;
  std::size_t start = 0;
  while (start < body.size()) {
    const auto end = body.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 998u);
    if (start > body.find("\r\n\r\n")) {
      EXPECT_LE(end - start, 76u) << body.substr(start, end - start);
    }
    start = end + 2;
  }
  EXPECT_EQ(body.find('\n'), body.find("\r\n") + 1);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\n') {
      EXPECT_EQ(body[i - 1], '\r');
    }
    EXPECT_LT(static_cast<unsigned char>(body[i]), 0x80u);  // 7-bit: QP and RFC 2047 did their job
  }
}

TEST(RenderEmail, IsTheSameBytesEveryTime) {
  EXPECT_EQ(render_email(sample_batch(), with_links())->body,
            render_email(sample_batch(), with_links())->body);
}

TEST(RenderEmail, RefusesLineBreaksInAddresses) {
  auto b = sample_batch();
  b.recipient = "alice@example.org\r\nBcc: everyone@example.org";
  auto refused = render_email(b, with_links());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidInput);
  EXPECT_FALSE(render_email(sample_batch(), EmailSettings{"a <a@x.org>\nBcc: b@x.org", "", ""}));
}

// Batches for many users sharing items and rules: texts with long words,
// spaces before line ends, "=", non-ASCII letters, headings, votes, and
// more items than a rule lists.
std::vector<AlertBatch> shared_item_batches() {
  const std::vector<std::string> texts = {
      "A comprehensive UK action plan on tackling human trafficking was published.",
      "Trafficking   = modern slavery; Sinn F\u00e9in asked about trafficking. \nNew line  ",
      std::string(90, 'x') + " trafficking " + std::string(150, 'y'),
      "Short.",
      std::string(40, ' ') + "trafficking at the end ",
  };
  std::vector<AlertBatch> batches;
  for (int user = 0; user < 12; ++user) {
    AlertBatch b = sample_batch();
    b.outbox_id = 100 + user;
    b.user_id = user;
    b.recipient = "user" + std::to_string(user) + "@example.org";
    b.alerts.clear();
    const int rules = 1 + user % 3;
    for (int r = 0; r < rules; ++r) {
      for (int i = 0; i < 3 + (user + r) % 11; ++i) {
        AlertItem a = sample_batch().alerts[0];
        a.rule_id = 10 + r;
        a.query = r == 1 ? "speaker:10564" : "trafficking OR slavery";
        a.highlight = r == 1 ? std::vector<std::string>{} : std::vector<std::string>{"traffick"};
        a.gid = "uk.org.publicwhip/debate/2007-11-26a.1." + std::to_string(i);
        a.text = texts[static_cast<std::size_t>(i) % texts.size()];
        a.kind = i == 4 ? ItemKind::kMinorHeading : ItemKind::kSpeech;
        a.more_in_debate = static_cast<std::size_t>(i % 2);
        b.alerts.push_back(a);
      }
    }
    if (user % 4 == 0) {
      b.votes.push_back(VoteLine{11, "uk.org.publicwhip/person/10564", "Phyllis Starkey",
                                 "uk.org.publicwhip/division/2007-11-26a.5", 5, "Bill > Clause 2",
                                 "Ayes 1, Noes 2", "aye", false, ""});
    }
    batches.push_back(b);
  }
  return batches;
}

// An email's parts are its text and HTML, each quoted-printable as a
// whole; items taken from the cache (rendered once for many messages, and
// shared as pieces) change no byte of them, whatever the cache holds.
TEST(RenderEmail, ItemsFromTheCacheGiveTheSameBytes) {
  for (const std::size_t limit : {ItemCache::kMaxBytes, std::size_t{3000}}) {
    ItemCache cache(limit);
    for (const auto& b : shared_item_batches()) {
      for (const auto& settings : {with_links(), EmailSettings{}}) {
        const auto whole = encoded_parts(b, settings, nullptr, unsubscribe_token(settings, b));
        EXPECT_TRUE(whole.text.pieces.empty());
        EXPECT_EQ(whole.text.own, quoted_printable(alert_text(b, settings)));
        EXPECT_EQ(whole.html.own, quoted_printable(alert_html(b, settings)));
        const auto cached = encoded_parts(b, settings, &cache, unsubscribe_token(settings, b));
        EXPECT_EQ(cached.text.whole(), whole.text.own) << b.recipient;
        EXPECT_EQ(cached.html.whole(), whole.html.own) << b.recipient;
        const auto alone = render_email(b, settings);
        EXPECT_TRUE(alone->pieces.empty());
        const auto shared = render_email(b, settings, &cache);
        EXPECT_EQ(with_pieces(shared->body, shared->pieces), alone->body);
      }
    }
  }
}

// Every message listing an item with the same words shares one piece for
// its text and one for its HTML, not a copy; the message's own bytes are
// the rest.
TEST(RenderEmail, AnItemSeenBeforeIsSharedNotCopied) {
  ItemCache cache;
  const auto batches = shared_item_batches();
  const auto first = *render_email(batches[0], with_links(), &cache);
  const auto second = *render_email(batches[0], with_links(), &cache);
  const auto items = batches[0].alerts.size();
  ASSERT_GE(items, 2u);
  // Each part: its frame, intro, the rule's heading, items, then the
  // footer's fixed lines (in HTML before and after the recipient's); and
  // the closing boundary.
  ASSERT_EQ(first.pieces.size(), 10 + 2 * std::min(items, kItemsPerRule));
  for (std::size_t i = 0; i < first.pieces.size(); ++i) {
    EXPECT_EQ(first.pieces[i].piece, second.pieces[i].piece);
    EXPECT_EQ(first.pieces[i].offset, second.pieces[i].offset);
    EXPECT_EQ(first.body.find(first.pieces[i].piece->bytes), std::string::npos);
  }
  const auto starting = [&first](std::string_view start) {
    return std::count_if(first.pieces.begin(), first.pieces.end(),
                         [start](const PieceAt& p) { return p.piece->bytes.starts_with(start); });
  };
  EXPECT_EQ(starting("* "), static_cast<long>(std::min(items, kItemsPerRule)));
  EXPECT_EQ(starting("<li>"), static_cast<long>(std::min(items, kItemsPerRule)));
  EXPECT_EQ(starting("Your alert: trafficking OR slavery\r\n\r\nHouse of Commons debates\r\n"), 1);
  EXPECT_EQ(starting("<h2>Your alert: trafficking OR slavery</h2>\r\n<h3>"), 1);
}

// The intro of a message, its HTML head and its shared headers (From,
// Subject, Date) are the same for everyone sent as many items from the
// same transcript, and the rest of its MIME frame and the footers' fixed
// lines are the same for all: shared, like items; the lines naming the
// recipient and their links are the message's own.
TEST(RenderEmail, AnIntroSeenBeforeIsShared) {
  ItemCache cache;
  auto batches = shared_item_batches();
  batches[1].alerts.resize(batches[0].alerts.size());
  const auto a = *render_email(batches[0], with_links(), &cache);
  const auto b = *render_email(batches[1], with_links(), &cache);
  batches[2].alerts.resize(batches[0].alerts.size() - 1);
  const auto fewer = *render_email(batches[2], with_links(), &cache);
  const auto starting = [](const std::string& start) {
    return [start](const RenderedMessage& m) {
      const auto it = std::find_if(m.pieces.begin(), m.pieces.end(), [&start](const PieceAt& p) {
        return p.piece->bytes.starts_with(start);
      });
      return it == m.pieces.end() ? nullptr : it->piece;
    };
  };
  const auto intro = starting(std::to_string(batches[0].alerts.size()) + " new items");
  const auto head = starting("<!DOCTYPE html>");
  const auto frame = starting("From: ");
  const auto html_frame = starting("\r\n--=_parlwatch\r\nContent-Type: text/html");
  const auto footer = starting("--=20\r\nYou get this because");
  const auto html_footer = starting("<hr>\r\n<p>You get this because");
  const auto end = starting("</p>\r\n</body></html>\r\n");
  const auto last = starting("\r\n--=_parlwatch--\r\n");
  const std::vector<std::function<std::shared_ptr<SharedPiece>(const RenderedMessage&)>> alike{
      html_frame, footer, html_footer, end, last};
  for (const auto& shared : alike) {
    ASSERT_NE(shared(a), nullptr);
    EXPECT_EQ(shared(a), shared(fewer));
  }
  ASSERT_NE(intro(a), nullptr);
  ASSERT_NE(head(a), nullptr);
  ASSERT_NE(frame(a), nullptr);
  EXPECT_THAT(frame(a)->bytes, HasSubstr("\r\nDate: "));
  EXPECT_THAT(frame(a)->bytes, HasSubstr("\r\n\r\n--=_parlwatch\r\nContent-Type: text/plain"));
  EXPECT_EQ(intro(a), intro(b));
  EXPECT_EQ(head(a), head(b));
  EXPECT_EQ(frame(a), frame(b));
  EXPECT_NE(intro(a), intro(fewer));
  EXPECT_NE(head(a), head(fewer));
  EXPECT_NE(frame(a), frame(fewer));  // "N new matches" in the Subject
  auto later = batches[0];
  later.created_at += 60;
  EXPECT_NE(frame(*render_email(later, with_links(), &cache))->bytes, frame(a)->bytes);  // Date
  auto other_sender = with_links();
  other_sender.from = "Other <other@example.net>";
  EXPECT_THAT(frame(*render_email(batches[0], other_sender, &cache))->bytes,
              HasSubstr("From: Other <other@example.net>"));
  auto no_links = with_links();
  no_links.public_url.clear();
  EXPECT_THAT(frame(*render_email(batches[0], no_links, &cache))->bytes,
              Not(HasSubstr("List-Unsubscribe-Post")));
  EXPECT_THAT(a.body, HasSubstr(batches[0].recipient));
  EXPECT_THAT(b.body, HasSubstr(batches[1].recipient));
  for (const auto& m : {a, b, fewer}) {
    for (const auto& p : m.pieces) {
      for (const auto& batch : batches) {
        EXPECT_THAT(p.piece->bytes, Not(HasSubstr(batch.recipient))) << p.piece->bytes;
      }
    }
  }
}

// Items rendered alike under different keys (a highlight term the text
// does not hold) are one piece, stored once; an item rendered otherwise is
// another.
TEST(ItemCacheTest, ItemsRenderedAlikeAreOnePiece) {
  ItemCache cache;
  AlertItem a = sample_batch().alerts[0];
  a.highlight = {"traffick"};
  AlertItem b = a;
  b.highlight = {"traffick", "zzzunheard"};
  AlertItem c = a;
  c.more_in_debate = 3;
  const auto first = cache.encoded(a);
  const auto alike = cache.encoded(b);
  EXPECT_EQ(first.text, alike.text);
  EXPECT_EQ(first.html, alike.html);
  EXPECT_NE(cache.encoded(c).text, first.text);
  EXPECT_THAT(first.text->bytes, HasSubstr("*trafficking*"));
}

TEST(AlertText, GroupsByRuleThenChamberAndMarksTheMatchingWords) {
  auto b = sample_batch();
  b.alerts[0].speaker_constituency = "Gedling";
  b.alerts[0].more_in_debate = 2;
  const auto t = alert_text(b, with_links());
  EXPECT_THAT(t, HasSubstr("Your alert: trafficking\n\nHouse of Commons debates\n\n"));
  EXPECT_THAT(t, HasSubstr("Your alert: speaker:10564\n"));
  EXPECT_THAT(t, HasSubstr("* Home Department > People *Trafficking*\n"));
  EXPECT_THAT(t, HasSubstr("  Monday 26 November 2007, 14:30 - Vernon Coaker (Lab, Gedling)\n"));
  EXPECT_THAT(t, HasSubstr("tackling human *trafficking* was\n  published.\""));
  EXPECT_THAT(t, HasSubstr("\n-- \nYou get this because"));
  EXPECT_THAT(t, HasSubstr("  https://www.theyworkforyou.com/debates/?id=2007-11-26a.1.4\n"));
  EXPECT_THAT(t, HasSubstr("  ...and 2 more in this debate\n"));
  EXPECT_THAT(t, HasSubstr("Unsubscribe:"));
  EXPECT_THAT(t, HasSubstr("Unsubscribe: https://alerts.example.net/u/u7."));
  EXPECT_THAT(t, HasSubstr("Manage your alerts:\nhttps://alerts.example.net/m/u7."));
  const auto stop =
      make_link_token("secret", LinkPurpose::kUnsubscribe,
                      LinkSubject{LinkSubject::Kind::kSubscription, 3, b.alerts[0].rule_key});
  EXPECT_THAT(t, HasSubstr("Stop this alert: https://alerts.example.net/u/" + stop + "\n"));
  const auto manage = make_link_token("secret", LinkPurpose::kManage,
                                      LinkSubject{LinkSubject::Kind::kUser, 7, b.user_key});
  EXPECT_THAT(t, HasSubstr("Manage your alerts:\nhttps://alerts.example.net/m/" + manage));
  std::size_t start = 0;
  while (start < t.size()) {
    const auto end = std::min(t.find('\n', start), t.size());
    const auto line = t.substr(start, end - start);
    if (line.find("https://") == std::string::npos) {
      EXPECT_LE(line.size(), 72u) << line;
    }
    start = end + 1;
  }
}

TEST(AlertText, ARuleWithManyHitsIsSummarisedWithASearchLink) {
  auto b = sample_batch();
  b.alerts.resize(1);
  for (int i = 0; i < 14; ++i) b.alerts.push_back(b.alerts[0]);
  const auto t = alert_text(b, EmailSettings{});
  EXPECT_THAT(t, HasSubstr("5 more matches for this alert:"));
  EXPECT_THAT(t, HasSubstr("https://www.theyworkforyou.com/search/?q=trafficking"));
  EXPECT_EQ(std::count(t.begin(), t.end(), '*'), 50);  // 10 items: "* ", 2 *marks* each
}

TEST(AlertHtml, BoldsTheMatchingWordsAndEscapesTheRest) {
  auto b = sample_batch();
  b.alerts[0].text = "Victims of <trafficking> & abuse";
  b.alerts[0].highlight = {"traffick"};
  const auto h = alert_html(b, with_links());
  EXPECT_THAT(h, HasSubstr("Victims of &lt;<b>trafficking</b>&gt; &amp; abuse"));
  EXPECT_THAT(h,
              HasSubstr("<a href=\"https://www.theyworkforyou.com/debates/?id=2007-11-26a.1.4\">"));
  EXPECT_THAT(h, HasSubstr("<h2>Your alert: trafficking</h2>"));
  EXPECT_THAT(h, HasSubstr(">Unsubscribe</a>"));
}

TEST(RenderWebhook, IsAStandardWebhooksPayloadGroupedByRule) {
  auto b = sample_batch();
  b.alerts[0].speaker_constituency = "Gedling";
  const auto m = render_webhook(b);
  const auto doc = nlohmann::json::parse(m.body);
  EXPECT_EQ(doc["type"], "parlwatch.alert");
  EXPECT_EQ(doc["timestamp"], "2007-11-26T14:30:00Z");
  const auto& data = doc["data"];
  EXPECT_EQ(data["id"], "outbox-42");
  ASSERT_EQ(data["rules"].size(), 2u);
  EXPECT_EQ(data["rules"][0]["query"], "trafficking");
  EXPECT_EQ(data["rules"][1]["query"], "speaker:10564");
  const auto& item = data["rules"][0]["items"][0];
  EXPECT_EQ(item["id"], "uk.org.publicwhip/debate/2007-11-26a.1.4");
  EXPECT_EQ(item["link"], "https://www.theyworkforyou.com/debates/?id=2007-11-26a.1.4");
  EXPECT_EQ(item["chamber"], "House of Commons debates");
  EXPECT_EQ(item["heading"], "Home Department > People Trafficking");
  EXPECT_EQ(item["speaker"]["name"], "Vernon Coaker");
  EXPECT_EQ(item["speaker"]["constituency"], "Gedling");
  EXPECT_THAT(item["extract"].get<std::string>(), HasSubstr("human trafficking"));
}

TEST(LongDate, SpellsOutTheDay) {
  EXPECT_EQ(long_date("2009-10-27"), "Tuesday 27 October 2009");
  EXPECT_EQ(long_date("2009-02-30"), "2009-02-30");
  EXPECT_EQ(long_date("soon"), "soon");
  EXPECT_EQ(long_date("2024-02-29"), "Thursday 29 February 2024");
  EXPECT_EQ(long_date("2009-1-5"), "Monday 5 January 2009");
  EXPECT_EQ(long_date("2009-00-10"), "2009-00-10");
  EXPECT_EQ(long_date("2009-1a-10"), "2009-1a-10");
  EXPECT_EQ(long_date("2009-10-2x"), "Friday 2 October 2009");  // as sscanf reads it
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
