#include "sources/curl_library.hpp"

#include <gtest/gtest.h>

#include "sources/curl_handle.hpp"

namespace pw::sources {
namespace {

TEST(CurlLibrary, IsOpenedOnceWhenFirstAskedForAndMakesHandles) {
  const auto first = load_curl();
  ASSERT_TRUE(first) << first.error().message;
  const auto again = load_curl();
  ASSERT_TRUE(again);
  EXPECT_EQ(*first, *again);
  EXPECT_EQ(&curl(), *first);
  std::string why;
  const CurlEasy easy = new_easy_handle(why);
  ASSERT_NE(easy, nullptr) << why;
  EXPECT_EQ(curl().easy_setopt(easy.get(), CURLOPT_NOSIGNAL, 1L), CURLE_OK);
  EXPECT_STREQ(curl().easy_strerror(CURLE_OK), "No error");
  CurlSlist list;
  append_header(list, "X-One: 1");
  append_header(list, "X-Two: 2");
  ASSERT_NE(list, nullptr);
  EXPECT_STREQ(list->next->data, "X-Two: 2");
}

}  // namespace
}  // namespace pw::sources
