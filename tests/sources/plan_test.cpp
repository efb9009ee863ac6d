#include "sources/plan.hpp"

#include <gtest/gtest.h>

namespace pw::sources {
namespace {

std::vector<std::string> paths(const std::vector<RemoteFile>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.path());
  return out;
}

TEST(PlanFetches, NewFilesInDateThenVersionOrderFromTheStartDate) {
  const std::vector<RemoteFile> offered = {{"wms", "ministerial2009-10-26c.xml", 0},
                                           {"debates", "debates2009-10-27d.xml", 0},
                                           {"wms", "ministerial2009-10-26b.xml", 0},
                                           {"debates", "debates2009-10-20a.xml", 0},
                                           {"wms", "changedates.txt", 0},
                                           {"debates", "debates2009-10-27aa.xml", 0}};
  const auto plan = plan_fetches(offered, {}, PlanOptions{"2009-10-26", "", "2009-10-26"});
  EXPECT_EQ(paths(plan), (std::vector<std::string>{
                             "wms/ministerial2009-10-26b.xml", "wms/ministerial2009-10-26c.xml",
                             "debates/debates2009-10-27d.xml", "debates/debates2009-10-27aa.xml"}));
  const auto window = plan_fetches(offered, {}, PlanOptions{"2009-10-01", "2009-10-26", ""});
  EXPECT_EQ(paths(window), (std::vector<std::string>{"debates/debates2009-10-20a.xml"}));
}

TEST(PlanFetches, KnownFilesOnlyWhenChangedOrRecent) {
  const std::map<std::string, Validators> known = {
      {"wms/ministerial2009-10-26b.xml", {"\"e\"", "", 100}},
      {"wms/ministerial2009-10-26c.xml", {"\"e\"", "", 100}},
      {"debates/debates2009-10-20a.xml", {"\"e\"", "", 0}},
      {"debates/debates2009-10-27d.xml", {"\"e\"", "", 0}}};
  const std::vector<RemoteFile> offered = {{"wms", "ministerial2009-10-26b.xml", 100},
                                           {"wms", "ministerial2009-10-26c.xml", 250},
                                           {"debates", "debates2009-10-20a.xml", 0},
                                           {"debates", "debates2009-10-27d.xml", 0}};
  const auto plan = plan_fetches(offered, known, PlanOptions{"2009-10-01", "", "2009-10-25"});
  EXPECT_EQ(paths(plan), (std::vector<std::string>{"wms/ministerial2009-10-26c.xml",
                                                   "debates/debates2009-10-27d.xml"}));
}

}  // namespace
}  // namespace pw::sources
