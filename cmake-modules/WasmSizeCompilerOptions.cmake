# Warnings and sanitizers for wasmsize's own targets. Kept out of the
# top-level CMakeLists so that a project embedding wasmsize through
# add_subdirectory/FetchContent does not inherit them globally.

function(wasmsize_target_options target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  endif()
  if(WASMSIZE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${WASMSIZE_SANITIZE} -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${WASMSIZE_SANITIZE})
  endif()
endfunction()
