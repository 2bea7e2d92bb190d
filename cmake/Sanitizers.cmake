set(MAMORI_SANITIZE "" CACHE STRING "Sanitizers to build with: address,undefined | thread")
if(MAMORI_SANITIZE)
  add_compile_options(-fsanitize=${MAMORI_SANITIZE} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${MAMORI_SANITIZE})
endif()

# Under the fuzz preset every library is coverage-instrumented too, so libFuzzer sees the
# branches of the parsers, not only of the fuzz target's own file.
if(MAMORI_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
