# run_consumers.cmake — proves both ways a C++ tool links govgraph, by building
# examples/cpp/quickstart.cpp:
#   1. install govgraph to a prefix, then a project that calls find_package(govgraph CONFIG);
#   2. a project that add_subdirectory()s the govgraph source tree (which compiles it: the one
#      compile of the library besides the main build and the sanitizers' instrumented builds).
# Run by ctest (test "cmake_consumers") with -DSOURCE_DIR=... -DWORK_DIR=... [-DBINARY_DIR=...]
cmake_minimum_required(VERSION 3.20)
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

# 1. install, then find_package. The library installed is the one the build running this test
#    made (BINARY_DIR, its devel component): not compiled again (issue 16). Without BINARY_DIR,
#    a build of its own.
if(BINARY_DIR)
  run(${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${prefix} --component devel)
else()
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/lib -DCMAKE_BUILD_TYPE=Release
      -DGOVGRAPH_BUILD_TESTS=OFF -DGOVGRAPH_BUILD_EXAMPLES=OFF -DCMAKE_INSTALL_PREFIX=${prefix})
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/lib -j2)
  run(${CMAKE_COMMAND} --install ${WORK_DIR}/lib)
endif()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/cmake/find-package-test -B ${WORK_DIR}/fp
    -DCMAKE_PREFIX_PATH=${prefix} -DQUICKSTART=${SOURCE_DIR}/examples/cpp/quickstart.cpp)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/fp -j2)
run(${WORK_DIR}/fp/quickstart)
if(NOT last_output MATCHES "Quickstart")
  message(FATAL_ERROR "find_package consumer printed:\n${last_output}")
endif()

# 2. add_subdirectory
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/cmake/add-subdirectory-test -B ${WORK_DIR}/as
    -DGOVGRAPH_DIR=${SOURCE_DIR} -DQUICKSTART=${SOURCE_DIR}/examples/cpp/quickstart.cpp)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/as -j2)
run(${WORK_DIR}/as/quickstart)
if(NOT last_output MATCHES "Quickstart")
  message(FATAL_ERROR "add_subdirectory consumer printed:\n${last_output}")
endif()
message(STATUS "both consumers built and ran quickstart")
