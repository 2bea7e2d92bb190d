#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <vector>

// poppler-cpp's headers are third-party code: our warning set is not theirs.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wpedantic"
#include <poppler-document.h>
#include <poppler-embedded-file.h>
#include <poppler-global.h>
#include <poppler-page.h>
#pragma GCC diagnostic pop

#include "base/utf8.h"
#include "read/decode/decoder.h"
#include "read/internal/spool.h"
#include "read/pdf/pdf_format.h"

namespace mamori::read {
namespace {

constexpr size_t kSniffBytes = 1024;
// Pages read per file. A page tree can claim millions of pages in a few kilobytes; real
// documents with personal data lists stay far below this, and the per-file time limit stops
// slow ones earlier.
constexpr int kMaxPages = 20000;

// poppler reports syntax errors of damaged files on stderr by default, once per error; a
// scan of a share would drown its own output. The hook is process-wide, so it is set once.
void SilencePoppler() {
  static std::once_flag once;
  std::call_once(
      once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

// poppler keeps a view of the bytes (load_from_raw_data does not copy); `bytes` must
// outlive the returned document.
Result<std::unique_ptr<poppler::document>> Load(ByteView bytes) {
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return MakeError(ErrorCode::kLimitExceeded, "PDF larger than 2 GiB");
  }
  SilencePoppler();
  std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!document) return MakeError(ErrorCode::kCorrupt, "not a readable PDF");
  return document;
}

PdfSecurity SecurityOf(const poppler::document& document) {
  // A locked document needs the user password. An encrypted one that opened without any
  // password has an empty user password: its key derives from the file alone.
  if (document.is_locked()) return PdfSecurity::kUserPassword;
  if (document.is_encrypted()) return PdfSecurity::kOwnerOnly;
  return PdfSecurity::kNone;
}

// "report.pdf!/list.xlsx"; attachment names are the file's own bytes, '/' kept.
std::string MemberPath(std::string_view outer, const std::string& name, size_t ordinal) {
  std::string path(outer);
  path += "!/";
  path += name.empty() ? "attachment-" + std::to_string(ordinal + 1) : name;
  return path;
}

class PdfReader final : public Reader {
 public:
  Status Read(Input& input, ReadContext& context, RecordSink& sink) override {
    // poppler-cpp allocates with new and may throw; nothing escapes this adapter.
    try {
      return ReadDocument(input, context, sink);
    } catch (const std::bad_alloc&) {
      return MakeError(ErrorCode::kLimitExceeded, "out of memory while reading PDF");
    } catch (...) {
      return MakeError(ErrorCode::kCorrupt, "PDF reader failed");
    }
  }

 private:
  Status ReadDocument(Input& input, ReadContext& context, RecordSink& sink) {
    // Not kept between files: one large PDF must not pin its size in every worker.
    std::string bytes;
    if (Status spooled =
            internal::SpoolInput(input, context.limits().max_spool_bytes, "PDF", bytes);
        !spooled) {
      return spooled;
    }
    Result<std::unique_ptr<poppler::document>> loaded = Load(bytes);
    if (!loaded) return tl::unexpected(loaded.error());
    poppler::document& document = **loaded;

    ReadInfo info;
    info.format = "pdf";
    info.encoding = "utf-8";
    if (SecurityOf(document) == PdfSecurity::kUserPassword) {
      info.protection = Protection::kPassword;
      sink.OnInfo(info);
      return MakeError(ErrorCode::kEncrypted, "PDF needs an open password; content unknown");
    }
    sink.OnInfo(info);

    const int pages = document.pages();
    if (pages > kMaxPages) {
      sink.OnWarning(Error{ErrorCode::kLimitExceeded, "PDF has " + std::to_string(pages) +
                                                          " pages; only the first " +
                                                          std::to_string(kMaxPages) + " are read"});
    }
    const uint64_t max_line = context.limits().max_record_bytes;
    bool cut_warned = false;
    for (int index = 0; index < std::min(pages, kMaxPages); ++index) {
      if (context.TimedOut()) {
        return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached");
      }
      std::unique_ptr<poppler::page> page(document.create_page(index));
      if (!page) {
        sink.OnWarning(
            Error{ErrorCode::kCorrupt, "page " + std::to_string(index + 1) + " cannot be read"});
        continue;
      }
      const poppler::byte_array text = page->text().to_utf8();
      if (!EmitPage(index + 1, std::string_view(text.data(), text.size()), max_line, cut_warned,
                    sink)) {
        return Ok();
      }
    }
    return ReadAttachments(document, input.path(), context);
  }

  // Splits a page's text into lines; returns false when the sink asked to stop.
  bool EmitPage(int number, std::string_view text, uint64_t max_line, bool& cut_warned,
                RecordSink& sink) {
    name_ = "page " + std::to_string(number);
    Part part;
    part.name = name_;
    part.tabular = false;
    sink.OnPartBegin(part);
    uint64_t line_number = 0;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find_first_of("\n\r\f", start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      // "\r\n" is one line break, not two.
      start = end + ((end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n') ? 2 : 1);
      ++line_number;
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      if (line.size() > max_line) {
        line = line.substr(0, ValidUtf8Prefix(line.substr(0, max_line)));
        if (!cut_warned) {
          sink.OnWarning(Error{ErrorCode::kLimitExceeded,
                               name_ + ": a line longer than --max-record-bytes was cut"});
          cut_warned = true;
        }
      }
      // poppler's UTF-8 is well-formed; a damaged font map must still not reach Normalize(),
      // which requires it.
      if (!IsValidUtf8(line)) {
        repaired_.clear();
        for (size_t pos = 0; pos < line.size();) AppendUtf8(NextCodePoint(line, pos), repaired_);
        line = repaired_;
      }
      const Cell cell{decode::Normalize(line, scratch_), 0};
      const Record record{line_number, std::span<const Cell>(&cell, 1)};
      if (!sink.OnRecord(part, record)) {
        sink.OnPartEnd(part);
        return false;
      }
    }
    sink.OnPartEnd(part);
    return true;
  }

  // Files attached to the document (/EmbeddedFiles): a list sent as an attachment of a
  // harmless-looking PDF is still a list.
  static Status ReadAttachments(poppler::document& document, std::string_view outer,
                                ReadContext& context) {
    if (!document.has_embedded_files()) return Ok();
    const std::vector<poppler::embedded_file*> files = document.embedded_files();
    for (size_t ordinal = 0; ordinal < files.size(); ++ordinal) {
      poppler::embedded_file* file = files[ordinal];
      if (file == nullptr || !file->is_valid()) continue;
      if (context.TimedOut()) {
        return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached");
      }
      const poppler::byte_array data = file->data();
      if (Status charged = context.ChargeExpandedBytes(data.size()); !charged) return charged;
      // An empty attachment's vector has no buffer; a null view would reach memcpy.
      MemoryInput member(MemberPath(outer, file->name(), ordinal),
                         data.empty() ? ByteView("") : ByteView(data.data(), data.size()));
      Status nested = context.ReadNested(member, Protection::kNone);
      if (!nested && EndsContainer(nested.error())) return nested;
    }
    return Ok();
  }

  std::string name_;
  std::string scratch_;
  std::string repaired_;
};

std::unique_ptr<Reader> MakePdfReader() { return std::make_unique<PdfReader>(); }

}  // namespace

bool SniffPdf(ByteView head, std::string_view) {
  return head.substr(0, kSniffBytes).find("%PDF-") != ByteView::npos;
}

Result<PdfSecurity> InspectPdfSecurity(ByteView bytes) {
  try {
    Result<std::unique_ptr<poppler::document>> loaded = Load(bytes);
    if (!loaded) return tl::unexpected(loaded.error());
    return SecurityOf(**loaded);
  } catch (...) {
    return MakeError(ErrorCode::kCorrupt, "not a readable PDF");
  }
}

const Format& PdfFormat() {
  static const Format format{"pdf", SniffPdf, MakePdfReader};
  return format;
}

}  // namespace mamori::read
