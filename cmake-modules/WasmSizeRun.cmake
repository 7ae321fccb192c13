# Runs `wasmsize check` for wasm_size_check() at build or test time
# (cmake -P). Inputs: WASMSIZE_EXECUTABLE, WASMSIZE_ARGS and WASMSIZE_FILES
# ('|'-separated), WASMSIZE_WARN_ONLY, WASMSIZE_NAME.
string(REPLACE "|" ";" args "${WASMSIZE_ARGS}")
string(REPLACE "|" ";" given "${WASMSIZE_FILES}")

set(files "")
foreach(file IN LISTS given)
  # An Emscripten executable's target file is its .js loader: check the .wasm.
  if(file MATCHES "\\.m?js$")
    string(REGEX REPLACE "\\.m?js$" ".wasm" wasm "${file}")
    if(EXISTS "${wasm}")
      set(file "${wasm}")
    endif()
  endif()
  list(APPEND files "${file}")
endforeach()

execute_process(COMMAND "${WASMSIZE_EXECUTABLE}" ${args} ${files} RESULT_VARIABLE rc)
if(rc EQUAL 0)
  return()
endif()
if(rc EQUAL 1)
  if(WASMSIZE_WARN_ONLY)
    message(WARNING "wasmsize (${WASMSIZE_NAME}): the budget is broken (WARN_ONLY: not failing)")
  else()
    message(FATAL_ERROR "wasmsize (${WASMSIZE_NAME}): the budget is broken")
  endif()
else()
  message(FATAL_ERROR "wasmsize (${WASMSIZE_NAME}): could not check (exit status ${rc})")
endif()
