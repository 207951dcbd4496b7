# newsd_add_library(NAME SOURCES... DEPS ...)
# One static library per folder, exported as newsd::NAME. Headers are included
# as "folder/header.h" from the repository root.
function(newsd_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(newsd_${name} STATIC ${ARG_SOURCES})
  add_library(newsd::${name} ALIAS newsd_${name})
  target_include_directories(newsd_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(newsd_${name} PUBLIC ${ARG_DEPS})
endfunction()

# newsd_add_test(NAME SOURCES... DEPS ...): a Catch2 test binary run by ctest.
function(newsd_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE newsd_test_main ${ARG_DEPS})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "NEWSD_TEST_DATA=${PROJECT_SOURCE_DIR}/tests/data;NEWSD_DATA_DIR=${PROJECT_SOURCE_DIR}/data"
    LABELS "unit;${ARG_LABELS}")
endfunction()
