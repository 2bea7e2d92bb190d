// Proves the Access reader survives any bytes: our header checks and libmdb behind them
// neither crash nor leak, and nothing is printed (libmdb's page dumps are suppressed).
// libmdb is not hardened against hostile files; what this target finds inside it is
// guarded by pre-validation in the adapter or listed in doc/formats/access.md.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "read/access/access_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return mamori::fuzz::ReadAs(mamori::read::AccessFormat(), "fuzz.mdb", data, size);
}
