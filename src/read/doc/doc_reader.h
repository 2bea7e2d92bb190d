// Word 97–2003 documents (.doc, .dot): the "WordDocument" stream of an OLE2 file, its File
// Information Block (FIB) and the piece table (CLX) in the "0Table" or "1Table" stream.
// Reached through the "ole2" format (read/ole/ole_format.h).
//
// The whole text of the document (main text, then footnotes, headers, comments and text
// boxes, in the order Word stores them) becomes non-tabular Parts named "" (every paragraph a
// Record with one Cell) and, between them, one tabular Part per table, "table 1", "table 2"
// …: each row a Record whose cells (ended by Word's cell mark, U+0007) keep their column,
// empty cells included, with the header row found as for .docx. Which paragraphs are in a
// table, and which mark ends a row, comes from the paragraph properties (PAPX: sprmPFInTable,
// sprmPFTtp); when those cannot be read, rows are split at the cell marks alone and stay in
// the text part. Field instructions (the hidden code of
// HYPERLINK, MERGEFIELD, ...) are left out, field results kept. An encrypted or obfuscated
// document (FIB fEncrypted) is protected (kPassword) with its content unknown. See
// doc/formats/doc.md.
#pragma once

#include "read/ole/compound_file.h"
#include "read/reader.h"

namespace mamori::read::doc {

// Reads the document whose "WordDocument" stream is `word_document`, an entry of `file`.
// Reports ReadInfo{"doc", "word97"} (or "word6" for Word 6/95, whose text is not read:
// kUnsupported after the protection check) before any record. kCorrupt for a FIB or piece
// table that does not fit its streams; kLimitExceeded when context.TimedOut().
Status ReadDocument(ole::CompoundFile& file, const ole::Entry& word_document, ReadContext& context,
                    RecordSink& sink);

}  // namespace mamori::read::doc
