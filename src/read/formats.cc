// The one list of built-in formats (ClickHouse's FormatFactory style: explicit calls, no
// static registration). Order matters: Registry::Find() takes the first format whose
// sniff accepts a file, so formats recognised by magic bytes come first and "text", which
// accepts anything that is not binary, comes last.
#include "read/archive/archive_format.h"
#include "read/reader.h"
#include "read/text/text_format.h"

namespace mamori::read {

void RegisterBuiltinFormats(Registry& registry) {
  registry.Register(ArchiveFormat());
  registry.Register(TextFormat());  // last: the fallback for everything that is not binary
}

}  // namespace mamori::read
