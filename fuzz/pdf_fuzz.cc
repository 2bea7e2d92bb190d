// Proves the PDF reader survives any bytes: poppler's parser, text extraction and
// attachment handling, behind our adapter, neither crash, leak nor throw; every attachment
// handed back is read to its end.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "read/pdf/pdf_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return mamori::fuzz::ReadAs(mamori::read::PdfFormat(), "fuzz.pdf", data, size);
}
