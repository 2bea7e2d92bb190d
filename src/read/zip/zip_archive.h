// Member access for ZIP packages (OOXML and ODF documents): list the members, then stream
// any member's expanded bytes by name, in any order. Built on libarchive's seekable ZIP
// reader, which trusts the central directory rather than the local headers.
//
//   Result<std::unique_ptr<zip::ZipArchive>> zip = zip::ZipArchive::Open(input, context);
//   if (!zip) return tl::unexpected(zip.error());
//   if (const zip::Entry* entry = (*zip)->Find("xl/workbook.xml")) {
//     Status read = (*zip)->ReadMember(*entry, [&](std::string_view chunk) { ...; return Ok(); });
//   }
//
// Bounds, all from ReadContext: every expanded byte is charged to the top-level file's
// budget (ChargeExpandedBytes, Limits::max_expanded_bytes); a member whose expanded bytes
// pass Limits::max_expansion_ratio times the compressed bytes read for it (past a 1 MiB
// floor) gives kLimitExceeded; more than Limits::max_entries members give kLimitExceeded.
// A non-seekable Input (a member of another archive) is first copied into memory, at most
// Limits::max_spool_bytes, else kLimitExceeded; a seekable Input is never held in memory.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "read/reader.h"

namespace mamori::read::zip {

struct Entry {
  std::string name;              // as stored (OOXML and ODF names are ASCII or UTF-8)
  std::optional<uint64_t> size;  // expanded size from the central directory, if stated
  bool encrypted = false;        // PKWARE or WinZip AES encrypted data
  uint32_t index = 0;            // position in the archive's directory order
};

// Receives a member's expanded bytes chunk by chunk; the view is valid only during the
// call. A returned error stops the member's read and is returned by ReadMember as is.
using ChunkConsumer = std::function<Status(std::string_view chunk)>;

// Not thread-safe. Keeps a reference to `input` and `context`, which must outlive it.
class ZipArchive {
 public:
  // Reads the directory. kCorrupt when the bytes are not a readable ZIP (truncated, no
  // central directory), kLimitExceeded past max_entries or max_spool_bytes.
  static Result<std::unique_ptr<ZipArchive>> Open(Input& input, ReadContext& context);

  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // Regular-file members in directory order.
  const std::vector<Entry>& entries() const { return entries_; }
  // The member named exactly `name` (a leading '/' is ignored), or nullptr.
  const Entry* Find(std::string_view name) const;
  bool AnyEncrypted() const;

  // Streams the member's expanded bytes into `consumer`. kEncrypted for an encrypted
  // member, kCorrupt when its data does not expand, kLimitExceeded as described above or
  // when context.TimedOut(). Members read in directory order cost one pass over the
  // archive; going back reopens it.
  // REQUIRES: `entry` came from this archive's entries().
  Status ReadMember(const Entry& entry, const ChunkConsumer& consumer);

  // The whole member in memory, kLimitExceeded past `max_bytes`.
  Result<std::string> ReadMemberToString(const Entry& entry, uint64_t max_bytes);

 private:
  struct Cursor;
  ZipArchive(Input& input, ReadContext& context);
  Status Reopen();
  Status SeekTo(uint32_t index);

  Input* input_;
  ReadContext& context_;
  std::string spool_;  // the whole archive when the Input cannot seek
  std::unique_ptr<MemoryInput> spooled_;
  std::unique_ptr<Cursor> cursor_;
  std::vector<Entry> entries_;
};

}  // namespace mamori::read::zip
