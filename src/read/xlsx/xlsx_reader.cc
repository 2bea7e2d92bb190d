// Reads a workbook in the order its parts depend on each other, not in ZIP order:
// _rels/.rels → workbook (sheet names, date system) → workbook relationships → styles
// (which cell styles are dates) → shared strings (held in memory, bounded) → each worksheet
// streamed row by row. Excel writes sharedStrings.xml after the sheets, so the ZIP layer's
// random access is what lets the sheets be streamed once.
#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "read/office/opc.h"
#include "read/office/table.h"
#include "read/office/xml_stream.h"
#include "read/xlsx/number_format.h"
#include "read/xlsx/xlsx_format.h"
#include "read/zip/zip_archive.h"

namespace mamori::read {
namespace {

using office::Attributes;
using office::CellKind;
using office::RowCell;
using xlsx::NumberStyle;

// Small parts (workbook, styles) are read whole into a handler; this bounds their tables.
constexpr size_t kMaxStyles = 1 << 20;
constexpr size_t kMaxSheets = 1 << 16;
// Shared strings cost their bytes plus this much bookkeeping each, against max_spool_bytes.
constexpr uint64_t kStringOverheadBytes = sizeof(std::string);
constexpr uint32_t kTimeCheckRows = 1024;

template <class T>
bool ParseUnsigned(std::string_view text, T& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

bool Truthy(std::string_view value) { return value == "1" || value == "true"; }

// ---- workbook.xml -------------------------------------------------------------------------

struct SheetRef {
  std::string name;
  std::string relationship_id;
};

class WorkbookHandler final : public office::XmlHandler {
 public:
  bool OnStart(std::string_view name, const Attributes& attributes) override {
    if (name == "sheet" && sheets.size() < kMaxSheets) {
      sheets.push_back(SheetRef{std::string(attributes.Get("name").value_or("")),
                                std::string(attributes.GetPrefixed("id").value_or(""))});
    } else if (name == "workbookPr") {
      date1904 = Truthy(attributes.Get("date1904").value_or(""));
    }
    return true;
  }
  bool OnEnd(std::string_view) override { return true; }
  bool OnText(std::string_view) override { return true; }

  std::vector<SheetRef> sheets;
  bool date1904 = false;
};

// ---- styles.xml ---------------------------------------------------------------------------

class StylesHandler final : public office::XmlHandler {
 public:
  bool OnStart(std::string_view name, const Attributes& attributes) override {
    if (name == "numFmt") {
      uint32_t id = 0;
      if (ParseUnsigned(attributes.Get("numFmtId").value_or(""), id) &&
          custom_.size() < kMaxStyles) {
        custom_.emplace_back(id,
                             xlsx::StyleOfFormatCode(attributes.Get("formatCode").value_or("")));
      }
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_ && format_ids_.size() < kMaxStyles) {
      uint32_t id = 0;
      format_ids_.push_back(ParseUnsigned(attributes.Get("numFmtId").value_or("0"), id) ? id : 0);
    }
    return true;
  }
  bool OnEnd(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
    return true;
  }
  bool OnText(std::string_view) override { return true; }

  // The number style of each cell style index (the s attribute of a cell).
  std::vector<NumberStyle> Resolve() const {
    std::vector<NumberStyle> styles;
    styles.reserve(format_ids_.size());
    for (const uint32_t id : format_ids_) {
      NumberStyle style;
      if (xlsx::IsBuiltinDateFormat(id)) style.kind = xlsx::NumberKind::kDate;
      // A custom code may redefine a built-in id; the last definition wins, as in Excel.
      for (const auto& [custom_id, custom_style] : custom_) {
        if (custom_id == id) style = custom_style;
      }
      styles.push_back(style);
    }
    return styles;
  }

 private:
  bool in_cell_xfs_ = false;
  std::vector<std::pair<uint32_t, NumberStyle>> custom_;
  std::vector<uint32_t> format_ids_;
};

// ---- sharedStrings.xml --------------------------------------------------------------------

// Collects <si> items: the text of <t> elements, rich-text runs joined, phonetic runs
// (<rPh>, furigana) left out because they are not what the cell shows.
class SharedStringsHandler final : public office::XmlHandler {
 public:
  SharedStringsHandler(const Limits& limits, std::vector<std::string>& strings)
      : limits_(limits), strings_(strings) {}

  bool OnStart(std::string_view name, const Attributes&) override {
    if (name == "si") {
      current_.clear();
      in_item_ = true;
    } else if (name == "t") {
      in_text_ = true;
    } else if (name == "rPh") {
      ++in_phonetic_;
    }
    return true;
  }
  bool OnEnd(std::string_view name) override {
    if (name == "t") {
      in_text_ = false;
    } else if (name == "rPh") {
      if (in_phonetic_ > 0) --in_phonetic_;
    } else if (name == "si" && in_item_) {
      in_item_ = false;
      held_bytes_ += current_.size() + kStringOverheadBytes;
      if (held_bytes_ > limits_.max_spool_bytes) {
        error = Error{ErrorCode::kLimitExceeded, "shared strings larger than max_spool_bytes (" +
                                                     std::to_string(limits_.max_spool_bytes) + ")"};
        return false;
      }
      strings_.push_back(current_);
    }
    return true;
  }
  bool OnText(std::string_view text) override {
    if (in_item_ && in_text_ && in_phonetic_ == 0) {
      office::AppendBounded(current_, text, limits_.max_record_bytes);
    }
    return true;
  }

  std::optional<Error> error;

 private:
  const Limits& limits_;
  std::vector<std::string>& strings_;
  std::string current_;
  uint64_t held_bytes_ = 0;
  bool in_item_ = false;
  bool in_text_ = false;
  int in_phonetic_ = 0;
};

// ---- worksheets ---------------------------------------------------------------------------

// "BC12" → column 54 (0-based); nullopt when the reference has no letters or more than three.
std::optional<uint32_t> ColumnOfReference(std::string_view reference) {
  uint32_t column = 0;
  size_t letters = 0;
  for (const char c : reference) {
    if (c >= 'A' && c <= 'Z') {
      column = column * 26 + static_cast<uint32_t>(c - 'A' + 1);
    } else if (c >= 'a' && c <= 'z') {
      column = column * 26 + static_cast<uint32_t>(c - 'a' + 1);
    } else {
      break;
    }
    if (++letters > 3) return std::nullopt;
  }
  if (letters == 0) return std::nullopt;
  return column - 1;
}

struct WorkbookData {
  std::vector<std::string> shared_strings;
  std::vector<NumberStyle> styles;
  bool date1904 = false;
};

// Streams one worksheet's <sheetData>: <row r> of <c r t s> holding <v> or <is>. Missing r
// attributes continue from the previous row or cell, as Excel itself reads them.
class SheetHandler final : public office::XmlHandler {
 public:
  SheetHandler(const WorkbookData& workbook, office::PartEmitter& parts, ReadContext& context,
               RecordSink& sink, std::string_view sheet)
      : workbook_(workbook), parts_(parts), context_(context), sink_(sink), sheet_(sheet) {}

  bool OnStart(std::string_view name, const Attributes& attributes) override {
    if (name == "row") {
      uint64_t number = 0;
      row_ = ParseUnsigned(attributes.Get("r").value_or(""), number) && number > row_ ? number
                                                                                      : row_ + 1;
      next_column_ = 0;
      row_bytes_ = 0;
      cells_.clear();
      in_row_ = true;
    } else if (name == "c" && in_row_) {
      const std::optional<uint32_t> column = ColumnOfReference(attributes.Get("r").value_or(""));
      column_ = column.value_or(next_column_);
      next_column_ = column_ + 1;
      type_ = attributes.Get("t").value_or("n");
      uint32_t style = 0;
      style_ = ParseUnsigned(attributes.Get("s").value_or(""), style) ? style : 0;
      text_.clear();
      in_cell_ = true;
    } else if (in_cell_) {
      if (name == "v") {
        in_value_ = true;
      } else if (name == "t") {
        in_text_ = true;
      } else if (name == "rPh") {
        ++in_phonetic_;
      }
    }
    return true;
  }

  bool OnEnd(std::string_view name) override {
    if (name == "v") {
      in_value_ = false;
    } else if (name == "t") {
      in_text_ = false;
    } else if (name == "rPh") {
      if (in_phonetic_ > 0) --in_phonetic_;
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      EndCell();
    } else if (name == "row" && in_row_) {
      in_row_ = false;
      if (++rows_since_check_ >= kTimeCheckRows) {
        rows_since_check_ = 0;
        if (context_.TimedOut()) {
          error = Error{ErrorCode::kLimitExceeded, "time limit per file reached"};
          return false;
        }
      }
      return parts_.AddRow(row_, cells_);
    }
    return true;
  }

  bool OnText(std::string_view text) override {
    const bool wanted = type_ == "inlineStr" ? in_text_ && in_phonetic_ == 0 : in_value_;
    if (in_cell_ && wanted) {
      office::AppendBounded(text_, text, context_.limits().max_record_bytes);
    }
    return true;
  }

  std::optional<Error> error;

 private:
  void EndCell() {
    RowCell cell;
    cell.column = column_;
    if (type_ == "s") {
      size_t index = 0;
      if (!ParseUnsigned(std::string_view(text_), index) ||
          index >= workbook_.shared_strings.size()) {
        if (!text_.empty() && !bad_index_warned_) {
          sink_.OnWarning(Error{ErrorCode::kCorrupt, "sheet '" + std::string(sheet_) +
                                                         "': shared string index out of range"});
          bad_index_warned_ = true;
        }
        return;
      }
      cell.text = workbook_.shared_strings[index];
    } else if (type_ == "inlineStr" || type_ == "str") {
      cell.text = std::move(text_);
    } else if (type_ == "b") {
      cell.kind = CellKind::kBoolean;
      cell.text = text_ == "1" ? "TRUE" : text_.empty() ? "" : "FALSE";
    } else if (type_ == "d") {
      cell.kind = CellKind::kDate;
      cell.text = text_.substr(0, text_.find('T'));
    } else if (type_ == "e") {
      return;
    } else {
      if (text_.empty()) return;
      const NumberStyle style =
          style_ < workbook_.styles.size() ? workbook_.styles[style_] : NumberStyle{};
      bool is_date = false;
      cell.text = xlsx::StyledNumberText(text_, style, workbook_.date1904, is_date);
      cell.kind = is_date ? CellKind::kDate : CellKind::kNumber;
    }
    text_.clear();
    if (cell.text.empty()) return;
    // A row of millions of cells is cut at max_record_bytes here, before it is held.
    row_bytes_ += cell.text.size() + sizeof(RowCell);
    if (row_bytes_ > context_.limits().max_record_bytes + sizeof(RowCell)) {
      if (!row_cut_warned_) {
        sink_.OnWarning(Error{ErrorCode::kLimitExceeded,
                              "sheet '" + std::string(sheet_) + "' row " + std::to_string(row_) +
                                  ": longer than max_record_bytes, cut"});
        row_cut_warned_ = true;
      }
      return;
    }
    cells_.push_back(std::move(cell));
  }

  const WorkbookData& workbook_;
  office::PartEmitter& parts_;
  ReadContext& context_;
  RecordSink& sink_;
  std::string_view sheet_;
  uint64_t row_ = 0;
  uint32_t column_ = 0;
  uint32_t next_column_ = 0;
  uint32_t style_ = 0;
  uint64_t row_bytes_ = 0;
  uint32_t rows_since_check_ = 0;
  std::string type_;
  std::string text_;
  std::vector<RowCell> cells_;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_value_ = false;
  bool in_text_ = false;
  int in_phonetic_ = 0;
  bool bad_index_warned_ = false;
  bool row_cut_warned_ = false;
};

// ---- the reader ---------------------------------------------------------------------------

const office::Relationship* FindRelationship(const std::vector<office::Relationship>& list,
                                             std::string_view kind) {
  for (const office::Relationship& relationship : list) {
    if (office::TypeIs(relationship, kind)) return &relationship;
  }
  return nullptr;
}

bool IsStop(const Error& error) {
  return EndsContainer(error) || error.code == ErrorCode::kEncrypted ||
         error.code == ErrorCode::kIo || error.code == ErrorCode::kPermissionDenied;
}

class XlsxReader final : public Reader {
 public:
  Status Read(Input& input, ReadContext& context, RecordSink& sink) override {
    ReadInfo info;
    info.format = "xlsx";
    info.encoding = "utf-8";
    sink.OnInfo(info);
    Result<std::unique_ptr<zip::ZipArchive>> opened = zip::ZipArchive::Open(input, context);
    if (!opened) return tl::unexpected(opened.error());
    zip::ZipArchive& zip = **opened;
    if (zip.AnyEncrypted()) {
      info.protection = Protection::kPassword;
      sink.OnInfo(info);
      return MakeError(ErrorCode::kEncrypted, "workbook parts are ZIP-encrypted; content unknown");
    }
    if (zip.Find("xl/vbaProject.bin") != nullptr) {
      info.format = "xlsm";
      sink.OnInfo(info);
    }

    Result<std::vector<office::Relationship>> package = office::ReadRelationships(zip, "");
    if (!package) return tl::unexpected(package.error());
    const office::Relationship* document = FindRelationship(*package, "officeDocument");
    const std::string workbook_part = document != nullptr ? document->target : "xl/workbook.xml";
    if (workbook_part.ends_with(".bin")) {
      return MakeError(ErrorCode::kUnsupported, "binary workbook (xlsb) is not read");
    }
    const zip::Entry* workbook_entry = zip.Find(workbook_part);
    if (workbook_entry == nullptr) {
      return MakeError(ErrorCode::kCorrupt, "no workbook part " + workbook_part);
    }
    WorkbookHandler workbook;
    if (Status parsed = office::ParseMember(zip, *workbook_entry, workbook); !parsed) {
      return parsed;
    }
    Result<std::vector<office::Relationship>> parts = office::ReadRelationships(zip, workbook_part);
    if (!parts) return tl::unexpected(parts.error());

    WorkbookData data;
    data.date1904 = workbook.date1904;
    const std::string folder = workbook_part.substr(0, workbook_part.rfind('/') + 1);
    const office::Relationship* styles = FindRelationship(*parts, "styles");
    if (const zip::Entry* entry =
            zip.Find(styles != nullptr ? styles->target : folder + "styles.xml")) {
      StylesHandler handler;
      if (Status parsed = office::ParseMember(zip, *entry, handler); !parsed) return parsed;
      data.styles = handler.Resolve();
    }
    const office::Relationship* strings = FindRelationship(*parts, "sharedStrings");
    if (const zip::Entry* entry =
            zip.Find(strings != nullptr ? strings->target : folder + "sharedStrings.xml")) {
      SharedStringsHandler handler(context.limits(), data.shared_strings);
      if (Status parsed = office::ParseMember(zip, *entry, handler); !parsed) return parsed;
      if (handler.error) return tl::unexpected(*handler.error);
    }

    // A broken sheet does not hide the others: it is reported once all are read. Limits,
    // encryption and I/O errors end the read at once.
    std::optional<Error> first_error;
    office::PartEmitter emitter(sink, context.limits());
    for (const SheetRef& sheet : workbook.sheets) {
      const office::Relationship* target = nullptr;
      for (const office::Relationship& relationship : *parts) {
        if (relationship.id == sheet.relationship_id) target = &relationship;
      }
      if (target == nullptr || !office::TypeIs(*target, "worksheet")) continue;
      const zip::Entry* entry = zip.Find(target->target);
      if (entry == nullptr) {
        if (!first_error) {
          first_error =
              Error{ErrorCode::kCorrupt, "sheet '" + sheet.name + "': no part " + target->target};
        }
        continue;
      }
      emitter.Begin(sheet.name, /*tabular=*/true);
      SheetHandler handler(data, emitter, context, sink, sheet.name);
      Status parsed = office::ParseMember(zip, *entry, handler);
      if (emitter.stopped()) return Ok();
      if (handler.error) return tl::unexpected(*handler.error);
      if (!emitter.End()) return Ok();
      if (!parsed) {
        if (IsStop(parsed.error())) return parsed;
        if (!first_error) first_error = parsed.error();
      }
    }
    if (first_error) return tl::unexpected(*first_error);
    return Ok();
  }
};

std::unique_ptr<Reader> MakeXlsxReader() { return std::make_unique<XlsxReader>(); }

bool HasSuffixNoCase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = text[text.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

uint32_t Le16(ByteView bytes, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 8;
}

uint32_t Le32(ByteView bytes, size_t at) { return Le16(bytes, at) | Le16(bytes, at + 2) << 16; }

bool SniffXlsx(ByteView head, std::string_view path) {
  if (SniffOoxmlPackage(head, "xl/")) return true;
  // The parts may follow a large stored member; the extension then settles a package.
  return SniffOoxmlPackage(head, "[Content_Types].xml") &&
         (HasSuffixNoCase(path, ".xlsx") || HasSuffixNoCase(path, ".xlsm") ||
          HasSuffixNoCase(path, ".xltx") || HasSuffixNoCase(path, ".xltm"));
}

}  // namespace

bool SniffOoxmlPackage(ByteView head, std::string_view prefix) {
  constexpr size_t kLocalHeaderBytes = 30;
  constexpr ByteView kSignature("PK\x03\x04", 4);
  if (!StartsWith(head, kSignature)) return false;
  size_t at = 0;
  while (at + kLocalHeaderBytes <= head.size()) {
    const uint32_t flags = Le16(head, at + 6);
    const uint32_t compressed = Le32(head, at + 18);
    const size_t name_length = Le16(head, at + 26);
    const size_t extra_length = Le16(head, at + 28);
    const size_t name_at = at + kLocalHeaderBytes;
    if (name_at + name_length > head.size()) return false;
    if (head.substr(name_at, name_length).starts_with(prefix)) return true;
    const size_t data_at = name_at + name_length + extra_length;
    size_t next = std::string_view::npos;
    // With a data descriptor (flag bit 3) the sizes follow the data: find the next header.
    if ((flags & 0x08) == 0 && compressed != 0xFFFFFFFF) {
      next = data_at + compressed;
      if (next + kSignature.size() > head.size() || head.substr(next, 4) != kSignature) {
        next = std::string_view::npos;
      }
    }
    if (next == std::string_view::npos) {
      if (data_at >= head.size()) return false;
      next = head.find(kSignature, data_at);
    }
    if (next == std::string_view::npos || next <= at) return false;
    at = next;
  }
  return false;
}

const Format& XlsxFormat() {
  static const Format format{"xlsx", SniffXlsx, MakeXlsxReader};
  return format;
}

}  // namespace mamori::read
