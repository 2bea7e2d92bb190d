// Excel workbooks in Office Open XML (.xlsx, .xlsm, .xltx): every worksheet is a tabular
// Part named after the sheet, every non-empty row a Record whose index is the sheet's row
// number, every non-empty cell a Cell whose column is the sheet's (A = 0). Shared and inline
// strings give their text (rich runs joined; phonetic guides, <rPh>, left out); numbers with
// a date format give "YYYY-MM-DD"; other whole numbers their digits; booleans TRUE/FALSE;
// error values are skipped. The header row of each sheet is found by office::FindHeaderRow.
// See doc/formats/xlsx.md for the limits.
//
//   registry.Register(read::XlsxFormat());
#pragma once

#include "read/reader.h"

namespace mamori::read {

// name "xlsx"; sniff: a ZIP whose local headers in the head name a member under "xl/";
// reader: XlsxReader. ReadInfo::format is "xlsx", or "xlsm" with a VBA project.
const Format& XlsxFormat();

// True when `head` starts a ZIP ("PK\3\4") whose first members include one under `prefix`
// ("xl/", "word/", "ppt/"). Compressed data is skipped, so names are only read from
// headers; a stored member bigger than the head hides the names after it.
bool SniffOoxmlPackage(ByteView head, std::string_view prefix);

}  // namespace mamori::read
