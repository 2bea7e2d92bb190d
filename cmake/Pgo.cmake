# Profile-guided optimisation with GCC, driven by scripts/build-pgo.sh: the same build tree is
# built with GENERATE, a training scan writes a .gcda file beside each object, and the tree is
# rebuilt with USE. The profile keys on the object's path, hence one tree for both phases.
#
# The pgo preset builds at -O3; the release preset stays at -O2, where -O3 alone measured no
# faster (bench/RESULTS.md). At -O3, and more with the inlining a profile asks for, GCC 12
# reports -Wrestrict on std::string's own copies inlined from its headers (a known false
# positive of GCC 12 in C++20 mode; here in policy/internal/glob.cc), so that one warning is
# off in this build; every other warning is still an error, and the release, dev and asan
# builds keep -Wrestrict.
#
# -fprofile-partial-training keeps code the training never ran (office formats, the store,
# the console) optimised as in a build without a profile, instead of for size.
set(MAMORI_PGO "OFF" CACHE STRING "Profile-guided optimisation phase: OFF | GENERATE | USE")
set_property(CACHE MAMORI_PGO PROPERTY STRINGS OFF GENERATE USE)

if(MAMORI_PGO STREQUAL "OFF")
  return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  message(FATAL_ERROR "MAMORI_PGO needs GCC (got ${CMAKE_CXX_COMPILER_ID})")
endif()
if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  add_compile_options(-Wno-restrict)
endif()
if(MAMORI_PGO STREQUAL "GENERATE")
  # Atomic counters: the training scan runs on several threads.
  add_compile_options(-fprofile-generate -fprofile-update=atomic)
  add_link_options(-fprofile-generate)
elseif(MAMORI_PGO STREQUAL "USE")
  # Objects of a library that the program does not link have no profile; that is expected.
  add_compile_options(-fprofile-use -fprofile-partial-training -Wno-missing-profile)
else()
  message(FATAL_ERROR "MAMORI_PGO must be OFF, GENERATE or USE (got '${MAMORI_PGO}')")
endif()
