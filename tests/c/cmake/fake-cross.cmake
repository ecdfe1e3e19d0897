# A "cross" toolchain that is really the host compiler: naming the system makes CMake set
# CMAKE_CROSSCOMPILING, which is all cross_build_adds_no_tests.cmake needs.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR vxbfake)
