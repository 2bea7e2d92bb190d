// MAMORI_ASSERT is for programmer errors only: on in Debug and sanitizer builds, never
// reachable from input (a bad file is an Error value, see status.h).
#pragma once

#include <cstdio>
#include <cstdlib>

#ifndef NDEBUG
#define MAMORI_ASSERT(cond, why)                                                                  \
  do {                                                                                            \
    if (!(cond)) {                                                                                \
      std::fprintf(stderr, "%s:%d: assertion failed: %s (%s)\n", __FILE__, __LINE__, #cond, why); \
      std::abort();                                                                               \
    }                                                                                             \
  } while (0)
#else
#define MAMORI_ASSERT(cond, why) \
  do {                           \
  } while (0)
#endif
