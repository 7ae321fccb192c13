# Install layout and the Debian package: `cmake --install` puts the tool in
# bin/ and the CMake package (config, ARCH_INDEPENDENT version file,
# WasmSize.cmake) in share/cmake/WasmSize, so that an Emscripten (wasm32)
# project can find_package() this 64-bit host tool.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(WASMSIZE_CMAKE_DIR "${CMAKE_INSTALL_DATADIR}/cmake/WasmSize")
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake-modules/WasmSizeConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/WasmSizeConfig.cmake"
  INSTALL_DESTINATION "${WASMSIZE_CMAKE_DIR}"
  PATH_VARS CMAKE_INSTALL_BINDIR)
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/WasmSizeConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion
  ARCH_INDEPENDENT)
install(FILES
  "${PROJECT_BINARY_DIR}/WasmSizeConfig.cmake"
  "${PROJECT_BINARY_DIR}/WasmSizeConfigVersion.cmake"
  "${PROJECT_SOURCE_DIR}/cmake-modules/WasmSize.cmake"
  "${PROJECT_SOURCE_DIR}/cmake-modules/WasmSizeRun.cmake"
  DESTINATION "${WASMSIZE_CMAKE_DIR}")

set(CPACK_PACKAGE_NAME wasmsize)
set(CPACK_PACKAGE_VENDOR "wasmsize")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "wasmsize maintainers <wasmsize@invalid.example>")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# Dependencies computed by dpkg-shlibdeps from what the binary really links
# (none for the static release build), never written by hand: a hand-written
# list forgot libdeflate0 and pinned one Debian release's sonames.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64)$")
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
endif()
set(CPACK_STRIP_FILES ON)
include(CPack)
