# AddressSanitizer and UndefinedBehaviorSanitizer for every target of the project (the `sanitize`
# preset). Included before the first add_subdirectory so that libraries, executables and tests
# all carry the instrumentation; LibTorch, ITK and DCMTK stay the uninstrumented system builds.
#
# Undefined behaviour must stop the process, like a memory error, so that a test fails on it. The
# preset does that at run time (UBSAN_OPTIONS=halt_on_error=1) rather than with
# -fno-sanitize-recover: library headers compiled into our objects (ITK's iterators) have
# undefined behaviour of their own, GCC has no compile-time ignore list, and the run-time
# suppressions (tests/sanitizers/ubsan.supp) apply only to recoverable checks.
#
# The preset's environment holds the run-time options, for the build (test discovery runs the test
# executables) and the tests alike: ASAN_OPTIONS also checks the order of static initialisation
# across our objects; leak detection stays on, since what LibTorch, ITK and DCMTK keep until exit
# is still reachable and LeakSanitizer reports none of it.
set(everynet_sanitizer_flags -fsanitize=address,undefined -fno-omit-frame-pointer)
add_compile_options(${everynet_sanitizer_flags})
add_link_options(${everynet_sanitizer_flags})

# Builds what the sanitized test run needs and nothing else (no benchmarks, no other integration
# tests): the unit test executables, the hostile-input integration tests, and the everynet binary
# (with everynet-engine) that the latter start. The unit tests are the `_test` executables outside
# tests/integration; the hostile-input tests are the executables there named `hostile*`.
function(everynet_sanitizer_test_targets out dir)
  set(found "")
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(NOT type STREQUAL "EXECUTABLE")
      continue()
    endif()
    if(dir MATCHES "/tests/integration$")
      if(target MATCHES "^hostile")
        list(APPEND found ${target})
      endif()
    elseif(target MATCHES "_test$")
      list(APPEND found ${target})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    everynet_sanitizer_test_targets(sub "${subdir}")
    list(APPEND found ${sub})
  endforeach()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

function(everynet_add_sanitizer_tests_target)
  if(NOT EVERYNET_BUILD_TESTS OR NOT TARGET everynet)
    return()
  endif()
  everynet_sanitizer_test_targets(tests "${PROJECT_SOURCE_DIR}/tests")
  add_custom_target(everynet-sanitizer-tests)
  add_dependencies(everynet-sanitizer-tests everynet ${tests})
endfunction()
# Deferred to the end of the top-level CMakeLists.txt, when every test target exists.
cmake_language(DEFER DIRECTORY "${PROJECT_SOURCE_DIR}" CALL everynet_add_sanitizer_tests_target)
