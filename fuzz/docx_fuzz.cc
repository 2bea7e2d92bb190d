// Proves that any bytes given to the docx and pptx reader end in a Status, never a crash, a hang or
// unbounded memory: relationships, document and slide XML, tables, nested paragraphs.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "read/docx/docx_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mamori::fuzz::ReadAs(mamori::read::DocxFormat(), "fuzz.docx", data, size);
  return mamori::fuzz::ReadAs(mamori::read::PptxFormat(), "fuzz.pptx", data, size);
}
