// Microsoft Access databases read through mdbtools' libmdb: Jet 3 (.mdb, Access 97), Jet 4
// (.mdb, Access 2000–2003) and ACE (.accdb, Access 2007 and later). See
// doc/formats/access.md for what is extracted and the limits.
//
// Every user table (catalog objects of type table whose name does not start with "MSys") is
// a tabular Part named after the table, with the column names, NFKC, as Part::headers. Every
// row is a Record whose index is the row's 1-based position in the table scan (there is no
// header row in the data); every non-empty value of a text, memo, number, currency, date or
// GUID column is a Cell (column = the column's 0-based position). Dates are "YYYY-MM-DD".
// OLE objects, binary, attachment and yes/no columns are left out.
//
// Text is UTF-8. Jet 4 and ACE keep UTF-16 (UCS-2) text; Jet 3 keeps the creator's ANSI code
// page, taken from the database header (932, Shift_JIS, on Japanese Windows; CP1252 when
// the header names none that iconv knows).
//
// Protection. A Jet database password is no encryption: Access only checks it, and the data
// pages are readable without it. A database with one is reported as Protection::kPassword and
// read in full. Jet "encoding" (RC4 under a key stored in the header) is undone by libmdb and
// protects nothing: Protection::kNone. An ACE database with a password is encrypted with a
// key derived from it (Office CryptoAPI RC4 or AES): Protection::kEncrypted, and Read()
// returns ErrorCode::kEncrypted (content unknown).
//
// libmdb reads from memory (fmemopen), so no copy of the database is ever written to disk;
// the whole file is held in memory while it is read: files larger than
// Limits::max_spool_bytes give kLimitExceeded.
//
//   registry.Register(read::AccessFormat());
#pragma once

#include <cstdint>
#include <string_view>

#include "read/reader.h"

namespace mamori::read {

// name "access"; sniff: SniffAccess; reader: AccessReader (one per thread). ReadInfo::format
// "mdb" (Jet 3 and 4) or "accdb" (ACE); ReadInfo::encoding "utf-16le" (Jet 4, ACE) or the
// Jet 3 code page ("shift_jis", "cp1252", ...).
const Format& AccessFormat();

// True when bytes 4..18 of `head` are "Standard Jet DB" or "Standard ACE DB" (page 0 of
// every Jet 3, Jet 4 and ACE database).
bool SniffAccess(ByteView head, std::string_view path);

// What the database header page (page 0) says, after undoing its fixed RC4 mask.
struct AccessHeader {
  uint8_t jet_version = 0;    // 0 Jet 3, 1 Jet 4, 2.. ACE (2007, 2010, 2013, 2016, 2019)
  uint32_t page_size = 0;     // 2048 for Jet 3, 4096 otherwise
  uint16_t code_page = 0;     // the creator's ANSI code page (Jet 3 text is in it)
  uint16_t language = 0;      // sort order / locale id (0x0411 Japanese)
  bool has_password = false;  // a database password is set
  bool encoded = false;       // the encryption key field is set (Jet: RC4 encoding; ACE:
                              // Office encryption under the password)
};

// Parses page 0 from the first bytes of a database. Returns kCorrupt when `head` is shorter
// than the header, is not an Access database, or names an unknown Jet version.
Result<AccessHeader> ParseAccessHeader(ByteView head);

}  // namespace mamori::read
