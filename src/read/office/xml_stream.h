// Streaming (SAX) XML over a ZIP member, for the office readers: a 100 MB sheet is parsed
// in 64 KiB chunks and never held as a tree. Names are matched by local name (the part
// after any "prefix:"), so "x:row" and "row" are the same element; OOXML transitional and
// strict namespaces and ODF's prefixes need no table of URIs.
//
//   class Rows : public office::XmlHandler { ... };
//   Rows rows;
//   Status parsed = office::ParseMember(zip, *entry, rows);
//
// A document type declaration is refused (kCorrupt): office XML never has one, and refusing
// it removes entity expansion ("billion laughs") and external entities outright.
#pragma once

#include <optional>
#include <string_view>

#include "read/zip/zip_archive.h"

namespace mamori::read::office {

// The attributes of one start tag, as expat hands them over. Valid only during OnStart.
class Attributes {
 public:
  explicit Attributes(const char** raw) : raw_(raw) {}
  // The value of the first attribute whose local name is `local`, or nullopt.
  std::optional<std::string_view> Get(std::string_view local) const;
  // As Get, among attributes with a namespace prefix only: r:id beside a plain id.
  std::optional<std::string_view> GetPrefixed(std::string_view local) const;

 private:
  const char** raw_;
};

// The part after the last ':' of a qualified name.
std::string_view LocalName(std::string_view qualified);

// Receives parse events; a false return stops the parse at once (the handler remembers
// why). Text arrives in pieces: one text node may be split across several OnText calls.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual bool OnStart(std::string_view local_name, const Attributes& attributes) = 0;
  virtual bool OnEnd(std::string_view local_name) = 0;
  virtual bool OnText(std::string_view text) = 0;
};

// Parses `entry` of `zip` into `handler`. Ok when the document ended or the handler
// stopped it; kCorrupt naming the member and line for malformed XML; the archive's errors
// (kLimitExceeded, kEncrypted, kCorrupt) as they come. Thread-compatible.
Status ParseMember(zip::ZipArchive& zip, const zip::Entry& entry, XmlHandler& handler);

}  // namespace mamori::read::office
