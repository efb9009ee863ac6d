#include "daemon/connection_budget.hpp"

#include <gtest/gtest.h>

namespace pw {
namespace {

HttpServerLimits limits(int max, int per_client) {
  HttpServerLimits l;
  l.max_connections = max;
  l.max_connections_per_client = per_client;
  l.unlimited_clients = {"10.0.0.1"};
  return l;
}

TEST(ConnectionBudget, RegularSlotsThenTriageThenRefusal) {
  ConnectionBudget budget(limits(2, 10));
  EXPECT_EQ(budget.admit("a"), Admission::kRegular);
  EXPECT_EQ(budget.admit("b"), Admission::kRegular);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(budget.admit("c"), Admission::kTriage);
  EXPECT_EQ(budget.admit("c"), Admission::kRefused);
  budget.release("a", Admission::kRegular);
  EXPECT_EQ(budget.admit("d"), Admission::kRegular);
  budget.release("c", Admission::kTriage);
  EXPECT_EQ(budget.admit("c"), Admission::kTriage);
  EXPECT_EQ(budget.regular(), 2);
  EXPECT_EQ(budget.triage(), 8);
}

TEST(ConnectionBudget, EachClientHasItsShareExceptTheUnlimited) {
  ConnectionBudget budget(limits(100, 2));
  EXPECT_EQ(budget.admit("a"), Admission::kRegular);
  EXPECT_EQ(budget.admit("a"), Admission::kRegular);
  EXPECT_EQ(budget.admit("a"), Admission::kTriage);
  EXPECT_EQ(budget.admit("b"), Admission::kRegular);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(budget.admit("10.0.0.1"), Admission::kRegular);
  budget.release("a", Admission::kRegular);
  EXPECT_EQ(budget.admit("a"), Admission::kRegular);
}

TEST(ConnectionBudget, NewLimitsKeepWhatIsCounted) {
  ConnectionBudget budget(limits(2, 10));
  EXPECT_EQ(budget.admit("a"), Admission::kRegular);
  EXPECT_EQ(budget.admit("a"), Admission::kRegular);
  budget.set_limits(limits(3, 2));
  EXPECT_EQ(budget.admit("a"), Admission::kTriage);  // its share is 2 now
  EXPECT_EQ(budget.admit("b"), Admission::kRegular);
  EXPECT_EQ(budget.admit("c"), Admission::kTriage);  // 3 slots, all taken
}

}  // namespace
}  // namespace pw
