set(MAMORI_SANITIZE "" CACHE STRING "Sanitizers to build with: address,undefined | thread")
if(MAMORI_SANITIZE)
  add_compile_options(-fsanitize=${MAMORI_SANITIZE} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${MAMORI_SANITIZE})
endif()
