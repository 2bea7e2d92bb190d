// Files in the OLE2 Compound File Binary container: Excel 97–2003 and 5/95 workbooks,
// Word 97–2003 documents, and OOXML packages encrypted with a password (Office 2007 and
// later save an encrypted .xlsx/.docx/.pptx as an OLE2 file with the streams
// "EncryptionInfo" and "EncryptedPackage"). Every one starts with the same eight magic
// bytes and only the directory, which may sit anywhere in the file, tells them apart; so
// one format, "ole2", opens the compound file (read/ole/compound_file.h) and dispatches on
// its root streams:
//
//   "EncryptionInfo" + "EncryptedPackage"  → Protection::kEncrypted, Error kEncrypted;
//                                            ReadInfo::format from the file's extension
//                                            ("xlsx", "docx", "pptx", ...; else "ooxml")
//   "Workbook" (BIFF8) or "Book" (BIFF5)    → xls::ReadWorkbook, format "xls"
//   "WordDocument"                          → doc::ReadDocument, format "doc"
//   anything else (PowerPoint, Outlook .msg, Thumbs.db, MSI)
//                                          → kUnsupported, format "ppt", "msg" or "ole2"
//
// A non-seekable input (a member of an archive) is read into memory within
// Limits::max_spool_bytes.
//
//   registry.Register(read::Ole2Format());
#pragma once

#include "read/reader.h"

namespace mamori::read {

// name "ole2"; sniff: SniffOle2; reader: the dispatcher above. One reader per thread.
const Format& Ole2Format();

// True when `head` starts with the OLE2 signature D0 CF 11 E0 A1 B1 1A E1. The path is not
// looked at: a workbook renamed .dat is still a workbook.
bool SniffOle2(ByteView head, std::string_view path);

}  // namespace mamori::read
