// Proves that any bytes given to the ODF (ods, odt) reader end in a Status, never a crash, a hang
// or unbounded memory: manifest, content.xml tables with repeated rows and columns, paragraphs.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "read/odf/odf_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mamori::fuzz::ReadAs(mamori::read::OdsFormat(), "fuzz.ods", data, size);
  return mamori::fuzz::ReadAs(mamori::read::OdtFormat(), "fuzz.odt", data, size);
}
