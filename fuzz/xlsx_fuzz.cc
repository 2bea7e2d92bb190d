// Proves that any bytes given to the xlsx reader end in a Status, never a crash, a hang or
// unbounded memory: ZIP directory, expansion limits, XML of every part, cell decoding.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "read/xlsx/xlsx_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return mamori::fuzz::ReadAs(mamori::read::XlsxFormat(), "fuzz.xlsx", data, size);
}
