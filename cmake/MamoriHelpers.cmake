# mamori_module(NAME SOURCES ... DEPS ... LIBS ...): one folder under src/ = one static library.
function(mamori_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;LIBS" ${ARGN})
  add_library(mamori_${name} STATIC ${M_SOURCES})
  target_include_directories(mamori_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  set(deps "")
  foreach(d ${M_DEPS})
    list(APPEND deps mamori_${d})
  endforeach()
  target_link_libraries(mamori_${name} PUBLIC ${deps} ${M_LIBS} PRIVATE mamori_warnings)
endfunction()

# mamori_test(tests/x/y_test.cc DEPS ...): one GoogleTest binary per test file.
function(mamori_test file)
  cmake_parse_arguments(T "" "" "DEPS" ${ARGN})
  get_filename_component(name ${file} NAME_WE)
  add_executable(${name} ${file})
  set(deps "")
  foreach(d ${T_DEPS})
    list(APPEND deps mamori_${d})
  endforeach()
  target_link_libraries(${name} PRIVATE ${deps} GTest::gtest_main mamori_warnings)
  # Tests build options with designated initializers that name only the fields they vary.
  target_compile_options(${name} PRIVATE -Wno-missing-field-initializers)
  target_compile_definitions(${name} PRIVATE
    MAMORI_SOURCE_DIR="${PROJECT_SOURCE_DIR}" MAMORI_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "MAMORI_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
