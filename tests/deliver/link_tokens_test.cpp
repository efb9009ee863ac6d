#include "deliver/link_tokens.hpp"

#include <gtest/gtest.h>

namespace pw::deliver {
namespace {

const LinkSubject kSub{LinkSubject::Kind::kSubscription, 42, "0123456789abcdef0123456789abcdef"};
const LinkSubject kUser{LinkSubject::Kind::kUser, 42, "fedcba9876543210fedcba9876543210"};
const std::string kSecret = "a secret of some length";

bool check(std::string_view secret, LinkPurpose purpose, const std::string& token,
           const LinkSubject& subject) {
  return check_link_token(secret, purpose, subject, token);
}

TEST(LinkTokens, ATokenChecksForItsOwnPurposeAndSubjectOnly) {
  const auto t = make_link_token(kSecret, LinkPurpose::kConfirm, kSub);
  EXPECT_EQ(t.substr(0, 4), "s42.");
  EXPECT_EQ(t.size(), 4u + 22u);
  EXPECT_EQ(link_token_subject(t), (LinkSubject{LinkSubject::Kind::kSubscription, 42, ""}));
  EXPECT_TRUE(check(kSecret, LinkPurpose::kConfirm, t, kSub));
  EXPECT_FALSE(check(kSecret, LinkPurpose::kUnsubscribe, t, kSub));
  EXPECT_FALSE(check("another secret", LinkPurpose::kConfirm, t, kSub));
  EXPECT_FALSE(check(kSecret, LinkPurpose::kConfirm, t, kUser));
  const auto u = make_link_token(kSecret, LinkPurpose::kConfirm, kUser);
  EXPECT_NE(u.substr(4), t.substr(4));
  EXPECT_TRUE(check(kSecret, LinkPurpose::kConfirm, u, kUser));
}

TEST(LinkTokens, ATokenDiesWithTheKeyOfItsRow) {
  const auto t = make_link_token(kSecret, LinkPurpose::kUnsubscribe, kSub);
  auto reused = kSub;  // the same id handed out again, with a new row's key
  reused.key = "00000000000000000000000000000000";
  EXPECT_FALSE(check(kSecret, LinkPurpose::kUnsubscribe, t, reused));
  auto legacy = kSub;  // rows made before keys existed keep their old links
  legacy.key = "";
  const auto old = make_link_token(kSecret, LinkPurpose::kUnsubscribe, legacy);
  EXPECT_NE(old, t);
  EXPECT_TRUE(check(kSecret, LinkPurpose::kUnsubscribe, old, legacy));
  EXPECT_FALSE(check(kSecret, LinkPurpose::kUnsubscribe, old, kSub));
}

TEST(LinkTokens, ForgedAndMalformedTokensAreRefused) {
  const auto t = make_link_token(kSecret, LinkPurpose::kManage, kUser);
  const auto mac = t.substr(t.find('.'));
  for (const std::string& bad :
       {std::string("u43") + mac, std::string("s42") + mac, std::string("u042") + mac,
        std::string("u+42") + mac, std::string("u-1") + mac, std::string("x42") + mac,
        t.substr(0, t.size() - 1), t + "A", std::string("u42"), std::string(""), std::string("."),
        std::string("u99999999999999999999999") + mac, "u42.." + mac}) {
    EXPECT_FALSE(check(kSecret, LinkPurpose::kManage, bad, kUser)) << bad;
  }
  for (const std::string& bad : {t.substr(0, t.size() - 1), t + "A", std::string("u42"),
                                 std::string(""), "u042" + mac, "x42" + mac}) {
    EXPECT_FALSE(link_token_subject(bad)) << bad;
  }
  auto flipped = t;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(check(kSecret, LinkPurpose::kManage, flipped, kUser));
}

TEST(LinkTokens, UrlsUseOneRoutePerPurpose) {
  EXPECT_EQ(link_url("", "s", LinkPurpose::kConfirm, kSub), "");
  EXPECT_EQ(link_url("https://x.example", "s", LinkPurpose::kConfirm, kSub),
            "https://x.example/c/" + make_link_token("s", LinkPurpose::kConfirm, kSub));
  EXPECT_EQ(link_url("https://x.example", "s", LinkPurpose::kManage, kUser).substr(0, 21),
            "https://x.example/m/u");
  EXPECT_EQ(link_url("https://x.example", "s", LinkPurpose::kUnsubscribe, kUser).substr(0, 21),
            "https://x.example/u/u");
}

}  // namespace
}  // namespace pw::deliver
