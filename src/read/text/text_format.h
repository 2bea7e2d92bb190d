// The "text" format: plain text, CSV and TSV in any encoding decode::DetectEncoding knows.
// It is registered last, since it accepts anything that is not binary.
//
// The reader streams the file in 256 KiB chunks through decode::StreamDecoder, so memory
// stays bounded whatever the file size (about a chunk, its decoded text and one record of
// at most Limits::max_record_bytes). From the first 64 KiB of text it decides between a
// table and plain text (csv::SniffDialect; a .csv or .tsv name lowers the bar), reports
// ReadInfo{"csv" | "tsv" | "text", encoding} (again, with the new encoding, when a head of
// pure ASCII turns out further in to be Shift_JIS, UTF-8 ...), and then emits one Part:
//   - a table: tabular, headers when csv::IsHeaderRow says the first record is one (the
//     header row is then not a Record); one Record per CSV record, Record::index its
//     1-based record number, one Cell per non-empty field with its 0-based column;
//   - text: not tabular, no headers; one Record per non-blank line, Record::index its
//     1-based line number, one Cell in column 0.
// Cells are NFKC-normalised after splitting (decode::Normalize).
//
// Errors: kUnsupported for binary content (normally refused by SniffText already);
// kUndecodable, after the records, when more than decode::kMaxInvalidRatio of the
// characters did not decode (fewer give an OnWarning); kLimitExceeded when
// ReadContext::TimedOut(); Input errors as they come. Records longer than
// Limits::max_record_bytes are cut with one OnWarning for the file.
#pragma once

#include <string_view>

#include "base/bytes.h"
#include "read/reader.h"

namespace mamori::read {

const Format& TextFormat();

// True when `head` is text in a supported encoding: not a known binary magic number (ZIP,
// OLE2, PDF, images, executables, archives, databases), and decode::DetectEncoding does
// not call it binary. An empty head (an empty file) is text.
bool SniffText(ByteView head, std::string_view path);

}  // namespace mamori::read
