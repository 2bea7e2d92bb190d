#include "read/ole/compound_file.h"

#include <algorithm>
#include <cstring>

#include "base/utf8.h"
#include "read/internal/spool.h"

namespace mamori::read::ole {
namespace {

constexpr size_t kHeaderBytes = 512;
constexpr size_t kDirectoryEntryBytes = 128;
constexpr uint32_t kHeaderDifatEntries = 109;
constexpr uint32_t kMiniSectorBytes = 64;
constexpr uint32_t kEndOfChain = 0xFFFFFFFE;
constexpr uint32_t kNoStream = 0xFFFFFFFF;
constexpr uint32_t kMaxRegularSector = 0xFFFFFFFA;
constexpr uint8_t kTypeStream = 2;
constexpr uint8_t kTypeRoot = 5;

tl::unexpected<Error> Corrupt(std::string what) {
  return MakeError(ErrorCode::kCorrupt, "OLE2: " + std::move(what));
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// Directory names are UTF-16LE, at most 31 units plus a terminator; the length field counts
// bytes including the terminator.
std::string EntryName(ByteView entry) {
  const uint16_t length = LoadU16(entry, 0x40);
  const size_t units = std::min<size_t>(length / 2, 32);
  std::string name;
  for (size_t i = 0; i < units; ++i) {
    const char16_t unit = LoadU16(entry, 2 * i);
    if (unit == 0) break;
    // Surrogates cannot occur in valid names; U+FFFD keeps the output UTF-8.
    AppendUtf8(unit >= 0xD800 && unit <= 0xDFFF ? U'\uFFFD' : unit, name);
  }
  return name;
}

}  // namespace

CompoundFile::~CompoundFile() = default;

Result<std::unique_ptr<CompoundFile>> CompoundFile::Open(Input& input, const Limits& limits) {
  std::unique_ptr<CompoundFile> file(new CompoundFile());
  if (input.seekable() && input.size()) {
    file->input_ = &input;
    file->file_size_ = *input.size();
  } else {
    // The FAT and directory may sit anywhere in the file, so a stream is read into memory.
    if (Status read =
            internal::SpoolInput(input, limits.max_spool_bytes, "OLE2 member", file->spool_);
        !read) {
      return tl::unexpected(read.error());
    }
    file->spooled_input_ = std::make_unique<MemoryInput>(std::string(input.path()), file->spool_);
    file->input_ = file->spooled_input_.get();
    file->file_size_ = file->spool_.size();
  }
  if (Status loaded = file->Load(); !loaded) return tl::unexpected(loaded.error());
  return file;
}

Status CompoundFile::ReadAt(uint64_t offset, char* out, size_t count) {
  if (offset > file_size_ || count > file_size_ - offset) return Corrupt("file is truncated");
  if (Status moved = input_->Seek(offset); !moved) return moved;
  size_t filled = 0;
  while (filled < count) {
    Result<size_t> got = input_->Read(std::span<char>(out + filled, count - filled));
    if (!got) return tl::unexpected(got.error());
    if (*got == 0) return Corrupt("file is truncated");
    filled += *got;
  }
  return Ok();
}

Status CompoundFile::Load() {
  std::string header(kHeaderBytes, '\0');
  if (file_size_ < kHeaderBytes) return Corrupt("file shorter than its header");
  if (Status read = ReadAt(0, header.data(), header.size()); !read) return read;
  if (!StartsWith(header, kMagic)) return Corrupt("bad signature");
  if (LoadU16(header, 0x1C) != 0xFFFE) return Corrupt("bad byte order mark");
  sector_shift_ = LoadU16(header, 0x1E);
  if (sector_shift_ != 9 && sector_shift_ != 12) return Corrupt("bad sector size");
  if (LoadU16(header, 0x20) != 6) return Corrupt("bad mini sector size");
  const uint64_t sector_bytes = uint64_t{1} << sector_shift_;
  // Sector n starts at (n + 1) * sector_bytes; the header fills sector "-1". A last sector
  // cut short by the end of the file still counts: streams often end inside it.
  sector_count_ =
      file_size_ > sector_bytes ? (file_size_ - sector_bytes + sector_bytes - 1) / sector_bytes : 0;
  const bool version3 = LoadU16(header, 0x1A) == 3;

  // The FAT's own sectors are listed by the DIFAT: 109 entries in the header, then a chain of
  // DIFAT sectors whose last entry links to the next.
  const uint32_t fat_sectors = LoadU32(header, 0x2C);
  if (fat_sectors > sector_count_) return Corrupt("more FAT sectors than the file holds");
  std::vector<uint32_t> fat_list;
  fat_list.reserve(fat_sectors);
  for (uint32_t i = 0; i < kHeaderDifatEntries && fat_list.size() < fat_sectors; ++i) {
    fat_list.push_back(LoadU32(header, 0x4C + 4 * i));
  }
  const uint32_t per_difat = static_cast<uint32_t>(sector_bytes / 4) - 1;
  uint32_t difat = LoadU32(header, 0x44);
  std::string sector(sector_bytes, '\0');
  std::vector<bool> seen_difat;
  while (fat_list.size() < fat_sectors) {
    if (difat >= sector_count_) return Corrupt("DIFAT chain leaves the file");
    if (seen_difat.empty()) seen_difat.resize(sector_count_);
    if (seen_difat[difat]) return Corrupt("DIFAT chain loops");
    seen_difat[difat] = true;
    if (Status read = ReadAt((uint64_t{difat} + 1) << sector_shift_, sector.data(), sector.size());
        !read) {
      return read;
    }
    for (uint32_t i = 0; i < per_difat && fat_list.size() < fat_sectors; ++i) {
      fat_list.push_back(LoadU32(sector, 4 * i));
    }
    difat = LoadU32(sector, 4 * per_difat);
  }
  fat_.resize(fat_list.size() * (sector_bytes / 4));
  for (size_t i = 0; i < fat_list.size(); ++i) {
    if (fat_list[i] >= sector_count_) return Corrupt("FAT sector outside the file");
    if (Status read =
            ReadAt((uint64_t{fat_list[i]} + 1) << sector_shift_, sector.data(), sector.size());
        !read) {
      return read;
    }
    for (size_t j = 0; j < sector_bytes / 4; ++j) {
      fat_[i * (sector_bytes / 4) + j] = LoadU32(sector, 4 * j);
    }
  }

  // The directory is a stream of its own with no recorded size: its whole chain.
  Result<std::vector<uint32_t>> directory_chain =
      Chain(fat_, LoadU32(header, 0x30), sector_count_, "directory");
  if (!directory_chain) return tl::unexpected(directory_chain.error());
  if (directory_chain->empty()) return Corrupt("empty directory");
  std::string directory(directory_chain->size() * sector_bytes, '\0');
  for (size_t i = 0; i < directory_chain->size(); ++i) {
    const uint64_t offset = (uint64_t{(*directory_chain)[i]} + 1) << sector_shift_;
    const size_t count = static_cast<size_t>(std::min(sector_bytes, file_size_ - offset));
    if (Status read = ReadAt(offset, directory.data() + i * sector_bytes, count); !read) {
      return read;
    }
  }
  const size_t entry_count = directory.size() / kDirectoryEntryBytes;
  const ByteView root(directory.data(), kDirectoryEntryBytes);
  if (static_cast<uint8_t>(root[0x42]) != kTypeRoot) return Corrupt("no root entry");
  mini_stream_start_ = LoadU32(root, 0x74);
  mini_stream_size_ = version3 ? LoadU32(root, 0x78) : LoadU64(root, 0x78);
  const uint32_t cutoff = LoadU32(header, 0x38);
  mini_cutoff_ = cutoff == 0 ? 4096 : cutoff;

  // The root's children form a binary tree through left/right sibling links; a cycle or a
  // link past the directory's end means the tree is broken.
  std::vector<bool> visited(entry_count);
  std::vector<uint32_t> pending{LoadU32(root, 0x4C)};
  while (!pending.empty()) {
    const uint32_t id = pending.back();
    pending.pop_back();
    if (id == kNoStream) continue;
    if (id == 0 || id >= entry_count) return Corrupt("directory link out of range");
    if (visited[id]) return Corrupt("directory tree loops");
    visited[id] = true;
    const ByteView entry(directory.data() + size_t{id} * kDirectoryEntryBytes,
                         kDirectoryEntryBytes);
    if (static_cast<uint8_t>(entry[0x42]) == kTypeStream) {
      streams_.push_back(Entry{EntryName(entry), LoadU32(entry, 0x74),
                               version3 ? LoadU32(entry, 0x78) : LoadU64(entry, 0x78)});
    }
    pending.push_back(LoadU32(entry, 0x44));
    pending.push_back(LoadU32(entry, 0x48));
  }
  // Directory order (the tree walk above visits right before left): keep it stable by
  // start sector so that output does not depend on the tree's balance.
  std::stable_sort(streams_.begin(), streams_.end(),
                   [](const Entry& a, const Entry& b) { return a.start < b.start; });

  const uint32_t mini_fat_sectors = LoadU32(header, 0x40);
  if (mini_fat_sectors > 0) {
    if (mini_fat_sectors > sector_count_) return Corrupt("more miniFAT sectors than the file");
    Result<std::string> mini_fat =
        ReadRegular(LoadU32(header, 0x3C), uint64_t{mini_fat_sectors} * sector_bytes, "miniFAT");
    if (!mini_fat) return tl::unexpected(mini_fat.error());
    mini_fat_.resize(mini_fat->size() / 4);
    for (size_t i = 0; i < mini_fat_.size(); ++i) mini_fat_[i] = LoadU32(*mini_fat, 4 * i);
  }
  return Ok();
}

Result<std::vector<uint32_t>> CompoundFile::Chain(const std::vector<uint32_t>& table,
                                                  uint32_t start, uint64_t max_links,
                                                  const char* what) const {
  std::vector<uint32_t> chain;
  std::vector<bool> visited;
  for (uint32_t sector = start; sector != kEndOfChain && chain.size() < max_links;
       sector = table[sector]) {
    if (sector > kMaxRegularSector || sector >= table.size()) {
      return Corrupt(std::string(what) + " chain leaves the allocation table");
    }
    if (visited.empty()) visited.resize(table.size());
    if (visited[sector]) return Corrupt(std::string(what) + " chain loops");
    visited[sector] = true;
    chain.push_back(sector);
  }
  return chain;
}

Result<std::string> CompoundFile::ReadRegular(uint32_t start, uint64_t size, const char* what) {
  const uint64_t sector_bytes = uint64_t{1} << sector_shift_;
  if (size > sector_count_ * sector_bytes) {
    return Corrupt(std::string(what) + " larger than the file");
  }
  const uint64_t needed = (size + sector_bytes - 1) / sector_bytes;
  Result<std::vector<uint32_t>> chain = Chain(fat_, start, needed, what);
  if (!chain) return tl::unexpected(chain.error());
  if (chain->size() < needed) return Corrupt(std::string(what) + " chain ends early");
  std::string out(static_cast<size_t>(size), '\0');
  // Runs of consecutive sectors, the usual layout, are read with one call.
  size_t done = 0;
  for (size_t i = 0; i < chain->size();) {
    if ((*chain)[i] >= sector_count_) return Corrupt(std::string(what) + " outside the file");
    size_t run = 1;
    while (i + run < chain->size() && (*chain)[i + run] == (*chain)[i] + run) ++run;
    const uint64_t offset = (uint64_t{(*chain)[i]} + 1) << sector_shift_;
    const size_t count = static_cast<size_t>(std::min<uint64_t>(run * sector_bytes, size - done));
    if (Status read = ReadAt(offset, out.data() + done, count); !read) {
      return tl::unexpected(read.error());
    }
    done += count;
    i += run;
  }
  return out;
}

Status CompoundFile::LoadMiniStream() {
  if (mini_stream_loaded_) return Ok();
  Result<std::string> stream = ReadRegular(mini_stream_start_, mini_stream_size_, "mini stream");
  if (!stream) return tl::unexpected(stream.error());
  mini_stream_ = std::move(*stream);
  mini_stream_loaded_ = true;
  return Ok();
}

const Entry* CompoundFile::Find(std::string_view name) const {
  for (const Entry& entry : streams_) {
    if (EqualsNoCase(entry.name, name)) return &entry;
  }
  return nullptr;
}

Result<std::string> CompoundFile::ReadStream(const Entry& entry) {
  if (entry.size == 0) return std::string();
  if (entry.size >= mini_cutoff_) return ReadRegular(entry.start, entry.size, "stream");
  if (Status loaded = LoadMiniStream(); !loaded) return tl::unexpected(loaded.error());
  const uint64_t needed = (entry.size + kMiniSectorBytes - 1) / kMiniSectorBytes;
  Result<std::vector<uint32_t>> chain = Chain(mini_fat_, entry.start, needed, "mini stream");
  if (!chain) return tl::unexpected(chain.error());
  if (chain->size() < needed) return Corrupt("mini stream chain ends early");
  std::string out;
  out.reserve(static_cast<size_t>(entry.size));
  for (const uint32_t mini : *chain) {
    const uint64_t offset = uint64_t{mini} * kMiniSectorBytes;
    const uint64_t count = std::min<uint64_t>(kMiniSectorBytes, entry.size - out.size());
    if (offset + count > mini_stream_.size()) return Corrupt("mini sector outside the mini stream");
    out.append(mini_stream_, static_cast<size_t>(offset), static_cast<size_t>(count));
  }
  return out;
}

}  // namespace mamori::read::ole
