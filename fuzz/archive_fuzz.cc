// Proves the archive reader survives any bytes: no crash, no leak, no unbounded memory, and
// every member it hands back is read to its end under the default limits.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "read/archive/archive_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return mamori::fuzz::ReadAs(mamori::read::ArchiveFormat(), "fuzz.bin", data, size);
}
