// Archives and compressed files read through libarchive: ZIP (traditional PKWARE and WinZip
// AES encryption detected per entry), 7z (encrypted data or headers), TAR, CAB, RAR, and
// single-stream GZ/BZ2/XZ. LZH/LHA has its own reader (read/lzh/lzh_format.h), registered
// before this one; libarchive would still read an LZH file handed to it directly. Every member is
// handed back to the scanner through ReadContext::ReadNested as "archive!/member"; the archive's
// own result says its format and whether any of it is protected.
//
// Bounds: members per archive (Limits::max_entries), bytes expanded per top-level file
// (ChargeExpandedBytes), expansion ratio against the compressed bytes consumed, nesting
// depth (the scanner). A non-seekable archive (a member of another) is spooled into
// memory within Limits::max_spool_bytes.
#pragma once

#include "read/reader.h"

namespace mamori::read {

const Format& ArchiveFormat();

// True for the magic bytes of the archive and compression formats above. ZIP files that
// are OOXML or ODF documents are claimed by their own formats, registered before this one.
bool SniffArchive(ByteView head, std::string_view path);

}  // namespace mamori::read
