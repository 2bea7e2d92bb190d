// Rows of office documents (sheets, word-processor tables, paragraphs) turned into
// RecordSink calls, with the header row found per table. Shared by the xlsx, odf and docx
// readers; the CSV reader has its own rule for untyped text.
//
//   office::PartEmitter parts(sink, context.limits());
//   parts.Begin("Sheet1", /*tabular=*/true);
//   if (!parts.AddRow(row_number, cells)) return Ok();  // the sink asked to stop
//   if (!parts.End()) return Ok();
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "read/reader.h"

namespace mamori::read::office {

// What the source said the cell is; only text cells can be labels.
enum class CellKind : uint8_t { kText, kNumber, kDate, kBoolean };

struct RowCell {
  uint32_t column = 0;
  CellKind kind = CellKind::kText;
  std::string text;
};

// Appends `text` to `out` while `out` stays within `limit` bytes, cutting at a UTF-8
// character boundary. Returns false when something was cut.
bool AppendBounded(std::string& out, std::string_view text, uint64_t limit);

// A column label: text, short (at most 96 bytes), with a letter and at most two digits
// ("住所2" is a label, "2020/01/01" and "0312345678" are not).
bool LooksLikeLabel(const RowCell& cell);

// Which of a table's first non-empty rows (up to three) is its header row, or nullopt.
// The first row is the candidate, or the second when the first is a lone title cell above a
// wider row. The candidate is the header when all its cells are labels and the row after it
// is not: it holds at least one number, date or non-label text. A table whose data is all
// labels too (names only) gets no header: without a difference there is no evidence.
std::optional<size_t> FindHeaderRow(std::span<const std::vector<RowCell>> rows);

// Emits the parts of one file. Cell text is put in the form detectors match
// (decode::Normalize, NFKC) before anything else looks at it. Tabular parts hold back their first
// three non-empty rows until the header is decided; the header row is then given as Part::headers
// (indexed by column) and not as a record. Rows longer than Limits::max_record_bytes are cut with a
// warning. Not thread-safe; borrows `sink`, which must outlive it.
class PartEmitter {
 public:
  PartEmitter(RecordSink& sink, const Limits& limits) : sink_(sink), limits_(limits) {}

  // Starts a part; ends the open one first. Returns false when the sink asked to stop.
  bool Begin(std::string name, bool tabular);
  bool open() const { return open_; }
  // Adds the row numbered `index` (1-based within the part). Empty rows are dropped. Sorts
  // and consumes `cells` (left empty). Returns false when the sink asked to stop.
  bool AddRow(uint64_t index, std::vector<RowCell>& cells);
  // Ends the open part, if any. Returns false when the sink asked to stop.
  bool End();
  bool stopped() const { return stopped_; }

 private:
  bool Flush();
  bool Emit(uint64_t index, std::vector<RowCell>& cells);

  RecordSink& sink_;
  const Limits& limits_;
  std::string name_;
  std::vector<std::string> headers_;
  Part part_;
  bool open_ = false;
  bool begun_ = false;  // OnPartBegin sent
  bool stopped_ = false;
  bool cut_warned_ = false;
  std::vector<std::pair<uint64_t, std::vector<RowCell>>> held_;
  std::vector<Cell> cells_;
  std::string scratch_;
};

}  // namespace mamori::read::office
