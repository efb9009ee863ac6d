#include "daemon/loop_guard.hpp"
#include <utility>  // before Asio (GCC 12 + Boost 1.74)

#include <boost/asio/io_context.hpp>

namespace pw {

std::string describe_current_exception() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

int run_guarded(boost::asio::io_context& io, const UnexpectedError& on_error) {
  int thrown = 0;
  for (;;) {
    try {
      io.run();
      return thrown;
    } catch (...) {
      ++thrown;
      on_error(describe_current_exception());
    }
  }
}

}  // namespace pw
