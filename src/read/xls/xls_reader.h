// Excel 97–2003 workbooks (BIFF8, the "Workbook" stream of an OLE2 file) and Excel 5/95
// workbooks (BIFF5, the "Book" stream), read record by record. Reached through the "ole2"
// format (read/ole/ole_format.h), which opens the compound file and picks the stream.
//
// Every worksheet (and macro sheet) becomes a tabular Part named after the sheet, every
// non-empty row a Record whose index is the sheet's row number (row + 1), every non-empty
// cell a Cell whose column is the sheet's (A = 0). Shared strings (SST across CONTINUE
// records), LABEL, RSTRING and the cached string results of formulas give their text; BIFF5
// text is decoded from the workbook's CODEPAGE (CP932 through ICU's "windows-31j");
// numbers from NUMBER, RK, MULRK and formulas become "YYYY-MM-DD" under a date format
// (DATEMODE's 1904 system honoured) and whole numbers their digits; booleans TRUE/FALSE;
// error values are skipped. The header row is found by office::FindHeaderRow. A FILEPASS
// record makes the workbook protected (kPassword) with its content unknown. See
// doc/formats/xls.md.
#pragma once

#include "read/reader.h"

namespace mamori::read::xls {

// Reads the BIFF workbook held in `stream`. Reports ReadInfo{"xls", "biff8" | "biff5"}
// (with Protection::kPassword and ErrorCode::kEncrypted for a FILEPASS workbook) before any
// record. Returns kCorrupt for a stream that is not BIFF or is cut inside a record (rows
// delivered before the cut stay delivered), kLimitExceeded when context.TimedOut().
Status ReadWorkbook(ByteView stream, ReadContext& context, RecordSink& sink);

}  // namespace mamori::read::xls
