# Shared INTERFACE targets: every library and test links both.
add_library(parlwatch_warnings INTERFACE)
target_compile_options(parlwatch_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wnull-dereference)
if(PARLWATCH_WERROR)
  target_compile_options(parlwatch_warnings INTERFACE -Werror)
endif()

add_library(parlwatch_hardening INTERFACE)
target_compile_options(parlwatch_hardening INTERFACE
  -fstack-protector-strong -fPIE
  $<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2>)
target_link_options(parlwatch_hardening INTERFACE
  -pie -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack)

if(PARLWATCH_SANITIZE)
  target_compile_options(parlwatch_hardening INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(parlwatch_hardening INTERFACE -fsanitize=address,undefined)
endif()

if(PARLWATCH_TSAN)
  # Asio uses atomic_thread_fence, which TSan does not model (GCC warns -Wtsan).
  target_compile_options(parlwatch_hardening INTERFACE -fsanitize=thread -fno-omit-frame-pointer
    -Wno-tsan)
  target_link_options(parlwatch_hardening INTERFACE -fsanitize=thread)
endif()

if(PARLWATCH_FUZZ)
  target_compile_options(parlwatch_hardening INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(parlwatch_hardening INTERFACE -fsanitize=address,undefined)
endif()

# parlwatch_library(NAME SOURCES... LINKS ...): one library per folder.
function(parlwatch_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINKS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_LINKS}
    PRIVATE parlwatch_warnings parlwatch_hardening)
endfunction()
