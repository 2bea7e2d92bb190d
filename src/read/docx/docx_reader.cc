// WordprocessingML and PresentationML share DrawingML's shape for what matters here:
// paragraphs <p> of runs with text <t>, tables <tbl> of rows <tr> of cells <tc>. Matching on
// local names, one streaming handler reads both.
#include <charconv>
#include <memory>
#include <string>
#include <vector>

#include "read/docx/docx_format.h"
#include "read/office/opc.h"
#include "read/office/table.h"
#include "read/office/xml_stream.h"
#include "read/xlsx/xlsx_format.h"
#include "read/zip/zip_archive.h"

namespace mamori::read {
namespace {

using office::Attributes;
using office::CellKind;
using office::RowCell;

constexpr uint32_t kMaxSpan = 1024;
constexpr size_t kMaxSlides = 1 << 16;

class BodyHandler final : public office::XmlHandler {
 public:
  // Parts are named `prefix` (text) and `prefix` + "table N"; `paragraphs` numbers the
  // paragraphs across calls.
  BodyHandler(office::PartEmitter& parts, ReadContext& context, std::string prefix,
              std::string text_name)
      : parts_(parts),
        context_(context),
        prefix_(std::move(prefix)),
        text_name_(std::move(text_name)) {}

  bool OnStart(std::string_view name, const Attributes& attributes) override {
    if (skip_depth_ > 0 || name == "Fallback") {
      ++skip_depth_;  // mc:Fallback repeats the mc:Choice content (text boxes)
      return true;
    }
    if (name == "tbl") {
      if (++table_depth_ == 1) {
        ++tables_;
        text_open_ = false;
        row_ = 0;
        return parts_.Begin(prefix_ + "table " + std::to_string(tables_), /*tabular=*/true);
      }
      return true;
    }
    if (table_depth_ == 1 && name == "tr") {
      ++row_;
      column_ = 0;
      cells_.clear();
      return true;
    }
    if (table_depth_ == 1 && name == "tc") {
      cell_text_.clear();
      paragraphs_in_cell_ = 0;
      span_ = Span(attributes.Get("gridSpan"));
      return true;
    }
    if (table_depth_ == 1 && name == "gridSpan") {
      span_ = Span(attributes.Get("val"));
      return true;
    }
    if (name == "p") {
      if (paragraph_depth_++ == 0) {
        if (table_depth_ > 0) {
          if (paragraphs_in_cell_++ > 0) Append("\n");
        } else {
          paragraph_.clear();
        }
      } else if (!Target().empty()) {
        Append(" ");  // a text box's paragraph inside a paragraph
      }
      return true;
    }
    if (name == "t" || name == "delText") {
      in_text_ = true;
    } else if (name == "r") {
      ++run_depth_;
    } else if (name == "tabs") {
      ++tab_stops_depth_;
    } else if (name == "tab") {
      if (run_depth_ > 0 && tab_stops_depth_ == 0 && paragraph_depth_ > 0) Append("\t");
    } else if (name == "br" || name == "cr") {
      if (paragraph_depth_ > 0) Append("\n");
    }
    return true;
  }

  bool OnEnd(std::string_view name) override {
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    if (name == "t" || name == "delText") {
      in_text_ = false;
    } else if (name == "r") {
      if (run_depth_ > 0) --run_depth_;
    } else if (name == "tabs") {
      if (tab_stops_depth_ > 0) --tab_stops_depth_;
    } else if (name == "tbl") {
      if (table_depth_ > 0 && --table_depth_ == 0) return parts_.End();
    } else if (table_depth_ == 1 && name == "tc") {
      if (!cell_text_.empty()) {
        cells_.push_back(RowCell{column_, CellKind::kText, std::move(cell_text_)});
      }
      cell_text_.clear();
      column_ += span_;
    } else if (table_depth_ == 1 && name == "tr") {
      if (context_.TimedOut()) {
        error = Error{ErrorCode::kLimitExceeded, "time limit per file reached"};
        return false;
      }
      return parts_.AddRow(row_, cells_);
    } else if (name == "p" && paragraph_depth_ > 0) {
      if (--paragraph_depth_ == 0 && table_depth_ == 0) return EndParagraph();
    }
    return true;
  }

  bool OnText(std::string_view text) override {
    if (skip_depth_ == 0 && in_text_ && paragraph_depth_ > 0) Append(text);
    return true;
  }

  std::optional<Error> error;

 private:
  static uint32_t Span(std::optional<std::string_view> value) {
    uint32_t span = 1;
    if (!value) return 1;
    const auto [end, failure] = std::from_chars(value->data(), value->data() + value->size(), span);
    if (failure != std::errc() || end != value->data() + value->size() || span == 0) return 1;
    return std::min(span, kMaxSpan);
  }

  std::string& Target() { return table_depth_ > 0 ? cell_text_ : paragraph_; }

  void Append(std::string_view text) {
    office::AppendBounded(Target(), text, context_.limits().max_record_bytes);
  }

  bool EndParagraph() {
    ++paragraphs_;
    if (paragraph_.empty()) return true;
    if (!text_open_) {
      if (!parts_.Begin(text_name_, /*tabular=*/false)) return false;
      text_open_ = true;
    }
    std::vector<RowCell> cells;
    cells.push_back(RowCell{0, CellKind::kText, std::move(paragraph_)});
    paragraph_.clear();
    return parts_.AddRow(paragraphs_, cells);
  }

  office::PartEmitter& parts_;
  ReadContext& context_;
  std::string prefix_;
  std::string text_name_;
  int skip_depth_ = 0;
  int table_depth_ = 0;
  int paragraph_depth_ = 0;
  int run_depth_ = 0;
  int tab_stops_depth_ = 0;  // w:tabs/w:tab in paragraph properties are tab stops, not text
  uint32_t paragraphs_in_cell_ = 0;
  uint64_t tables_ = 0;
  uint64_t row_ = 0;
  uint64_t paragraphs_ = 0;
  uint32_t column_ = 0;
  uint32_t span_ = 1;
  std::string paragraph_;
  std::string cell_text_;
  std::vector<RowCell> cells_;
  bool in_text_ = false;
  bool text_open_ = false;
};

// presentation.xml: the slide list in show order (p:sldIdLst/p:sldId r:id).
class PresentationHandler final : public office::XmlHandler {
 public:
  bool OnStart(std::string_view name, const Attributes& attributes) override {
    if (name == "sldId" && slide_ids.size() < kMaxSlides) {
      slide_ids.emplace_back(attributes.GetPrefixed("id").value_or(""));
    }
    return true;
  }
  bool OnEnd(std::string_view) override { return true; }
  bool OnText(std::string_view) override { return true; }

  std::vector<std::string> slide_ids;
};

// Parses one body part; Ok(false) when the sink asked to stop.
Result<bool> ReadBody(zip::ZipArchive& zip, const zip::Entry& entry, office::PartEmitter& parts,
                      ReadContext& context, std::string prefix, std::string text_name) {
  BodyHandler handler(parts, context, std::move(prefix), std::move(text_name));
  Status parsed = office::ParseMember(zip, entry, handler);
  if (parts.stopped()) return false;
  if (handler.error) return tl::unexpected(*handler.error);
  if (!parsed) return tl::unexpected(parsed.error());
  return parts.End();
}

class DocxReader final : public Reader {
 public:
  Status Read(Input& input, ReadContext& context, RecordSink& sink) override {
    ReadInfo info;
    info.format = "docx";
    info.encoding = "utf-8";
    Result<std::unique_ptr<zip::ZipArchive>> opened = zip::ZipArchive::Open(input, context);
    if (!opened) {
      sink.OnInfo(info);
      return tl::unexpected(opened.error());
    }
    zip::ZipArchive& zip = **opened;
    Result<std::vector<office::Relationship>> package = office::ReadRelationships(zip, "");
    if (!package) {
      sink.OnInfo(info);
      return tl::unexpected(package.error());
    }
    std::string main_part;
    for (const office::Relationship& relationship : *package) {
      if (office::TypeIs(relationship, "officeDocument")) main_part = relationship.target;
    }
    if (main_part.empty()) {
      main_part = zip.Find("ppt/presentation.xml") != nullptr ? "ppt/presentation.xml"
                                                              : "word/document.xml";
    }
    const bool presentation = main_part.starts_with("ppt/");
    info.format = presentation ? "pptx" : "docx";
    sink.OnInfo(info);
    if (zip.AnyEncrypted()) {
      info.protection = Protection::kPassword;
      sink.OnInfo(info);
      return MakeError(ErrorCode::kEncrypted, "document parts are ZIP-encrypted; content unknown");
    }
    const zip::Entry* main_entry = zip.Find(main_part);
    if (main_entry == nullptr) return MakeError(ErrorCode::kCorrupt, "no part " + main_part);
    office::PartEmitter parts(sink, context.limits());
    if (!presentation) {
      Result<bool> more = ReadBody(zip, *main_entry, parts, context, "", "");
      if (!more) return tl::unexpected(more.error());
      return Ok();
    }

    PresentationHandler handler;
    if (Status parsed = office::ParseMember(zip, *main_entry, handler); !parsed) return parsed;
    Result<std::vector<office::Relationship>> relationships =
        office::ReadRelationships(zip, main_part);
    if (!relationships) return tl::unexpected(relationships.error());
    size_t number = 0;
    for (const std::string& id : handler.slide_ids) {
      const office::Relationship* slide = nullptr;
      for (const office::Relationship& relationship : *relationships) {
        if (relationship.id == id && office::TypeIs(relationship, "slide")) slide = &relationship;
      }
      if (slide == nullptr) continue;
      ++number;
      const zip::Entry* entry = zip.Find(slide->target);
      if (entry == nullptr) continue;
      const std::string name = "slide " + std::to_string(number);
      Result<bool> more = ReadBody(zip, *entry, parts, context, name + " ", name);
      if (!more) return tl::unexpected(more.error());
      if (!*more) return Ok();
    }
    return Ok();
  }
};

std::unique_ptr<Reader> MakeDocxReader() { return std::make_unique<DocxReader>(); }

bool HasSuffixNoCase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = text[text.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

bool SniffDocx(ByteView head, std::string_view path) {
  if (SniffOoxmlPackage(head, "word/")) return true;
  return SniffOoxmlPackage(head, "[Content_Types].xml") && !SniffOoxmlPackage(head, "xl/") &&
         !SniffOoxmlPackage(head, "ppt/") &&
         (HasSuffixNoCase(path, ".docx") || HasSuffixNoCase(path, ".docm"));
}

bool SniffPptx(ByteView head, std::string_view path) {
  if (SniffOoxmlPackage(head, "ppt/")) return true;
  return SniffOoxmlPackage(head, "[Content_Types].xml") && !SniffOoxmlPackage(head, "xl/") &&
         !SniffOoxmlPackage(head, "word/") &&
         (HasSuffixNoCase(path, ".pptx") || HasSuffixNoCase(path, ".pptm"));
}

}  // namespace

const Format& DocxFormat() {
  static const Format format{"docx", SniffDocx, MakeDocxReader};
  return format;
}

const Format& PptxFormat() {
  static const Format format{"pptx", SniffPptx, MakeDocxReader};
  return format;
}

}  // namespace mamori::read
