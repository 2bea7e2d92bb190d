// Proves the "ole2" reader (compound file, BIFF5/BIFF8 workbooks, Word documents, encrypted
// OOXML detection) survives any bytes: no crash, no leak, no unbounded memory, no hang.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "read/ole/ole_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return mamori::fuzz::ReadAs(mamori::read::Ole2Format(), "fuzz.xls", data, size);
}
