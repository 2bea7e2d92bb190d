#include <memory>
#include <string>

#include "read/doc/doc_reader.h"
#include "read/ole/compound_file.h"
#include "read/ole/ole_format.h"
#include "read/xls/xls_reader.h"

namespace mamori::read {
namespace {

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The OOXML type an encrypted package claims by its extension: the package itself, the
// only other witness, is encrypted.
std::string EncryptedPackageFormat(std::string_view path) {
  const size_t slash = path.find_last_of("/!");
  const std::string_view base = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  const size_t dot = base.rfind('.');
  if (dot == std::string_view::npos) return "ooxml";
  std::string extension;
  for (const char c : base.substr(dot + 1)) extension.push_back(AsciiLower(c));
  for (const std::string_view known : {"xlsx", "xlsm", "xlsb", "xltx", "xltm", "docx", "docm",
                                       "dotx", "dotm", "pptx", "pptm", "potx", "ppsx"}) {
    if (extension == known) return extension;
  }
  return "ooxml";
}

// EncryptionInfo starts with its version: 4.4 is agile encryption (Office 2010 and later),
// 2.2, 3.2 and 4.2 standard encryption (Office 2007), x.3 extensible.
std::string EncryptionMethod(ole::CompoundFile& file, const ole::Entry& info) {
  if (info.size < 4) return "unknown method";
  Result<std::string> bytes = file.ReadStream(info);
  if (!bytes || bytes->size() < 4) return "unknown method";
  const uint16_t major = ole::LoadU16(*bytes, 0);
  const uint16_t minor = ole::LoadU16(*bytes, 2);
  if (major == 4 && minor == 4) return "agile encryption";
  if (minor == 2 && major >= 2 && major <= 4) return "standard encryption";
  if (minor == 3) return "extensible encryption";
  return "encryption version " + std::to_string(major) + "." + std::to_string(minor);
}

class Ole2Reader final : public Reader {
 public:
  Status Read(Input& input, ReadContext& context, RecordSink& sink) override {
    Result<std::unique_ptr<ole::CompoundFile>> opened =
        ole::CompoundFile::Open(input, context.limits());
    if (!opened) return Fail(sink, "ole2", opened.error());
    ole::CompoundFile& file = **opened;

    const ole::Entry* encryption_info = file.Find("EncryptionInfo");
    if (encryption_info != nullptr && file.Find("EncryptedPackage") != nullptr) {
      ReadInfo info;
      info.format = EncryptedPackageFormat(input.path());
      info.protection = Protection::kEncrypted;
      sink.OnInfo(info);
      return MakeError(ErrorCode::kEncrypted, "encrypted OOXML package (" +
                                                  EncryptionMethod(file, *encryption_info) +
                                                  "); content unknown");
    }

    // Excel 97 can save a "Book" (BIFF5) next to its "Workbook" (BIFF8); the BIFF8 one
    // has the full text.
    const ole::Entry* workbook = file.Find("Workbook");
    if (workbook == nullptr) workbook = file.Find("Book");
    if (workbook != nullptr) {
      Result<std::string> stream = file.ReadStream(*workbook);
      if (!stream) return Fail(sink, "xls", stream.error());
      return xls::ReadWorkbook(*stream, context, sink);
    }
    if (const ole::Entry* word = file.Find("WordDocument")) {
      return doc::ReadDocument(file, *word, context, sink);
    }
    if (file.Find("PowerPoint Document") != nullptr) {
      return Fail(sink, "ppt", Error{ErrorCode::kUnsupported, "PowerPoint 97–2003 is not read"});
    }
    if (file.Find("__properties_version1.0") != nullptr) {
      return Fail(sink, "msg", Error{ErrorCode::kUnsupported, "Outlook .msg is not read"});
    }
    return Fail(sink, "ole2",
                Error{ErrorCode::kUnsupported, "OLE2 file without a workbook or document"});
  }

 private:
  static Status Fail(RecordSink& sink, std::string format, Error error) {
    ReadInfo info;
    info.format = std::move(format);
    sink.OnInfo(info);
    return tl::unexpected(std::move(error));
  }
};

std::unique_ptr<Reader> MakeOle2Reader() { return std::make_unique<Ole2Reader>(); }

}  // namespace

bool SniffOle2(ByteView head, std::string_view) { return StartsWith(head, ole::kMagic); }

const Format& Ole2Format() {
  static const Format format{"ole2", SniffOle2, MakeOle2Reader};
  return format;
}

}  // namespace mamori::read
