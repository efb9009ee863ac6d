#include "core/result.hpp"

#include <memory>
#include <string>

#include <gtest/gtest.h>

namespace pw {
namespace {

struct Calls {
  int evaluated = 0;
  int after = 0;
};

Status ok_status(Calls& c) {
  ++c.evaluated;
  return {};
}

Status failed_status(Calls& c, ErrorKind kind) {
  ++c.evaluated;
  return fail(Error{kind, "disk says no"});
}

Result<std::unique_ptr<int>> boxed(Calls& c, bool ok) {
  ++c.evaluated;
  if (!ok) return fail(Error::invalid("no box"));
  return std::make_unique<int>(41);
}

Result<int> try_then_continue(Calls& c, Status (*step)(Calls&, ErrorKind), ErrorKind kind) {
  PW_TRY(step(c, kind));
  ++c.after;
  return 7;
}

Result<int> unbox_plus_one(Calls& c, bool ok) {
  PW_TRY_ASSIGN(auto box, boxed(c, ok));
  ++c.after;
  return *box + 1;
}

Status chain(Calls& c) {
  PW_TRY(ok_status(c));
  PW_TRY(unbox_plus_one(c, true));
  ++c.after;
  return {};
}

TEST(PwTry, ReturnsTheFailureWithItsKindAndStopsTheFunction) {
  for (auto kind : {ErrorKind::kTransient, ErrorKind::kPermanent, ErrorKind::kInvalidInput}) {
    Calls c;
    auto r = try_then_continue(c, failed_status, kind);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, kind);
    EXPECT_EQ(r.error().message, "disk says no");
    EXPECT_EQ(c.evaluated, 1);
    EXPECT_EQ(c.after, 0);
  }
}

TEST(PwTry, GoesOnWhenTheStepSucceedsAndEvaluatesItOnce) {
  Calls c;
  EXPECT_TRUE(chain(c));
  EXPECT_EQ(c.evaluated, 2);
  EXPECT_EQ(c.after, 2);
}

TEST(PwTryAssign, MovesTheValueOutOfAMoveOnlyResult) {
  Calls c;
  auto r = unbox_plus_one(c, true);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 42);
  EXPECT_EQ(c.evaluated, 1);
  EXPECT_EQ(c.after, 1);
}

TEST(PwTryAssign, ReturnsTheFailureBeforeDeclaringTheValue) {
  Calls c;
  auto r = unbox_plus_one(c, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(r.error().message, "no box");
  EXPECT_EQ(c.after, 0);
}

TEST(Result, KeepsTlExpectedsMonadicHelpers) {
  Result<int> three = 3;
  Result<std::string> text = three.map([](int n) { return std::to_string(n * 2); });
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "6");
  Result<int> bad = fail(Error::transient("later"));
  Result<int> still_bad = bad.and_then([](int n) -> Result<int>::Base { return n; });
  ASSERT_FALSE(still_bad);
  EXPECT_EQ(still_bad.error().kind, ErrorKind::kTransient);
}

}  // namespace
}  // namespace pw
