# wasm_size_check(): fail the build when WebAssembly outputs break their budget.
#
#   wasm_size_check(NAME <name>
#                   [TARGETS <target>...]      # each checked after it builds: the build fails
#                   [FILES <file>...]          # checked by custom target <name> in ALL
#                   BUDGET <wasmsize.yaml>
#                   [FORMAT <fmt> OUTPUT <path>]
#                   [TEST]                     # also a CTest test <name>
#                   [WARN_ONLY])               # report, never fail
#
# Both are checked by custom target <name> (in ALL), never POST_BUILD, so a
# failed check leaves the artifact in place under every generator.
# FILES accept generator expressions. A target whose file is an Emscripten
# `.js` loader is checked through the `.wasm` beside it. The host wasmsize is
# found as WasmSize::wasmsize (find_package or add_subdirectory),
# WASMSIZE_EXECUTABLE, or on PATH — outside the Emscripten find root — and is
# run through the host cmake, never through CMAKE_CROSSCOMPILING_EMULATOR.

include_guard(GLOBAL)

# The host executable: a path, or a generator expression for a target built
# here. Never the bare target name, which CMake would prefix with the
# crosscompiling emulator (node, under Emscripten).
function(_wasm_size_executable out)
  if(WASMSIZE_EXECUTABLE)
    set(${out} "${WASMSIZE_EXECUTABLE}" PARENT_SCOPE)
  elseif(TARGET WasmSize::wasmsize)
    get_target_property(imported WasmSize::wasmsize IMPORTED)
    if(imported)
      get_target_property(location WasmSize::wasmsize IMPORTED_LOCATION)
      set(${out} "${location}" PARENT_SCOPE)
    else()
      set(${out} "$<TARGET_FILE:WasmSize::wasmsize>" PARENT_SCOPE)
    endif()
  else()
    find_program(WASMSIZE_EXECUTABLE wasmsize NO_CMAKE_FIND_ROOT_PATH
                 DOC "The host wasmsize executable")
    if(NOT WASMSIZE_EXECUTABLE)
      message(FATAL_ERROR "wasm_size_check: no wasmsize executable. Install wasmsize and use "
                          "find_package(WasmSize CONFIG), or set WASMSIZE_EXECUTABLE.")
    endif()
    set(${out} "${WASMSIZE_EXECUTABLE}" PARENT_SCOPE)
  endif()
endfunction()

function(wasm_size_check)
  cmake_parse_arguments(PARSE_ARGV 0 arg "TEST;WARN_ONLY" "NAME;BUDGET;FORMAT;OUTPUT"
                        "TARGETS;FILES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wasm_size_check: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_NAME)
    message(FATAL_ERROR "wasm_size_check: NAME is required")
  endif()
  if(NOT arg_BUDGET)
    message(FATAL_ERROR "wasm_size_check(${arg_NAME}): BUDGET <wasmsize.yaml> is required")
  endif()
  if(NOT arg_TARGETS AND NOT arg_FILES)
    message(FATAL_ERROR "wasm_size_check(${arg_NAME}): give TARGETS or FILES to check")
  endif()
  if(arg_OUTPUT AND NOT arg_FORMAT)
    message(FATAL_ERROR "wasm_size_check(${arg_NAME}): OUTPUT needs FORMAT "
                        "(text, json, sarif, junit, github, markdown)")
  endif()
  foreach(target IN LISTS arg_TARGETS)
    if(NOT TARGET ${target})
      message(FATAL_ERROR "wasm_size_check(${arg_NAME}): '${target}' is not a target")
    endif()
  endforeach()
  get_filename_component(budget "${arg_BUDGET}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${budget}")
    message(FATAL_ERROR "wasm_size_check(${arg_NAME}): budget file '${budget}' does not exist")
  endif()

  _wasm_size_executable(exe)
  # Beside this file, wherever the caller's scope is (add_subdirectory scopes
  # ordinary variables to our folder).
  set(runner "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/WasmSizeRun.cmake")
  set(args check --budget "${budget}" --no-color)
  if(arg_FORMAT)
    list(APPEND args --format ${arg_FORMAT})
  endif()
  if(arg_OUTPUT)
    get_filename_component(output "${arg_OUTPUT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    list(APPEND args --output "${output}")
  endif()
  # Lists travel to the runner joined by '|': a ';' would split the -D argument.
  string(JOIN "|" joined_args ${args})
  set(run ${CMAKE_COMMAND} "-DWASMSIZE_EXECUTABLE=${exe}" "-DWASMSIZE_ARGS=${joined_args}"
          "-DWASMSIZE_WARN_ONLY=${arg_WARN_ONLY}" "-DWASMSIZE_NAME=${arg_NAME}")

  # Each target is checked by its own command whose output is a stamp, never
  # POST_BUILD: when a POST_BUILD step fails, make deletes the target's file
  # ("Deleting file 'app.wasm'"), the very file a user needs to inspect. A
  # failed check writes no stamp, so the next build checks again; a changed
  # target or budget makes the stamp stale.
  set(target_files "")
  set(stamps "")
  foreach(target IN LISTS arg_TARGETS)
    set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${arg_NAME}-${target}.wasmsize-checked")
    add_custom_command(OUTPUT "${stamp}"
      COMMAND ${run} "-DWASMSIZE_FILES=$<TARGET_FILE:${target}>" -P "${runner}"
      COMMAND ${CMAKE_COMMAND} -E touch "${stamp}"
      DEPENDS ${target} "$<TARGET_FILE:${target}>" "${budget}"
      COMMENT "wasmsize: checking ${target} against ${arg_BUDGET}"
      VERBATIM)
    list(APPEND stamps "${stamp}")
    list(APPEND target_files "$<TARGET_FILE:${target}>")
  endforeach()
  set(files_command "")
  if(arg_FILES)
    string(JOIN "|" files ${arg_FILES})
    set(files_command COMMAND ${run} "-DWASMSIZE_FILES=${files}" -P "${runner}")
  endif()
  add_custom_target(${arg_NAME} ALL ${files_command}
    DEPENDS ${stamps}
    COMMENT "wasmsize: ${arg_NAME} against ${arg_BUDGET}"
    VERBATIM)
  if(arg_TARGETS)
    add_dependencies(${arg_NAME} ${arg_TARGETS})
  endif()
  if(arg_TEST)
    string(JOIN "|" all_files ${target_files} ${arg_FILES})
    add_test(NAME ${arg_NAME}
             COMMAND ${run} "-DWASMSIZE_FILES=${all_files}" -P "${runner}")
  endif()
endfunction()
