#pragma once

#include "core/result.hpp"

namespace pw {

// Opens shared library `name` (of Debian package `package`) with dlopen,
// for the life of the process. A permanent error naming both if it cannot
// be opened.
Result<void*> open_library(const char* name, const char* package);

// The address of function `name` in library `handle`, or nullptr.
void* library_symbol(void* handle, const char* name);

// Sets `out` (a function pointer) to function `name` of library `handle`;
// false, leaving it, if the library has none.
template <typename F>
bool find_function(void* handle, const char* name, F& out) {
  void* symbol = library_symbol(handle, name);
  if (symbol == nullptr) return false;
  out = reinterpret_cast<F>(symbol);  // NOLINT: dlsym's answer is the function's address
  return true;
}

}  // namespace pw
