#include "read/doc/doc_reader.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "read/office/table.h"

namespace mamori::read::doc {
namespace {

using ole::LoadU16;
using ole::LoadU32;

constexpr uint16_t kWordIdent = 0xA5EC;
constexpr uint16_t kFirstWord97Fib = 0x00C1;
constexpr uint16_t kEncryptedFlag = 0x0100;
constexpr uint16_t kTable1Flag = 0x0200;
constexpr uint16_t kObfuscatedFlag = 0x8000;
constexpr size_t kPapxPairIndex = 13;  // fcPlcfBtePapx/lcbPlcfBtePapx in FibRgFcLcb97
constexpr size_t kClxPairIndex = 33;   // fcClx/lcbClx in FibRgFcLcb97
constexpr size_t kFkpBytes = 512;
constexpr uint16_t kSprmPFInTable = 0x2416;
constexpr uint16_t kSprmPFTtp = 0x2417;
constexpr uint16_t kSprmTDefTable = 0xD608;
constexpr uint16_t kSprmPChgTabs = 0xC615;
constexpr size_t kMaxFieldDepth = 64;
constexpr size_t kTimeCheckPieces = 256;

tl::unexpected<Error> Corrupt(std::string what) {
  return MakeError(ErrorCode::kCorrupt, "doc: " + std::move(what));
}

// Windows-1252 at 0x80..0x9F; compressed pieces hold 8-bit text in that code page
// ([MS-DOC] 2.4.1), identical to Latin-1 elsewhere. Zero marks an unassigned byte.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// What a paragraph's properties (PAPX) say about tables: the paragraph is in a table cell
// (sprmPFInTable), and its mark ends a row (sprmPFTtp).
struct ParagraphTable {
  bool in_table = false;
  bool row_end = false;
};

// Paragraph runs by file offset (FC) from the PAPX FKPs, sorted; looked up at each mark.
struct PapxRun {
  uint32_t fc_begin = 0;
  uint32_t fc_end = 0;
  ParagraphTable table;
};

class ParagraphTables {
 public:
  ParagraphTables() = default;
  explicit ParagraphTables(std::vector<PapxRun> runs) : runs_(std::move(runs)) {}
  bool known() const { return !runs_.empty(); }
  // The properties of the paragraph holding the character at `fc`; none when unknown.
  ParagraphTable At(uint32_t fc) const {
    const auto it = std::upper_bound(runs_.begin(), runs_.end(), fc,
                                     [](uint32_t v, const PapxRun& run) { return v < run.fc_end; });
    if (it == runs_.end() || fc < it->fc_begin) return {};
    return it->table;
  }

 private:
  std::vector<PapxRun> runs_;
};

// Paragraph and cell marks: where the paragraph's properties are looked up.
bool IsMark(char32_t c) { return c == 0x0D || c == 0x07; }

// Turns the character stream of the pieces into records: paragraphs, and table rows made of
// cells. Word marks a cell's end with U+0007 and a row's end with one more U+0007 after its
// last cell. With the paragraph properties known, a table is its own tabular Part ("table N",
// header row found as for .docx): a mark in a table paragraph ends a cell, or the row when the
// paragraph is the row's end (TTP), and a paragraph mark inside a cell is a line break in it.
// Without them (no PAPX read), an empty cell looks like a row end, which splits that row in
// two, and the rows stay in the text part.
class TextSplitter {
 public:
  TextSplitter(office::PartEmitter& parts, const Limits& limits, RecordSink& sink)
      : parts_(parts), limits_(limits), sink_(sink) {}

  // Returns false once the sink asked to stop. `table` holds the properties of the paragraph
  // that `c` belongs to, or nullopt when they are not known.
  bool Add(char32_t c, std::optional<ParagraphTable> table) {
    if (c == 0x13) {  // field begin: its instruction follows
      if (fields_.size() < kMaxFieldDepth) {
        fields_.push_back(true);
      } else {
        ++too_deep_;
      }
      return true;
    }
    if (c == 0x14) {  // field separator: the result follows
      if (!fields_.empty()) fields_.back() = false;
      return true;
    }
    if (c == 0x15) {  // field end
      if (too_deep_ > 0) {
        --too_deep_;
      } else if (!fields_.empty()) {
        fields_.pop_back();
      }
      return true;
    }
    if (InInstruction()) return true;
    if (table && (c == 0x0D || c == 0x07)) return Mark(c, *table);
    switch (c) {
      case 0x0D:  // paragraph end
      case 0x0B:  // line break
      case 0x0C:  // page or section break
      case 0x0E:  // column break
        if (in_table_ && c != 0x0C) {
          Append(U'\n');
          return true;
        }
        return EndParagraph();
      case 0x07:
        return EndCell();
      case 0x09:
        Append(U'\t');
        return true;
      case 0x1E:  // non-breaking hyphen
        Append(U'-');
        return true;
      default:
        if (c >= 0x20) Append(c);
        return true;
    }
  }

  bool Finish() {
    if (!row_.empty()) {
      if (!text_.empty()) EndCell();
      return EmitRow();
    }
    return EndParagraph();
  }

 private:
  // A paragraph or cell mark whose paragraph properties are known.
  bool Mark(char32_t c, const ParagraphTable& table) {
    if (!table.in_table) {
      if (in_table_ && !EndTable()) return false;
      return EndParagraph();
    }
    if (!in_table_) {
      in_table_ = true;
      text_open_ = false;
      ++tables_;
      if (!parts_.Begin("table " + std::to_string(tables_), /*tabular=*/true)) return false;
    }
    if (c == 0x0D) {  // a cell's paragraph goes on: one cell, lines joined
      if (!text_.empty()) Append(U'\n');
      return true;
    }
    if (table.row_end) {
      text_.clear();
      return EmitRow();
    }
    while (!text_.empty() && text_.back() == '\n') text_.pop_back();
    office::RowCell cell;
    cell.column = column_++;
    cell.text = std::move(text_);
    text_.clear();
    row_.push_back(std::move(cell));
    return true;
  }

  bool EndTable() {
    in_table_ = false;
    if (!row_.empty() && !EmitRow()) return false;
    return parts_.End();
  }

  bool InInstruction() const {
    for (const bool instruction : fields_) {
      if (instruction) return true;
    }
    return false;
  }

  void Append(char32_t c) {
    if (text_.size() >= limits_.max_record_bytes) {
      if (!cut_warned_) {
        cut_warned_ = true;
        sink_.OnWarning(Error{ErrorCode::kLimitExceeded,
                              "doc: paragraph longer than --max-record-bytes was cut"});
      }
      return;
    }
    AppendUtf8(c, text_);
  }

  bool EndParagraph() {
    ++index_;
    if (text_.empty()) return true;
    if (!text_open_) {
      if (!parts_.Begin("", /*tabular=*/false)) return false;
      text_open_ = true;
    }
    std::vector<office::RowCell> cells(1);
    cells[0].text = std::move(text_);
    text_.clear();
    return parts_.AddRow(index_, cells);
  }

  bool EndCell() {
    if (text_.empty() && !row_.empty()) return EmitRow();
    office::RowCell cell;
    cell.column = static_cast<uint32_t>(row_.size());
    cell.text = std::move(text_);
    text_.clear();
    row_.push_back(std::move(cell));
    return true;
  }

  bool EmitRow() {
    ++index_;
    column_ = 0;
    if (!in_table_ && !text_open_) {
      if (!parts_.Begin("", /*tabular=*/false)) return false;
      text_open_ = true;
    }
    const bool more = parts_.AddRow(index_, row_);
    row_.clear();
    return more;
  }

  office::PartEmitter& parts_;
  const Limits& limits_;
  RecordSink& sink_;
  std::vector<bool> fields_;  // per open field: still in its instruction
  uint64_t too_deep_ = 0;     // fields nested beyond kMaxFieldDepth
  std::string text_;
  std::vector<office::RowCell> row_;
  uint64_t index_ = 0;
  uint64_t tables_ = 0;
  uint32_t column_ = 0;
  bool in_table_ = false;   // inside a table part (paragraph properties known)
  bool text_open_ = false;  // the text part "" is the open part
  bool cut_warned_ = false;
};

// FIB offsets: FibBase is 32 bytes, then csw 16-bit words, cslw 32-bit longs, and cbRgFcLcb
// (fc, lcb) pairs, each count preceded by itself. Returns pair `index` of FibRgFcLcb.
Result<std::pair<uint32_t, uint32_t>> FibPair(ByteView stream, size_t index) {
  size_t at = 0x20;
  if (stream.size() < at + 2) return Corrupt("FIB cut short");
  at += 2 + size_t{LoadU16(stream, at)} * 2;
  if (stream.size() < at + 2) return Corrupt("FIB cut short");
  at += 2 + size_t{LoadU16(stream, at)} * 4;
  if (stream.size() < at + 2) return Corrupt("FIB cut short");
  const uint16_t pairs = LoadU16(stream, at);
  at += 2;
  if (pairs <= index || stream.size() < at + (index + 1) * 8) {
    return Corrupt("FIB has no piece table location");
  }
  at += index * 8;
  return std::make_pair(LoadU32(stream, at), LoadU32(stream, at + 4));
}

// Size of a Prl's operand ([MS-DOC] 2.2.5.1: spra in the top three bits of the sprm), or
// nullopt where it cannot be told (a sprmPChgTabs with the long form).
std::optional<size_t> OperandSize(ByteView grpprl, size_t at, uint16_t sprm) {
  switch (sprm >> 13) {
    case 0:
    case 1:
      return 1;
    case 2:
    case 4:
    case 5:
      return 2;
    case 3:
      return 4;
    case 7:
      return 3;
    default:
      break;
  }
  if (sprm == kSprmTDefTable) {  // a 16-bit size, one more than the bytes that follow it
    if (grpprl.size() - at < 2) return std::nullopt;
    const uint16_t cb = LoadU16(grpprl, at);
    return cb == 0 ? std::nullopt : std::optional<size_t>(size_t{1} + cb);
  }
  if (at >= grpprl.size()) return std::nullopt;
  const auto cb = static_cast<uint8_t>(grpprl[at]);
  if (sprm == kSprmPChgTabs && cb == 255) return std::nullopt;
  return size_t{1} + cb;
}

// The table flags in one PAPX's list of properties (after its 2-byte style index).
ParagraphTable TableFlags(ByteView grpprl) {
  ParagraphTable table;
  size_t at = 2;
  while (grpprl.size() >= 2 && at <= grpprl.size() - 2) {
    const uint16_t sprm = LoadU16(grpprl, at);
    at += 2;
    const std::optional<size_t> size = OperandSize(grpprl, at, sprm);
    if (!size || *size > grpprl.size() - at) break;
    if (sprm == kSprmPFInTable) table.in_table = grpprl[at] != 0;
    if (sprm == kSprmPFTtp) table.row_end = grpprl[at] != 0;
    at += *size;
  }
  return table;
}

// Reads the paragraph runs of every PAPX FKP named by the PlcBtePapx ([MS-DOC] 2.8.6, 2.9.176):
// 512-byte pages of the WordDocument stream, each with crun + 1 FCs, crun BxPap whose first
// byte is the PAPX offset / 2, and crun in its last byte. Empty when anything does not fit:
// the caller then splits tables from the cell marks alone.
ParagraphTables ReadParagraphTables(ByteView word_document, ByteView table_stream) {
  const Result<std::pair<uint32_t, uint32_t>> at = FibPair(word_document, kPapxPairIndex);
  if (!at || at->first > table_stream.size() || at->second > table_stream.size() - at->first ||
      at->second < 4) {
    return {};
  }
  const ByteView plc = table_stream.substr(at->first, at->second);
  const size_t pages = (plc.size() - 4) / 8;
  std::vector<PapxRun> runs;
  bool any_table = false;
  for (size_t i = 0; i < pages; ++i) {
    const uint64_t pn = LoadU32(plc, 4 * (pages + 1) + 4 * i) & 0x3FFFFFu;
    if ((pn + 1) * kFkpBytes > word_document.size()) return {};
    const ByteView fkp = word_document.substr(static_cast<size_t>(pn * kFkpBytes), kFkpBytes);
    const size_t crun = static_cast<uint8_t>(fkp[kFkpBytes - 1]);
    if (4 * (crun + 1) + 13 * crun > kFkpBytes - 1) return {};
    for (size_t r = 0; r < crun; ++r) {
      PapxRun run;
      run.fc_begin = LoadU32(fkp, 4 * r);
      run.fc_end = LoadU32(fkp, 4 * (r + 1));
      if (run.fc_end <= run.fc_begin) return {};
      const size_t offset = size_t{static_cast<uint8_t>(fkp[4 * (crun + 1) + 13 * r])} * 2;
      if (offset != 0 && offset < kFkpBytes - 1) {
        size_t cb = static_cast<uint8_t>(fkp[offset]);
        size_t start = offset + 1;
        if (cb == 0) {
          cb = size_t{static_cast<uint8_t>(fkp[offset + 1])} * 2;
          start = offset + 2;
        } else {
          cb = cb * 2 - 1;
        }
        if (start + cb <= kFkpBytes - 1) run.table = TableFlags(fkp.substr(start, cb));
      }
      any_table |= run.table.in_table;
      runs.push_back(run);
    }
  }
  if (!any_table) return {};
  std::sort(runs.begin(), runs.end(),
            [](const PapxRun& a, const PapxRun& b) { return a.fc_end < b.fc_end; });
  for (size_t i = 1; i < runs.size(); ++i) {
    if (runs[i].fc_begin < runs[i - 1].fc_end) return {};  // overlapping runs: not trusted
  }
  return ParagraphTables(std::move(runs));
}

// The PlcPcd inside the CLX: Prc entries (formatting, skipped) come first, then one Pcdt.
Result<ByteView> PieceTable(ByteView clx) {
  size_t at = 0;
  while (at < clx.size()) {
    const uint8_t kind = static_cast<uint8_t>(clx[at]);
    if (kind == 0x01) {
      if (clx.size() - at < 3) break;
      at += 3 + size_t{LoadU16(clx, at + 1)};
    } else if (kind == 0x02) {
      if (clx.size() - at < 5) break;
      const uint32_t length = LoadU32(clx, at + 1);
      if (clx.size() - at - 5 < length) break;
      return clx.substr(at + 5, length);
    } else {
      break;
    }
  }
  return Corrupt("piece table not found in the CLX");
}

}  // namespace

Status ReadDocument(ole::CompoundFile& file, const ole::Entry& word_document, ReadContext& context,
                    RecordSink& sink) {
  ReadInfo info;
  info.format = "doc";
  Result<std::string> stream = file.ReadStream(word_document);
  if (!stream) {
    sink.OnInfo(info);
    return tl::unexpected(stream.error());
  }
  const ByteView fib(*stream);
  if (fib.size() < 0x20 || LoadU16(fib, 0) != kWordIdent) {
    sink.OnInfo(info);
    return Corrupt("WordDocument stream without a FIB");
  }
  const uint16_t version = LoadU16(fib, 2);
  const uint16_t flags = LoadU16(fib, 0x0A);
  info.encoding = version >= kFirstWord97Fib ? "word97" : "word6";
  if ((flags & kEncryptedFlag) != 0) {
    info.protection = Protection::kPassword;
    sink.OnInfo(info);
    return MakeError(ErrorCode::kEncrypted,
                     std::string("doc: document protected by a password (") +
                         ((flags & kObfuscatedFlag) != 0 ? "XOR obfuscation" : "RC4 encryption") +
                         "); content unknown");
  }
  sink.OnInfo(info);
  if (version < kFirstWord97Fib) {
    return MakeError(ErrorCode::kUnsupported, "doc: Word 6/95 text is not read");
  }

  Result<std::pair<uint32_t, uint32_t>> clx_at = FibPair(fib, kClxPairIndex);
  if (!clx_at) return tl::unexpected(clx_at.error());
  const ole::Entry* table_entry = file.Find((flags & kTable1Flag) != 0 ? "1Table" : "0Table");
  if (table_entry == nullptr) return Corrupt("table stream missing");
  Result<std::string> table = file.ReadStream(*table_entry);
  if (!table) return tl::unexpected(table.error());
  const auto [clx_offset, clx_length] = *clx_at;
  if (clx_offset > table->size() || clx_length > table->size() - clx_offset) {
    return Corrupt("CLX outside the table stream");
  }
  Result<ByteView> plc = PieceTable(ByteView(*table).substr(clx_offset, clx_length));
  if (!plc) return tl::unexpected(plc.error());
  // n pieces: n + 1 character positions (4 bytes), then n piece descriptors (8 bytes).
  if (plc->size() < 4) return Corrupt("empty piece table");
  const size_t pieces = (plc->size() - 4) / 12;

  const ParagraphTables paragraphs = ReadParagraphTables(fib, *table);
  // The properties of the paragraph holding the character at file offset `fc`, when known.
  const auto table_at = [&paragraphs](uint64_t fc) -> std::optional<ParagraphTable> {
    if (!paragraphs.known()) return std::nullopt;
    return paragraphs.At(static_cast<uint32_t>(fc));
  };
  office::PartEmitter parts(sink, context.limits());
  TextSplitter splitter(parts, context.limits(), sink);
  for (size_t i = 0; i < pieces; ++i) {
    if (i % kTimeCheckPieces == kTimeCheckPieces - 1 && context.TimedOut()) {
      parts.End();
      return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached");
    }
    const uint32_t start = LoadU32(*plc, 4 * i);
    const uint32_t end = LoadU32(*plc, 4 * (i + 1));
    if (end < start) {
      parts.End();
      return Corrupt("piece table out of order");
    }
    const uint32_t raw = LoadU32(*plc, 4 * (pieces + 1) + 8 * i + 2);
    const bool compressed = (raw & 0x40000000u) != 0;
    const uint64_t offset = compressed ? (raw & 0x3FFFFFFFu) / 2 : (raw & 0x3FFFFFFFu);
    const uint64_t bytes = uint64_t{end - start} * (compressed ? 1 : 2);
    if (offset > fib.size() || bytes > fib.size() - offset) {
      parts.End();
      return Corrupt("piece outside the WordDocument stream");
    }
    const ByteView piece = fib.substr(static_cast<size_t>(offset), static_cast<size_t>(bytes));
    if (compressed) {
      for (size_t at = 0; at < piece.size(); ++at) {
        const auto b = static_cast<uint8_t>(piece[at]);
        const char32_t c = b >= 0x80 && b < 0xA0 ? kCp1252High[b - 0x80] : b;
        if (c != 0 && !splitter.Add(c, IsMark(c) ? table_at(offset + at) : std::nullopt)) {
          return Ok();
        }
      }
    } else {
      for (size_t at = 0; at + 1 < piece.size(); at += 2) {
        char32_t c = LoadU16(piece, at);
        if (c >= 0xD800 && c <= 0xDBFF && at + 3 < piece.size()) {
          const char32_t low = LoadU16(piece, at + 2);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
            at += 2;
          }
        }
        if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
        if (!splitter.Add(c, IsMark(c) ? table_at(offset + at) : std::nullopt)) return Ok();
      }
    }
  }
  if (!splitter.Finish()) return Ok();
  parts.End();
  return Ok();
}

}  // namespace mamori::read::doc
