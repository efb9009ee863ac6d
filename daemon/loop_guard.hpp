#pragma once

#include <exception>
#include <functional>
#include <string>
#include <string_view>

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace pw {

// Told what an unexpected exception said ("std::bad_alloc", a message).
using UnexpectedError = std::function<void(std::string_view what)>;

// Runs `io` as io_context::run() does, until it has no work left or is
// stopped, but an exception escaping one handler does not end it:
// `on_error` hears what was thrown and the loop goes on with the next
// handler (mosh's per-iteration boundary). Returns how many handlers threw.
int run_guarded(boost::asio::io_context& io, const UnexpectedError& on_error);

// What an exception in flight says; for catch (...) blocks.
std::string describe_current_exception();

// Calls `f()`; when it throws, returns `fallback(what)` instead, `what`
// being what the exception said. For work posted to the thread pool, whose
// threads would otherwise end the process.
template <typename F, typename Fallback>
auto call_guarded(F&& f, Fallback&& fallback) -> decltype(f()) {
  try {
    return f();
  } catch (...) {
    return fallback(describe_current_exception());
  }
}

}  // namespace pw
