// Private to the read module: reading a whole input into memory, for formats whose
// directory sits at the end (ZIP, 7z, OLE2) or whose library wants one buffer (poppler,
// libmdb, GMime). Memory is bounded by Limits::max_spool_bytes, never by the input.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "read/reader.h"

namespace mamori::read::internal {

// Reads the rest of `input` into `out` (replacing its content). Returns kLimitExceeded,
// naming `what` ("PDF", "database"), as soon as more than `limit` bytes would be held.
Status SpoolInput(Input& input, uint64_t limit, std::string_view what, std::string& out);

}  // namespace mamori::read::internal
