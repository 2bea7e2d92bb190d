#include "read/xls/xls_reader.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "read/office/table.h"
#include "read/ole/compound_file.h"
#include "read/xlsx/number_format.h"

namespace mamori::read::xls {
namespace {

using ole::LoadU16;
using ole::LoadU32;

// Record types ([MS-XLS] 2.3; the same numbers in BIFF5 where the record exists there).
constexpr uint16_t kBof = 0x0809;
constexpr uint16_t kEof = 0x000A;
constexpr uint16_t kFilePass = 0x002F;
constexpr uint16_t kCodePage = 0x0042;
constexpr uint16_t kDateMode = 0x0022;
constexpr uint16_t kFormat = 0x041E;
constexpr uint16_t kXf = 0x00E0;
constexpr uint16_t kBoundSheet = 0x0085;
constexpr uint16_t kSst = 0x00FC;
constexpr uint16_t kContinue = 0x003C;
constexpr uint16_t kLabelSst = 0x00FD;
constexpr uint16_t kLabel = 0x0204;
constexpr uint16_t kRString = 0x00D6;
constexpr uint16_t kRk = 0x027E;
constexpr uint16_t kMulRk = 0x00BD;
constexpr uint16_t kNumber = 0x0203;
constexpr uint16_t kFormula = 0x0006;
constexpr uint16_t kString = 0x0207;
constexpr uint16_t kBoolErr = 0x0205;

constexpr uint16_t kBiff8 = 0x0600;
constexpr uint16_t kBiff5 = 0x0500;
constexpr uint16_t kGlobalsSubstream = 0x0005;
constexpr uint32_t kTimeCheckRecords = 4096;

tl::unexpected<Error> Corrupt(std::string what) {
  return MakeError(ErrorCode::kCorrupt, "xls: " + std::move(what));
}

struct BiffRecord {
  uint16_t type = 0;
  ByteView data;
};

// Walks the records of a BIFF stream. A record cut by the end of the stream stops the walk
// and sets truncated().
class RecordCursor {
 public:
  explicit RecordCursor(ByteView stream) : stream_(stream) {}

  bool Next(BiffRecord& record) {
    if (stream_.size() - position_ < 4) {
      truncated_ = position_ != stream_.size();
      return false;
    }
    const uint16_t length = LoadU16(stream_, position_ + 2);
    if (stream_.size() - position_ - 4 < length) {
      truncated_ = true;
      return false;
    }
    record.type = LoadU16(stream_, position_);
    record.data = stream_.substr(position_ + 4, length);
    position_ += 4 + size_t{length};
    return true;
  }

  // Appends the data of the CONTINUE records that follow to `segments`.
  void TakeContinues(std::vector<ByteView>& segments) {
    while (stream_.size() - position_ >= 4 && LoadU16(stream_, position_) == kContinue) {
      const uint16_t length = LoadU16(stream_, position_ + 2);
      if (stream_.size() - position_ - 4 < length) return;
      segments.push_back(stream_.substr(position_ + 4, length));
      position_ += 4 + size_t{length};
    }
  }

  void Seek(size_t position) { position_ = std::min(position, stream_.size()); }
  bool truncated() const { return truncated_; }

 private:
  ByteView stream_;
  size_t position_ = 0;
  bool truncated_ = false;
};

// Reads a record's data and the CONTINUE records after it as one byte sequence, except that
// the characters of a BIFF8 string split across a boundary are resumed with a fresh
// option-flags byte (the next segment may switch between 8- and 16-bit characters).
class Segments {
 public:
  explicit Segments(std::vector<ByteView> segments) : segments_(std::move(segments)) {}

  bool Read(size_t count, std::string* out) {
    while (count > 0) {
      if (index_ >= segments_.size()) return false;
      const ByteView segment = segments_[index_];
      const size_t take = std::min(count, segment.size() - position_);
      if (out) out->append(segment.substr(position_, take));
      position_ += take;
      count -= take;
      if (position_ == segment.size() && count > 0) NextSegment();
    }
    return true;
  }

  bool U8(uint8_t& value) {
    std::string bytes;
    if (!Read(1, &bytes)) return false;
    value = static_cast<uint8_t>(bytes[0]);
    return true;
  }
  bool U16(uint16_t& value) {
    std::string bytes;
    if (!Read(2, &bytes)) return false;
    value = LoadU16(bytes, 0);
    return true;
  }
  bool U32(uint32_t& value) {
    std::string bytes;
    if (!Read(4, &bytes)) return false;
    value = LoadU32(bytes, 0);
    return true;
  }
  bool Skip(uint64_t count) {
    while (count > 0) {
      if (index_ >= segments_.size()) return false;
      const size_t left = segments_[index_].size() - position_;
      const size_t take = static_cast<size_t>(std::min<uint64_t>(count, left));
      position_ += take;
      count -= take;
      if (count > 0) NextSegment();
    }
    return true;
  }

  // Reads `count` characters of a BIFF8 string body whose flags byte said `wide`; a
  // segment boundary inside the characters is followed by a new flags byte.
  bool Characters(size_t count, bool wide, std::u16string& out) {
    while (count > 0) {
      if (index_ < segments_.size() && position_ == segments_[index_].size()) {
        NextSegment();
        uint8_t flags = 0;
        if (!U8(flags)) return false;
        wide = (flags & 0x01) != 0;
      }
      if (index_ >= segments_.size()) return false;
      const ByteView segment = segments_[index_];
      const size_t width = wide ? 2 : 1;
      const size_t available = (segment.size() - position_) / width;
      if (available == 0) return false;  // half a 16-bit character before a boundary
      const size_t take = std::min(count, available);
      for (size_t i = 0; i < take; ++i) {
        out.push_back(wide ? static_cast<char16_t>(LoadU16(segment, position_ + 2 * i))
                           : static_cast<char16_t>(static_cast<uint8_t>(segment[position_ + i])));
      }
      position_ += take * width;
      count -= take;
    }
    return true;
  }

  bool at_end() {
    while (index_ < segments_.size() && position_ == segments_[index_].size()) NextSegment();
    return index_ >= segments_.size();
  }
  uint64_t remaining() const {
    uint64_t total = 0;
    for (size_t i = index_; i < segments_.size(); ++i) total += segments_[i].size();
    return total - position_;
  }

 private:
  void NextSegment() {
    ++index_;
    position_ = 0;
  }

  std::vector<ByteView> segments_;
  size_t index_ = 0;
  size_t position_ = 0;
};

void AppendUtf16(const std::u16string& units, std::string& out) {
  for (size_t i = 0; i < units.size(); ++i) {
    char32_t cp = units[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < units.size() && units[i + 1] >= 0xDC00 &&
        units[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (units[i + 1] - 0xDC00);
      ++i;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    AppendUtf8(cp, out);
  }
}

// A BIFF8 string (XLUnicodeRichExtendedString without its length): flags, optional rich-run
// count and phonetic size, characters, then the runs and phonetic data, which are skipped.
bool ReadBiff8Body(Segments& in, size_t count, std::string& out) {
  uint8_t flags = 0;
  if (!in.U8(flags)) return false;
  uint16_t runs = 0;
  uint32_t phonetic = 0;
  if ((flags & 0x08) != 0 && !in.U16(runs)) return false;
  if ((flags & 0x04) != 0 && !in.U32(phonetic)) return false;
  std::u16string units;
  units.reserve(count);
  if (!in.Characters(count, (flags & 0x01) != 0, units)) return false;
  AppendUtf16(units, out);
  return in.Skip(uint64_t{runs} * 4 + phonetic);
}

struct IcuConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};

// 8-bit text of BIFF5 workbooks in the workbook's code page.
class CodePage {
 public:
  // Opens the converter for Windows code page `number`; false when ICU has none.
  bool Open(uint16_t number) {
    UErrorCode error = U_ZERO_ERROR;
    std::string name = number == 932 ? "windows-31j" : "windows-" + std::to_string(number);
    if (number == 10000) name = "macintosh";
    if (number == 367) name = "US-ASCII";
    UConverter* converter = ucnv_open(name.c_str(), &error);
    if (U_FAILURE(error)) {
      error = U_ZERO_ERROR;
      converter = ucnv_open(("cp" + std::to_string(number)).c_str(), &error);
    }
    if (U_FAILURE(error) || converter == nullptr) return false;
    converter_.reset(converter);
    return true;
  }

  void Append(ByteView bytes, std::string& out) {
    if (!converter_) {
      for (const char c : bytes) AppendUtf8(static_cast<uint8_t>(c), out);
      return;
    }
    // Every code page here gives at most one UTF-16 unit per byte, plus a surrogate pair
    // at most per byte pair; twice the bytes is always enough.
    units_.resize(bytes.size() * 2 + 2);
    UErrorCode error = U_ZERO_ERROR;
    ucnv_reset(converter_.get());
    const int32_t length =
        ucnv_toUChars(converter_.get(), units_.data(), static_cast<int32_t>(units_.size()),
                      bytes.data(), static_cast<int32_t>(bytes.size()), &error);
    if (U_FAILURE(error) || length < 0) return;
    units_.resize(static_cast<size_t>(length));
    AppendUtf16(units_, out);
  }

 private:
  std::unique_ptr<UConverter, IcuConverterCloser> converter_;
  std::u16string units_;
};

// Where a cell's text comes from; the text itself is produced row by row, so a sheet costs
// memory in proportion to its records, not to the strings they point at.
enum class Source : uint8_t { kShared, kInline, kNumeric, kTrue, kFalse };

struct SheetCell {
  uint32_t row = 0;
  uint16_t column = 0;
  uint16_t xf = 0;
  Source source = Source::kNumeric;
  uint32_t length = 0;   // kInline: bytes in the sheet's text arena
  uint64_t payload = 0;  // kShared: SST index; kInline: arena offset; kNumber: IEEE bits
};

struct SheetInfo {
  uint32_t offset = 0;
  std::string name;
};

double RkValue(uint32_t rk) {
  double value = 0;
  if ((rk & 0x02) != 0) {
    value = static_cast<double>(static_cast<int32_t>(rk) >> 2);
  } else {
    const uint64_t bits = uint64_t{rk & 0xFFFFFFFCu} << 32;
    std::memcpy(&value, &bits, sizeof value);
  }
  return (rk & 0x01) != 0 ? value / 100 : value;
}

uint64_t Bits(double value) {
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

class WorkbookReader {
 public:
  WorkbookReader(ByteView stream, ReadContext& context, RecordSink& sink)
      : stream_(stream), context_(context), sink_(sink), parts_(sink, context.limits()) {}

  Status Read() {
    RecordCursor cursor(stream_);
    BiffRecord bof;
    if (!cursor.Next(bof) || bof.type != kBof || bof.data.size() < 4) {
      return Corrupt("stream does not start with a BOF record");
    }
    const uint16_t version = LoadU16(bof.data, 0);
    if (version != kBiff8 && version != kBiff5) {
      return MakeError(ErrorCode::kUnsupported, "xls: BIFF version " + std::to_string(version));
    }
    if (LoadU16(bof.data, 2) != kGlobalsSubstream) {
      return MakeError(ErrorCode::kUnsupported, "xls: no workbook globals");
    }
    biff8_ = version == kBiff8;
    info_.format = "xls";
    info_.encoding = biff8_ ? "biff8" : "biff5";
    // Japanese Excel 5/95 always writes CODEPAGE; a workbook without one is most likely
    // from the same offices.
    if (!biff8_) OpenCodePage(932);
    if (Status globals = ReadGlobals(cursor); !globals) {
      if (globals.error().code != ErrorCode::kEncrypted) sink_.OnInfo(info_);
      return globals;
    }
    sink_.OnInfo(info_);
    for (const SheetInfo& sheet : sheets_) {
      if (Status read = ReadSheet(sheet); !read) {
        parts_.End();
        return read;
      }
      if (parts_.stopped()) return Ok();
    }
    return Ok();
  }

 private:
  Status CheckTime() {
    if (++records_ % kTimeCheckRecords == 0 && context_.TimedOut()) {
      return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached");
    }
    return Ok();
  }

  Status ReadGlobals(RecordCursor& cursor) {
    BiffRecord record;
    while (cursor.Next(record)) {
      if (Status time = CheckTime(); !time) return time;
      const ByteView data = record.data;
      switch (record.type) {
        case kEof:
          return Ok();
        case kFilePass:
          return Encrypted(data);
        case kCodePage:
          if (data.size() >= 2) OpenCodePage(LoadU16(data, 0));
          break;
        case kDateMode:
          if (data.size() >= 2) date1904_ = LoadU16(data, 0) != 0;
          break;
        case kFormat:
          ReadFormat(data);
          break;
        case kXf:
          if (data.size() >= 4) xf_formats_.push_back(LoadU16(data, 2));
          break;
        case kBoundSheet:
          ReadBoundSheet(data);
          break;
        case kSst: {
          std::vector<ByteView> segments{data};
          cursor.TakeContinues(segments);
          ReadSst(std::move(segments));
          break;
        }
        default:
          break;
      }
    }
    return Corrupt("workbook globals end without an EOF record");
  }

  // BIFF8 FILEPASS names its method: 0 XOR obfuscation, 1 RC4 (major version 1) or RC4
  // CryptoAPI (2–4). BIFF5 knows only XOR.
  Status Encrypted(ByteView data) {
    info_.protection = Protection::kPassword;
    sink_.OnInfo(info_);
    std::string method = "XOR obfuscation";
    if (biff8_ && data.size() >= 2 && LoadU16(data, 0) == 1) {
      method =
          data.size() >= 4 && LoadU16(data, 2) >= 2 ? "RC4 CryptoAPI encryption" : "RC4 encryption";
    }
    return MakeError(ErrorCode::kEncrypted,
                     "xls: workbook protected by a password (" + method + "); content unknown");
  }

  void OpenCodePage(uint16_t number) {
    // 1200 is UTF-16, the code page BIFF8 declares; its 8-bit strings are Latin-1.
    if (biff8_ || number == 1200) return;
    if (!code_page_.Open(number)) {
      sink_.OnWarning(
          Error{ErrorCode::kUndecodable,
                "xls: unknown code page " + std::to_string(number) + "; read as Latin-1"});
    }
  }

  // A BIFF5 byte string: its bytes in the workbook's code page.
  void AppendBytes(ByteView bytes, std::string& out) { code_page_.Append(bytes, out); }

  // The text of a LABEL, RSTRING or STRING body starting at `data` (16-bit length first).
  bool ReadLongString(std::vector<ByteView> segments, std::string& out) {
    Segments in(std::move(segments));
    uint16_t count = 0;
    if (!in.U16(count)) return false;
    if (biff8_) return ReadBiff8Body(in, count, out);
    std::string bytes;
    if (!in.Read(count, &bytes)) return false;
    AppendBytes(bytes, out);
    return true;
  }

  void ReadFormat(ByteView data) {
    if (data.size() < 3) return;
    const uint16_t id = LoadU16(data, 0);
    std::string code;
    bool ok = false;
    if (biff8_) {
      ok = ReadLongString({data.substr(2)}, code);
    } else {
      const size_t count = static_cast<uint8_t>(data[2]);
      ok = data.size() >= 3 + count;
      if (ok) AppendBytes(data.substr(3, count), code);
    }
    if (ok) formats_[id] = xlsx::StyleOfFormatCode(code);
  }

  void ReadBoundSheet(ByteView data) {
    if (data.size() < 7) return;
    SheetInfo sheet;
    sheet.offset = LoadU32(data, 0);
    const uint8_t type = static_cast<uint8_t>(data[5]);
    const size_t count = static_cast<uint8_t>(data[6]);
    if (biff8_) {
      Segments in({data.substr(7)});
      if (!ReadBiff8Body(in, count, sheet.name)) return;
    } else {
      if (data.size() < 7 + count) return;
      AppendBytes(data.substr(7, count), sheet.name);
    }
    // 0 worksheet, 1 macro sheet: both hold cells. Charts (2) and VBA modules (6) do not.
    // Two entries for one substream would read it twice (and a crafted file could ask for
    // it thousands of times): only the first counts.
    if ((type == 0 || type == 1) && sheet_offsets_.insert(sheet.offset).second) {
      sheets_.push_back(std::move(sheet));
    }
  }

  // The shared string table. Its declared count is not trusted for allocation: every string
  // takes at least three bytes, which bounds the count by the data.
  void ReadSst(std::vector<ByteView> segments) {
    Segments in(std::move(segments));
    uint32_t total = 0;
    uint32_t unique = 0;
    if (!in.U32(total) || !in.U32(unique)) return;
    const uint64_t bound = std::min<uint64_t>(unique, in.remaining() / 3);
    sst_offsets_.clear();
    sst_text_.clear();
    sst_offsets_.reserve(static_cast<size_t>(bound) + 1);
    sst_offsets_.push_back(0);
    for (uint64_t i = 0; i < unique && !in.at_end(); ++i) {
      uint16_t count = 0;
      if (!in.U16(count) || !ReadBiff8Body(in, count, sst_text_)) {
        sink_.OnWarning(Error{ErrorCode::kCorrupt, "xls: shared string table cut short"});
        break;
      }
      sst_offsets_.push_back(sst_text_.size());
    }
  }

  std::string_view SharedString(uint64_t index) const {
    if (index + 1 >= sst_offsets_.size()) return {};
    return std::string_view(sst_text_).substr(sst_offsets_[index],
                                              sst_offsets_[index + 1] - sst_offsets_[index]);
  }

  void AddInline(uint16_t row, uint16_t column, uint16_t xf, std::string_view text) {
    if (text.empty()) return;
    SheetCell cell{row,          column, xf, Source::kInline, static_cast<uint32_t>(text.size()),
                   arena_.size()};
    arena_.append(text);
    AddCell(cell);
  }

  void AddNumber(uint16_t row, uint16_t column, uint16_t xf, double value) {
    AddCell(SheetCell{row, column, xf, Source::kNumeric, 0, Bits(value)});
  }

  void AddCell(const SheetCell& cell) {
    if (!cells_.empty()) {
      const SheetCell& last = cells_.back();
      if (cell.row < last.row || (cell.row == last.row && cell.column < last.column)) {
        sorted_ = false;
      }
    }
    cells_.push_back(cell);
  }

  // Collects the sheet's cells between its BOF and the matching EOF (embedded charts nest
  // their own BOF/EOF), then hands them over row by row.
  Status ReadSheet(const SheetInfo& sheet) {
    cells_.clear();
    arena_.clear();
    sorted_ = true;
    RecordCursor cursor(stream_);
    cursor.Seek(sheet.offset);
    BiffRecord record;
    if (!cursor.Next(record) || record.type != kBof) {
      sink_.OnWarning(Error{ErrorCode::kCorrupt, "xls: a sheet's position is not a BOF record"});
      return Ok();
    }
    int depth = 1;
    bool pending_string = false;
    uint16_t pending_row = 0;
    uint16_t pending_column = 0;
    uint16_t pending_xf = 0;
    std::string text;
    bool ended = false;
    while (!ended && cursor.Next(record)) {
      if (Status time = CheckTime(); !time) return time;
      const ByteView data = record.data;
      if (record.type == kBof) {
        ++depth;
        continue;
      }
      if (record.type == kEof) {
        ended = --depth == 0;
        continue;
      }
      if (depth != 1) continue;
      if (record.type == kString) {
        if (!pending_string) continue;
        pending_string = false;
        std::vector<ByteView> segments{data};
        cursor.TakeContinues(segments);
        text.clear();
        if (ReadLongString(std::move(segments), text)) {
          AddInline(pending_row, pending_column, pending_xf, text);
        }
        continue;
      }
      if (data.size() < 6) continue;
      const uint16_t row = LoadU16(data, 0);
      const uint16_t column = LoadU16(data, 2);
      const uint16_t xf = LoadU16(data, 4);
      switch (record.type) {
        case kLabelSst:
          if (data.size() >= 10) {
            AddCell(SheetCell{row, column, xf, Source::kShared, 0, LoadU32(data, 6)});
          }
          break;
        case kLabel:
        case kRString: {
          text.clear();
          if (ReadLongString({data.substr(6)}, text)) AddInline(row, column, xf, text);
          break;
        }
        case kNumber:
          if (data.size() >= 14) {
            double value = 0;
            const uint64_t bits = ole::LoadU64(data, 6);
            std::memcpy(&value, &bits, sizeof value);
            AddNumber(row, column, xf, value);
          }
          break;
        case kRk:
          if (data.size() >= 10) AddNumber(row, column, xf, RkValue(LoadU32(data, 6)));
          break;
        case kMulRk:
          // row, first column, then (xf, rk) pairs, then the last column.
          for (size_t at = 4, col = column; at + 6 <= data.size() - 2 && col <= 0xFFFF;
               at += 6, ++col) {
            AddNumber(row, static_cast<uint16_t>(col), LoadU16(data, at),
                      RkValue(LoadU32(data, at + 2)));
          }
          break;
        case kFormula:
          if (data.size() >= 14) {
            // The cached result: an IEEE number, or when its top two bytes are 0xFFFF, a
            // type byte: 0 string (in the STRING record that follows), 1 boolean, 2 error,
            // 3 empty string.
            if (LoadU16(data, 12) != 0xFFFF) {
              double value = 0;
              const uint64_t bits = ole::LoadU64(data, 6);
              std::memcpy(&value, &bits, sizeof value);
              AddNumber(row, column, xf, value);
            } else if (data[6] == 0) {
              pending_string = true;
              pending_row = row;
              pending_column = column;
              pending_xf = xf;
            } else if (data[6] == 1) {
              AddCell(
                  SheetCell{row, column, xf, data[8] != 0 ? Source::kTrue : Source::kFalse, 0, 0});
            }
          }
          break;
        case kBoolErr:
          if (data.size() >= 8 && data[7] == 0) {
            AddCell(
                SheetCell{row, column, xf, data[6] != 0 ? Source::kTrue : Source::kFalse, 0, 0});
          }
          break;
        default:
          break;
      }
    }
    const bool cut = !ended;
    if (Status emitted = EmitSheet(sheet.name); !emitted) return emitted;
    if (cut) return Corrupt("sheet ends without an EOF record (file truncated?)");
    return Ok();
  }

  std::string NumberText(double value, uint16_t xf, bool& is_date) const {
    char buffer[64];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    const std::string_view raw(buffer,
                               error == std::errc() ? static_cast<size_t>(end - buffer) : 0);
    xlsx::NumberStyle style;
    if (xf < xf_formats_.size()) {
      const uint16_t format = xf_formats_[xf];
      if (const auto custom = formats_.find(format); custom != formats_.end()) {
        style = custom->second;
      } else if (xlsx::IsBuiltinDateFormat(format)) {
        style.kind = xlsx::NumberKind::kDate;
      }
    }
    return xlsx::StyledNumberText(raw, style, date1904_, is_date);
  }

  Status EmitSheet(const std::string& name) {
    if (!sorted_) {
      std::stable_sort(cells_.begin(), cells_.end(), [](const SheetCell& a, const SheetCell& b) {
        return a.row != b.row ? a.row < b.row : a.column < b.column;
      });
    }
    if (!parts_.Begin(name, /*tabular=*/true)) return Ok();
    std::vector<office::RowCell> row;
    for (size_t i = 0; i < cells_.size();) {
      if (context_.TimedOut()) {
        parts_.End();
        return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached");
      }
      const uint32_t row_number = cells_[i].row;
      row.clear();
      for (; i < cells_.size() && cells_[i].row == row_number; ++i) {
        const SheetCell& cell = cells_[i];
        office::RowCell out;
        out.column = cell.column;
        switch (cell.source) {
          case Source::kShared:
            out.text = SharedString(cell.payload);
            break;
          case Source::kInline:
            out.text =
                std::string_view(arena_).substr(static_cast<size_t>(cell.payload), cell.length);
            break;
          case Source::kNumeric: {
            double value = 0;
            std::memcpy(&value, &cell.payload, sizeof value);
            bool is_date = false;
            out.text = NumberText(value, cell.xf, is_date);
            out.kind = is_date ? office::CellKind::kDate : office::CellKind::kNumber;
            break;
          }
          case Source::kTrue:
          case Source::kFalse:
            out.text = cell.source == Source::kTrue ? "TRUE" : "FALSE";
            out.kind = office::CellKind::kBoolean;
            break;
        }
        row.push_back(std::move(out));
      }
      if (!parts_.AddRow(uint64_t{row_number} + 1, row)) return Ok();
    }
    parts_.End();
    return Ok();
  }

  ByteView stream_;
  ReadContext& context_;
  RecordSink& sink_;
  office::PartEmitter parts_;
  ReadInfo info_;
  bool biff8_ = true;
  bool date1904_ = false;
  uint64_t records_ = 0;
  CodePage code_page_;
  std::map<uint16_t, xlsx::NumberStyle> formats_;
  std::vector<uint16_t> xf_formats_;
  std::vector<SheetInfo> sheets_;
  std::set<uint32_t> sheet_offsets_;
  std::string sst_text_;
  std::vector<size_t> sst_offsets_;
  std::vector<SheetCell> cells_;
  std::string arena_;
  bool sorted_ = true;
};

}  // namespace

Status ReadWorkbook(ByteView stream, ReadContext& context, RecordSink& sink) {
  WorkbookReader reader(stream, context, sink);
  return reader.Read();
}

}  // namespace mamori::read::xls
