#include "core/crypto.hpp"

#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace pw {
namespace {

std::string hex(const Sha256Digest& d) {
  return hex_of(digest_bytes(d));
}

TEST(Crypto, OpensLibcryptoOnceAndAnswersTheSameAfter) {
  ASSERT_TRUE(load_crypto());
  EXPECT_TRUE(load_crypto());
}

TEST(Crypto, Sha256MatchesFips180Vectors) {
  EXPECT_EQ(hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Crypto, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

// A key used again (its context kept), a new key after it, a key longer
// than a block, an empty key and empty data all give RFC 4231's MACs, in
// any order.
TEST(Crypto, HmacSha256UnderAKeyUsedBeforeIsTheSame) {
  const std::string jefe = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  const std::string long_key = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
  const std::string hi = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")), jefe);
    EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")), jefe);
    EXPECT_EQ(hex(hmac_sha256("Jefe", "")),
              "923598ca6d64af2a5dba79dcd021a8a0fe5c5f557519adaaf0ad532d4506dd30");
    EXPECT_EQ(hex(hmac_sha256(std::string(131, '\xaa'),
                              "Test Using Larger Than Block-Size Key - Hash Key First")),
              long_key);
    EXPECT_EQ(hex(hmac_sha256("", "abc")),
              "fd7adb152c05ef80dccf50a1fa4c05d5a3ec6da95575fc312ae7c5d091836351");
    EXPECT_EQ(hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")), hi);
  }
  std::thread other([&] { EXPECT_EQ(hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")), hi); });
  other.join();
}

TEST(Crypto, HexHasTwoLowerCaseDigitsAByte) {
  EXPECT_EQ(hex_of(""), "");
  EXPECT_EQ(hex_of(std::string("\x00\x0f\xa0\xff", 4)), "000fa0ff");
}

TEST(Crypto, RandomBytesHaveTheSizeAskedAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const auto bytes = random_bytes(16);
    ASSERT_TRUE(bytes);
    EXPECT_EQ(bytes->size(), 16u);
    seen.insert(*bytes);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST(Crypto, ConstantTimeEqualComparesSizeAndEveryByte) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("secret", "secret"));
  EXPECT_FALSE(constant_time_equal("secret", "secreT"));
  EXPECT_FALSE(constant_time_equal("secret", "secret2"));
  EXPECT_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(Crypto, Base64FollowsRfc4648) {
  for (const std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    EXPECT_EQ(*base64_decode(base64_encode(s)), s);
  }
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(*base64_decode("Zm9vYg=="), "foob");
  EXPECT_FALSE(base64_decode("Zm9"));
  EXPECT_FALSE(base64_decode("Zm9v!!=="));
}

}  // namespace
}  // namespace pw
