// Compiled, not run: tests/CMakeLists.txt checks that discarding a Result or
// a Status is a compile-time diagnostic and that checking one is not.
#include "core/result.hpp"

pw::Status save();
pw::Result<int> count();

int use() {
#ifdef PW_DISCARD_STATUS
  save();
#endif
#ifdef PW_DISCARD_RESULT
  count();
#endif
  if (!save()) return -1;
  auto n = count();
  return n ? *n : -1;
}
