// Read access to OLE2 Compound File Binary files ([MS-CFB]), the container of Excel 97–2003
// workbooks, Word 97–2003 documents and password-encrypted OOXML packages. A compound file
// is a small FAT file system: a 512-byte header, sectors of 512 or 4096 bytes chained by a
// file allocation table (FAT), streams below 4096 bytes kept in 64-byte mini sectors of a
// "mini stream", and a directory of 128-byte entries arranged as a red-black tree per
// storage. Only the streams directly under the root storage are listed: every format mamori
// reads keeps its content there.
//
//   Result<std::unique_ptr<ole::CompoundFile>> file = ole::CompoundFile::Open(input, limits);
//   if (!file) return tl::unexpected(file.error());
//   if (const ole::Entry* book = (*file)->Find("Workbook")) {
//     Result<std::string> bytes = (*file)->ReadStream(*book);
//   }
//
// Every structure is checked against the file's real size before it is used: sector indices
// beyond the end, chains that loop or end early, and directory trees with cycles give
// ErrorCode::kCorrupt. Memory is bounded by the file size (no allocation follows a size read
// from the file without that check).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "read/reader.h"

namespace mamori::read::ole {

// 8-byte signature at offset 0 of every compound file.
inline constexpr ByteView kMagic{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8};

// Little-endian loads for the binary structures of OLE2 formats.
// REQUIRES: offset + width <= bytes.size().
inline uint16_t LoadU16(ByteView bytes, size_t offset) {
  return static_cast<uint16_t>(static_cast<uint8_t>(bytes[offset]) |
                               static_cast<uint8_t>(bytes[offset + 1]) << 8);
}
inline uint32_t LoadU32(ByteView bytes, size_t offset) {
  return static_cast<uint32_t>(LoadU16(bytes, offset)) |
         static_cast<uint32_t>(LoadU16(bytes, offset + 2)) << 16;
}
inline uint64_t LoadU64(ByteView bytes, size_t offset) {
  return static_cast<uint64_t>(LoadU32(bytes, offset)) |
         static_cast<uint64_t>(LoadU32(bytes, offset + 4)) << 32;
}

// A stream directly under the root storage.
struct Entry {
  std::string name;    // UTF-8 (names are UTF-16 in the file)
  uint32_t start = 0;  // first sector (regular or mini, by size)
  uint64_t size = 0;
};

// An open compound file. Not thread-safe (it reads its Input); one per Read() call. Borrows
// the Input given to Open(), which must outlive it, unless the Input had to be spooled into
// memory (not seekable, or of unknown size), in which case the copy is owned here.
class CompoundFile {
 public:
  // Reads the header, the FAT (through the DIFAT), the miniFAT and the root directory.
  // A non-seekable `input` is first read into memory within limits.max_spool_bytes
  // (kLimitExceeded beyond). Errors: kCorrupt for a bad signature or structure, kIo from
  // the input.
  static Result<std::unique_ptr<CompoundFile>> Open(Input& input, const Limits& limits);

  CompoundFile(const CompoundFile&) = delete;
  CompoundFile& operator=(const CompoundFile&) = delete;
  ~CompoundFile();

  // The streams directly under the root storage, in directory order.
  const std::vector<Entry>& streams() const { return streams_; }

  // The root-level stream named `name`, compared case-insensitively for ASCII letters as
  // the specification asks, or nullptr. The pointer is valid for the life of this object.
  const Entry* Find(std::string_view name) const;

  // The whole content of `entry`, which must come from streams(). kCorrupt when its chain
  // is broken or runs past the end of the file.
  Result<std::string> ReadStream(const Entry& entry);

  // Size of the file in bytes.
  uint64_t file_size() const { return file_size_; }

 private:
  CompoundFile() = default;

  Status Load();
  Status ReadAt(uint64_t offset, char* out, size_t count);
  Result<std::vector<uint32_t>> Chain(const std::vector<uint32_t>& table, uint32_t start,
                                      uint64_t max_links, const char* what) const;
  Result<std::string> ReadRegular(uint32_t start, uint64_t size, const char* what);
  Status LoadMiniStream();

  std::string spool_;
  std::unique_ptr<Input> spooled_input_;
  Input* input_ = nullptr;
  uint64_t file_size_ = 0;
  uint32_t sector_shift_ = 9;
  uint64_t sector_count_ = 0;  // sectors that start inside the file
  uint32_t mini_cutoff_ = 4096;
  std::vector<uint32_t> fat_;
  std::vector<uint32_t> mini_fat_;
  uint32_t mini_stream_start_ = 0;
  uint64_t mini_stream_size_ = 0;
  bool mini_stream_loaded_ = false;
  std::string mini_stream_;
  std::vector<Entry> streams_;
};

}  // namespace mamori::read::ole
