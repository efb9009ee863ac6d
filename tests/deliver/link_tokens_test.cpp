#include "deliver/link_tokens.hpp"

#include <gtest/gtest.h>

namespace pw::deliver {
namespace {

const LinkSubject kSub{LinkSubject::Kind::kSubscription, 42};
const LinkSubject kUser{LinkSubject::Kind::kUser, 42};

TEST(LinkTokens, ATokenChecksForItsOwnPurposeAndSubjectOnly) {
  const auto t = make_link_token("a secret of some length", LinkPurpose::kConfirm, kSub);
  EXPECT_EQ(t.substr(0, 4), "s42.");
  EXPECT_EQ(t.size(), 4u + 22u);
  EXPECT_EQ(check_link_token("a secret of some length", LinkPurpose::kConfirm, t), kSub);
  EXPECT_FALSE(check_link_token("a secret of some length", LinkPurpose::kUnsubscribe, t));
  EXPECT_FALSE(check_link_token("another secret", LinkPurpose::kConfirm, t));
  const auto u = make_link_token("a secret of some length", LinkPurpose::kConfirm, kUser);
  EXPECT_NE(u.substr(4), t.substr(4));
  EXPECT_EQ(check_link_token("a secret of some length", LinkPurpose::kConfirm, u), kUser);
}

TEST(LinkTokens, ForgedAndMalformedTokensAreRefused) {
  const std::string secret = "a secret of some length";
  const auto t = make_link_token(secret, LinkPurpose::kManage, kUser);
  const auto mac = t.substr(t.find('.'));
  for (const std::string& bad :
       {std::string("u43") + mac, std::string("s42") + mac, std::string("u042") + mac,
        std::string("u+42") + mac, std::string("u-1") + mac, std::string("x42") + mac,
        t.substr(0, t.size() - 1), t + "A", std::string("u42"), std::string(""), std::string("."),
        std::string("u99999999999999999999999") + mac, "u42.." + mac}) {
    EXPECT_FALSE(check_link_token(secret, LinkPurpose::kManage, bad)) << bad;
  }
  auto flipped = t;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(check_link_token(secret, LinkPurpose::kManage, flipped));
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
