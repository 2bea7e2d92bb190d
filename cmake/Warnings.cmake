# Our own code builds with a long warning list; third-party targets never see it.
add_library(mamori_warnings INTERFACE)
target_compile_options(mamori_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${MAMORI_WERROR}>:-Werror>)
