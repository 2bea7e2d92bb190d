// PDF documents read through poppler-cpp: the text of every page, one Record per line, and
// files attached to the document (/EmbeddedFiles) handed back to the scanner as members
// ("report.pdf!/list.xlsx"). See doc/formats/pdf.md for what is extracted and the limits.
//
// Each page is a Part named "page N" (1-based, tabular = false); each non-empty line of the
// page's text in poppler's physical layout (table rows stay on one line, cells separated by
// spaces) is a Record whose index is the line number within the page and whose one Cell
// (column 0) is the line in NFKC form.
//
// Protection. An open (user) password: poppler cannot decrypt the content, so ReadInfo says
// Protection::kPassword and Read() returns ErrorCode::kEncrypted (content unknown). Owner-only
// restrictions (a PDF that opens without a password but forbids printing or copying) protect
// nothing: the content is encrypted with a key any reader derives from the file alone, so
// such a PDF is read in full and reported as Protection::kNone.
//
// The whole file is held in memory while it is read (poppler needs random access): files and
// members larger than Limits::max_spool_bytes give kLimitExceeded.
//
//   registry.Register(read::PdfFormat());
#pragma once

#include <string_view>

#include "read/reader.h"

namespace mamori::read {

// name "pdf"; sniff: SniffPdf; reader: PdfReader (one per thread). ReadInfo::format "pdf",
// ReadInfo::encoding "utf-8" (what poppler hands over).
const Format& PdfFormat();

// True when "%PDF-" occurs within the first 1024 bytes of `head`: PDF readers accept garbage
// before the header, and mail gateways and scanners sometimes prepend some.
bool SniffPdf(ByteView head, std::string_view path);

// How a PDF's /Encrypt dictionary, if any, restricts it; what the reader reports as
// protection is derived from this (kUserPassword → kPassword, the others → kNone).
enum class PdfSecurity : uint8_t {
  kNone,          // no /Encrypt
  kOwnerOnly,     // encrypted with an empty open password: restrictions only, content readable
  kUserPassword,  // an open password is needed: content unknown
};

// Opens `bytes` with poppler and says how it is secured, or kCorrupt when poppler cannot
// open it at all. Never throws. Thread-safe (each call has its own poppler document).
Result<PdfSecurity> InspectPdfSecurity(ByteView bytes);

}  // namespace mamori::read
