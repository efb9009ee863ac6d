#include "core/shared_library.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

namespace pw {

Result<void*> open_library(const char* name, const char* package) {
  void* handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return fail(Error::permanent(
        fmt::format("cannot open {} (Debian package {}): {}", name, package, why ? why : "")));
  }
  return handle;
}

void* library_symbol(void* handle, const char* name) {
  return dlsym(handle, name);
}

}  // namespace pw
