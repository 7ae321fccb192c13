# Cross-compiling wasmsize for 64-bit Arm Linux on Debian, with its cross
# toolchain (g++-aarch64-linux-gnu) and arm64 libraries installed through
# multiarch (`dpkg --add-architecture arm64`), which live beside the host's
# under /usr. Used by scripts/release.sh with WASMSIZE_STATIC=ON.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static)
# pkg-config must see the arm64 .pc files only, never the host's.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
