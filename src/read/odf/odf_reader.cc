// Reads META-INF/manifest.xml first (an encrypted content.xml is not XML at all), then
// streams content.xml. Repeated rows and columns (table:number-rows-repeated and
// number-columns-repeated, which LibreOffice uses for the million empty rows below the
// data) only advance the position when empty; a non-empty repeated row or cell is copied at
// most kMaxCopies times (a row: also at most kMaxRepeatedCells cells in all), so a hostile
// repeat count cannot make work.
#include <algorithm>
#include <charconv>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "read/odf/odf_format.h"
#include "read/office/table.h"
#include "read/office/xml_stream.h"
#include "read/xlsx/number_format.h"
#include "read/zip/zip_archive.h"

namespace mamori::read {
namespace {

using office::Attributes;
using office::CellKind;
using office::RowCell;

constexpr uint32_t kMaxCopies = 1024;
constexpr uint64_t kMaxRepeatedCells = 1 << 16;
constexpr uint32_t kTimeCheckRows = 1024;
constexpr uint64_t kMaxMimetypeBytes = 256;
constexpr uint64_t kMaxManifestEntries = 100000;
constexpr std::string_view kOdfMimePrefix = "application/vnd.oasis.opendocument.";

uint64_t Repeat(const Attributes& attributes, std::string_view name) {
  uint64_t count = 1;
  const std::string_view text = attributes.Get(name).value_or("1");
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (error != std::errc() || end != text.data() + text.size() || count == 0) return 1;
  return count;
}

class ManifestHandler final : public office::XmlHandler {
 public:
  bool OnStart(std::string_view name, const Attributes& attributes) override {
    if (name == "file-entry") {
      path_ = attributes.Get("full-path").value_or("");
    } else if (name == "encryption-data" && encrypted.size() < kMaxManifestEntries) {
      encrypted.insert(path_);
    }
    return true;
  }
  bool OnEnd(std::string_view) override { return true; }
  bool OnText(std::string_view) override { return true; }

  std::set<std::string, std::less<>> encrypted;

 private:
  std::string path_;
};

// content.xml: office:body holds tables and paragraphs. Tables inside table cells (rare,
// .odt) add their text to the outer cell.
class ContentHandler final : public office::XmlHandler {
 public:
  ContentHandler(office::PartEmitter& parts, ReadContext& context, RecordSink& sink)
      : parts_(parts), context_(context), sink_(sink) {}

  bool OnStart(std::string_view name, const Attributes& attributes) override {
    if (name == "table") {
      if (++table_depth_ == 1) {
        ++tables_;
        std::string table_name(attributes.Get("name").value_or(""));
        if (table_name.empty()) table_name = "table " + std::to_string(tables_);
        text_part_open_ = false;
        if (!parts_.Begin(std::move(table_name), /*tabular=*/true)) return false;
        row_ = 0;
      }
      return true;
    }
    if (table_depth_ == 1 && name == "table-row") {
      row_repeat_ = Repeat(attributes, "number-rows-repeated");
      cells_.clear();
      column_ = 0;
      row_bytes_ = 0;
      return true;
    }
    if (table_depth_ == 1 && (name == "table-cell" || name == "covered-table-cell")) {
      cell_repeat_ = Repeat(attributes, "number-columns-repeated");
      cell_text_.clear();
      paragraphs_in_cell_ = 0;
      cell_kind_ = CellKind::kText;
      const std::string_view type = attributes.Get("value-type").value_or("");
      if (type == "float" || type == "percentage" || type == "currency") {
        if (std::optional<std::string_view> value = attributes.Get("value")) {
          cell_kind_ = CellKind::kNumber;
          cell_value_ = xlsx::NumberText(*value);
        }
      } else if (type == "date") {
        if (std::optional<std::string_view> value = attributes.Get("date-value")) {
          cell_kind_ = CellKind::kDate;
          cell_value_ = std::string(value->substr(0, value->find('T')));
        }
      } else if (type == "boolean") {
        cell_kind_ = CellKind::kBoolean;
        cell_value_ = attributes.Get("boolean-value").value_or("") == "true" ? "TRUE" : "FALSE";
      }
      return true;
    }
    if (name == "p" || name == "h") {
      if (paragraph_depth_++ == 0) {
        if (table_depth_ > 0) {
          if (paragraphs_in_cell_++ > 0) Append("\n");
        } else {
          paragraph_.clear();
        }
      } else if (!(table_depth_ > 0 ? cell_text_ : paragraph_).empty()) {
        Append(" ");  // a frame's paragraph inside a paragraph
      }
      return true;
    }
    if (paragraph_depth_ > 0) {
      if (name == "s") {
        const uint64_t spaces = std::min<uint64_t>(Repeat(attributes, "c"), 64);
        Append(std::string(static_cast<size_t>(spaces), ' '));
      } else if (name == "tab") {
        Append("\t");
      } else if (name == "line-break") {
        Append("\n");
      }
    }
    return true;
  }

  bool OnEnd(std::string_view name) override {
    if (name == "table") {
      if (table_depth_ > 0 && --table_depth_ == 0) return parts_.End();
      return true;
    }
    if (table_depth_ == 1 && (name == "table-cell" || name == "covered-table-cell")) {
      EndCell();
      return true;
    }
    if (table_depth_ == 1 && name == "table-row") return EndRow();
    if ((name == "p" || name == "h") && paragraph_depth_ > 0) {
      if (--paragraph_depth_ == 0 && table_depth_ == 0) return EndParagraph();
    }
    return true;
  }

  bool OnText(std::string_view text) override {
    if (paragraph_depth_ > 0) Append(text);
    return true;
  }

  std::optional<Error> error;

 private:
  void Append(std::string_view text) {
    office::AppendBounded(table_depth_ > 0 ? cell_text_ : paragraph_, text,
                          context_.limits().max_record_bytes);
  }

  void EndCell() {
    const uint64_t repeat = cell_repeat_;
    std::string text = cell_kind_ == CellKind::kText ? std::move(cell_text_) : cell_value_;
    cell_text_.clear();
    if (!text.empty()) {
      const uint64_t copies = std::min<uint64_t>(repeat, kMaxCopies);
      for (uint64_t i = 0; i < copies; ++i) {
        row_bytes_ += text.size() + sizeof(RowCell);
        if (row_bytes_ > context_.limits().max_record_bytes + sizeof(RowCell)) {
          Warn("row " + std::to_string(row_ + 1) + ": longer than max_record_bytes, cut");
          break;
        }
        cells_.push_back(RowCell{static_cast<uint32_t>(std::min<uint64_t>(column_ + i, UINT32_MAX)),
                                 cell_kind_, text});
      }
    }
    column_ += repeat;
  }

  bool EndRow() {
    const uint64_t repeat = row_repeat_;
    if (cells_.empty()) {
      row_ += repeat;
      return true;
    }
    // Copies are bounded in cells too, so one short element cannot expand to a billion.
    const uint64_t copies = std::min<uint64_t>(
        {repeat, kMaxCopies, std::max<uint64_t>(1, kMaxRepeatedCells / cells_.size())});
    if (copies < repeat) {
      Warn("row " + std::to_string(row_ + 1) + ": repeated " + std::to_string(repeat) + " times, " +
           std::to_string(copies) + " read");
    }
    for (uint64_t i = 0; i < copies; ++i) {
      std::vector<RowCell> cells = cells_;
      if (!parts_.AddRow(row_ + i + 1, cells)) return false;
    }
    row_ += repeat;
    rows_since_check_ += static_cast<uint32_t>(copies);
    if (rows_since_check_ >= kTimeCheckRows) {
      rows_since_check_ = 0;
      if (context_.TimedOut()) {
        error = Error{ErrorCode::kLimitExceeded, "time limit per file reached"};
        return false;
      }
    }
    cells_.clear();
    return true;
  }

  bool EndParagraph() {
    ++paragraphs_;
    if (paragraph_.empty()) return true;
    if (!text_part_open_) {
      if (!parts_.Begin("", /*tabular=*/false)) return false;
      text_part_open_ = true;
    }
    std::vector<RowCell> cells;
    cells.push_back(RowCell{0, CellKind::kText, std::move(paragraph_)});
    paragraph_.clear();
    return parts_.AddRow(paragraphs_, cells);
  }

  void Warn(const std::string& message) {
    if (warned_) return;
    warned_ = true;
    sink_.OnWarning(Error{ErrorCode::kLimitExceeded, "content.xml " + message});
  }

  office::PartEmitter& parts_;
  ReadContext& context_;
  RecordSink& sink_;
  int table_depth_ = 0;
  int paragraph_depth_ = 0;
  uint64_t tables_ = 0;
  uint64_t row_ = 0;
  uint64_t row_repeat_ = 1;
  uint64_t cell_repeat_ = 1;
  uint64_t column_ = 0;
  uint64_t row_bytes_ = 0;
  uint64_t paragraphs_ = 0;
  uint32_t rows_since_check_ = 0;
  uint32_t paragraphs_in_cell_ = 0;
  CellKind cell_kind_ = CellKind::kText;
  std::string cell_value_;
  std::string cell_text_;
  std::string paragraph_;
  std::vector<RowCell> cells_;
  bool text_part_open_ = false;
  bool warned_ = false;
};

std::string FormatOfMimetype(std::string_view mimetype) {
  if (!mimetype.starts_with(kOdfMimePrefix)) return "odf";
  mimetype.remove_prefix(kOdfMimePrefix.size());
  if (mimetype.starts_with("spreadsheet")) return "ods";
  if (mimetype.starts_with("text")) return "odt";
  if (mimetype.starts_with("presentation")) return "odp";
  return "odf";
}

class OdfReader final : public Reader {
 public:
  Status Read(Input& input, ReadContext& context, RecordSink& sink) override {
    ReadInfo info;
    info.format = "odf";
    info.encoding = "utf-8";
    Result<std::unique_ptr<zip::ZipArchive>> opened = zip::ZipArchive::Open(input, context);
    if (!opened) {
      sink.OnInfo(info);
      return tl::unexpected(opened.error());
    }
    zip::ZipArchive& zip = **opened;
    if (const zip::Entry* entry = zip.Find("mimetype")) {
      Result<std::string> mimetype = zip.ReadMemberToString(*entry, kMaxMimetypeBytes);
      if (mimetype) info.format = FormatOfMimetype(*mimetype);
    }
    sink.OnInfo(info);

    if (const zip::Entry* entry = zip.Find("META-INF/manifest.xml")) {
      ManifestHandler manifest;
      if (Status parsed = office::ParseMember(zip, *entry, manifest); !parsed) return parsed;
      if (manifest.encrypted.contains("content.xml")) {
        info.protection = Protection::kPassword;
        sink.OnInfo(info);
        return MakeError(ErrorCode::kEncrypted, "document is password-encrypted; content unknown");
      }
    }
    const zip::Entry* content = zip.Find("content.xml");
    if (content == nullptr) return MakeError(ErrorCode::kCorrupt, "no content.xml");
    if (content->encrypted) {
      info.protection = Protection::kPassword;
      sink.OnInfo(info);
      return MakeError(ErrorCode::kEncrypted, "content.xml is ZIP-encrypted; content unknown");
    }
    office::PartEmitter emitter(sink, context.limits());
    ContentHandler handler(emitter, context, sink);
    Status parsed = office::ParseMember(zip, *content, handler);
    if (emitter.stopped()) return Ok();
    if (handler.error) return tl::unexpected(*handler.error);
    emitter.End();
    return parsed;
  }
};

std::unique_ptr<Reader> MakeOdfReader() { return std::make_unique<OdfReader>(); }

// ODF requires "mimetype" as the first member, stored and without an extra field, so its
// content sits at offset 38; other writers may add an extra field, which is skipped.
bool SniffOdf(ByteView head, std::string_view kind) {
  constexpr size_t kNameAt = 30;
  constexpr std::string_view kName = "mimetype";
  if (!StartsWith(head, ByteView("PK\x03\x04", 4)) || head.size() < kNameAt + kName.size()) {
    return false;
  }
  const auto byte = [&](size_t at) {
    return static_cast<size_t>(static_cast<unsigned char>(head[at]));
  };
  const size_t name_length = byte(26) | byte(27) << 8;
  const size_t extra_length = byte(28) | byte(29) << 8;
  if (name_length != kName.size() || head.substr(kNameAt, kName.size()) != kName) return false;
  const size_t data_at = kNameAt + name_length + extra_length;
  if (data_at >= head.size()) return false;
  const ByteView mime = head.substr(data_at);
  return mime.starts_with(kOdfMimePrefix) && mime.substr(kOdfMimePrefix.size()).starts_with(kind);
}

bool SniffOds(ByteView head, std::string_view) { return SniffOdf(head, "spreadsheet"); }
bool SniffOdt(ByteView head, std::string_view) { return SniffOdf(head, "text"); }

}  // namespace

const Format& OdsFormat() {
  static const Format format{"ods", SniffOds, MakeOdfReader};
  return format;
}

const Format& OdtFormat() {
  static const Format format{"odt", SniffOdt, MakeOdfReader};
  return format;
}

}  // namespace mamori::read
