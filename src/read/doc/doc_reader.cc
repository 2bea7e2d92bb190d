#include "read/doc/doc_reader.h"

#include <string>
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
constexpr size_t kClxPairIndex = 33;  // fcClx/lcbClx in FibRgFcLcb97
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

// Turns the character stream of the pieces into records: paragraphs, and table rows made of
// cells. Word marks a cell's end with U+0007 and a row's end with one more U+0007 after its
// last cell; an empty cell therefore looks like a row end, which splits that row in two.
class TextSplitter {
 public:
  TextSplitter(office::PartEmitter& parts, const Limits& limits, RecordSink& sink)
      : parts_(parts), limits_(limits), sink_(sink) {}

  // Returns false once the sink asked to stop.
  bool Add(char32_t c) {
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
    switch (c) {
      case 0x0D:  // paragraph end
      case 0x0B:  // line break
      case 0x0C:  // page or section break
      case 0x0E:  // column break
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
  bool cut_warned_ = false;
};

// FIB offsets: FibBase is 32 bytes, then csw 16-bit words, cslw 32-bit longs, and cbRgFcLcb
// (fc, lcb) pairs, each count preceded by itself.
Result<std::pair<uint32_t, uint32_t>> ClxLocation(ByteView stream) {
  size_t at = 0x20;
  if (stream.size() < at + 2) return Corrupt("FIB cut short");
  at += 2 + size_t{LoadU16(stream, at)} * 2;
  if (stream.size() < at + 2) return Corrupt("FIB cut short");
  at += 2 + size_t{LoadU16(stream, at)} * 4;
  if (stream.size() < at + 2) return Corrupt("FIB cut short");
  const uint16_t pairs = LoadU16(stream, at);
  at += 2;
  if (pairs <= kClxPairIndex || stream.size() < at + (kClxPairIndex + 1) * 8) {
    return Corrupt("FIB has no piece table location");
  }
  at += kClxPairIndex * 8;
  return std::make_pair(LoadU32(stream, at), LoadU32(stream, at + 4));
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

  Result<std::pair<uint32_t, uint32_t>> clx_at = ClxLocation(fib);
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

  office::PartEmitter parts(sink, context.limits());
  parts.Begin("", /*tabular=*/false);
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
      for (const char byte : piece) {
        const auto b = static_cast<uint8_t>(byte);
        const char32_t c = b >= 0x80 && b < 0xA0 ? kCp1252High[b - 0x80] : b;
        if (c != 0 && !splitter.Add(c)) return Ok();
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
        if (!splitter.Add(c)) return Ok();
      }
    }
  }
  if (!splitter.Finish()) return Ok();
  parts.End();
  return Ok();
}

}  // namespace mamori::read::doc
