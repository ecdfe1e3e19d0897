# Run by ctest (cmake -P): configures the project as a cross build and checks that ctest would find no
# test there, since test binaries built for a router CPU cannot run on the build host.
# In: SRC (the project root), BIN (a scratch build directory), CC (a C compiler that works here).
file(REMOVE_RECURSE ${BIN})
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SRC} -B ${BIN} -DCMAKE_C_COMPILER=${CC}
          -DCMAKE_TOOLCHAIN_FILE=${SRC}/tests/c/cmake/fake-cross.cmake
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cross configure failed (${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_CTEST_COMMAND} -N WORKING_DIRECTORY ${BIN} OUTPUT_VARIABLE listed)
if(NOT listed MATCHES "Total Tests: 0")
  string(REGEX MATCHALL "Test +#[0-9]+: [A-Za-z0-9_]+" tests "${listed}")
  message(FATAL_ERROR "a cross build must add no C tests, ctest -N lists: ${tests}")
endif()
file(REMOVE_RECURSE ${BIN})
