// OpenDocument spreadsheets (.ods) and text documents (.odt), as LibreOffice writes them.
// content.xml is streamed: every table:table is a tabular Part named after the table, each
// non-empty row a Record whose index is the table's row number (repeated rows counted),
// each cell a Cell (float, percentage and currency cells by their exact office:value, date
// cells as YYYY-MM-DD, text cells by their paragraphs joined with '\n'). Paragraphs and
// headings outside tables (the body of an .odt) form text Parts named "", one Record per
// paragraph. An encrypted document (META-INF/manifest.xml lists encryption-data for
// content.xml) reports Protection::kPassword and returns kEncrypted. See doc/formats/ods.md.
//
//   registry.Register(read::OdsFormat());
//   registry.Register(read::OdtFormat());
#pragma once

#include "read/reader.h"

namespace mamori::read {

// name "ods"; sniff: "PK\3\4" with a first member "mimetype" whose stored content (at
// offset 38, after any extra field) starts "application/vnd.oasis.opendocument.spreadsheet"
// (templates too).
const Format& OdsFormat();

// name "odt"; sniff: as OdsFormat with "application/vnd.oasis.opendocument.text".
// Same reader; ReadInfo::format comes from the mimetype member, not from the sniff.
const Format& OdtFormat();

}  // namespace mamori::read
