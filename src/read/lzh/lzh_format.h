// LZH/LHA archives (the 2015 attack's attachments) read through liblhasa, which handles the
// level-2 headers with CP932 names that jlha and Windows archivers write and libarchive 3.6
// rejects. Every regular member is handed back to the scanner through
// ReadContext::ReadNested as "archive.lzh!/dir/member", its name converted from CP932 to
// UTF-8 when it is not already UTF-8; directories (-lhd-) are skipped. LHA has no
// encryption, so the archive's protection is always none.
//
// Bounds, as for the libarchive formats: members per archive (Limits::max_entries), bytes
// expanded per top-level file (ChargeExpandedBytes), expansion ratio of a member against
// the compressed bytes it consumed, the time limit between members. LHA is a stream
// format, so a non-seekable archive (a member of another) is read without spooling.
#pragma once

#include <string_view>

#include "read/reader.h"

namespace mamori::read {

const Format& LzhFormat();

// True for an LHA level 0-2 header at offset 0: a plausible header length byte, then a
// method id "-lh?-", "-lz?-" or "-lhd-" at offset 2.
bool SniffLzh(ByteView head, std::string_view path);

}  // namespace mamori::read
