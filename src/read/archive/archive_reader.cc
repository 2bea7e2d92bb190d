#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "read/archive/archive_format.h"
#include "read/internal/spool.h"

namespace mamori::read {
namespace {

constexpr size_t kSourceBufferBytes = 64 * 1024;
// Below this many expanded bytes the ratio test is not applied: small, highly repetitive
// files (a CSV of zeros) compress well without being bombs.
constexpr uint64_t kRatioFloorBytes = 16ULL << 20;

struct ArchiveDeleter {
  void operator()(archive* handle) const { archive_read_free(handle); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;

bool HasMagic(ByteView head, size_t offset, ByteView magic) {
  return head.size() >= offset + magic.size() && head.substr(offset, magic.size()) == magic;
}

bool IsCompressedStream(ByteView head) {
  return HasMagic(head, 0, "\x1F\x8B") || HasMagic(head, 0, "BZh") ||
         HasMagic(head, 0,
                  std::string_view("\xFD"
                                   "7zXZ\0",
                                   6));
}

// Feeds libarchive from an Input; remembers the Input's error so it is reported as is
// rather than as libarchive's generic "truncated input".
struct Source {
  Input* input = nullptr;
  std::vector<char> buffer = std::vector<char>(kSourceBufferBytes);
  uint64_t position = 0;
  std::optional<Error> error;
};

la_ssize_t ReadCallback(archive*, void* data, const void** out) {
  auto* source = static_cast<Source*>(data);
  Result<size_t> got = source->input->Read(source->buffer);
  if (!got) {
    source->error = got.error();
    return -1;
  }
  source->position += *got;
  *out = source->buffer.data();
  return static_cast<la_ssize_t>(*got);
}

la_int64_t SeekCallback(archive*, void* data, la_int64_t offset, int whence) {
  auto* source = static_cast<Source*>(data);
  int64_t target = offset;
  if (whence == SEEK_CUR) target += static_cast<int64_t>(source->position);
  if (whence == SEEK_END) target += static_cast<int64_t>(source->input->size().value_or(0));
  if (target < 0) return ARCHIVE_FATAL;
  if (!source->input->Seek(static_cast<uint64_t>(target))) return ARCHIVE_FATAL;
  source->position = static_cast<uint64_t>(target);
  return target;
}

la_int64_t SkipCallback(archive* handle, void* data, la_int64_t request) {
  auto* source = static_cast<Source*>(data);
  if (!source->input->seekable()) return 0;  // libarchive then reads through
  const la_int64_t moved = SeekCallback(handle, data, request, SEEK_CUR);
  return moved < 0 ? 0 : request;
}

std::string FormatName(archive* handle) {
  std::string name;
  switch (archive_format(handle) & ARCHIVE_FORMAT_BASE_MASK) {
    case ARCHIVE_FORMAT_ZIP:
      name = "zip";
      break;
    case ARCHIVE_FORMAT_7ZIP:
      name = "7z";
      break;
    case ARCHIVE_FORMAT_LHA:
      name = "lzh";
      break;
    case ARCHIVE_FORMAT_TAR:
      name = "tar";
      break;
    case ARCHIVE_FORMAT_CAB:
      name = "cab";
      break;
    case ARCHIVE_FORMAT_RAR:
    case ARCHIVE_FORMAT_RAR_V5:
      name = "rar";
      break;
    case ARCHIVE_FORMAT_RAW:
      name = "";
      break;
    default:
      name = "archive";
  }
  std::string filter;
  switch (archive_filter_code(handle, 0)) {
    case ARCHIVE_FILTER_GZIP:
      filter = "gz";
      break;
    case ARCHIVE_FILTER_BZIP2:
      filter = "bz2";
      break;
    case ARCHIVE_FILTER_XZ:
      filter = "xz";
      break;
    default:
      break;
  }
  if (name.empty()) return filter.empty() ? "raw" : filter;
  return filter.empty() ? name : name + "." + filter;
}

// A member being decompressed: a stream, so head() is buffered and Read() serves the
// buffered head first. Every expanded byte is charged to the top-level file's budget.
class MemberInput final : public Input {
 public:
  MemberInput(archive* handle, std::string path, std::optional<uint64_t> size, ReadContext& context,
              uint64_t& expanded, const uint32_t ratio)
      : handle_(handle),
        path_(std::move(path)),
        size_(size),
        context_(context),
        expanded_(expanded),
        ratio_(ratio) {}

  std::string_view path() const override { return path_; }
  std::optional<uint64_t> size() const override { return size_; }

  Result<ByteView> head() override {
    if (!head_loaded_) {
      head_.resize(kHeadBytes);
      size_t filled = 0;
      while (filled < head_.size()) {
        Result<size_t> got =
            Decompress(std::span<char>(head_.data() + filled, head_.size() - filled));
        if (!got) return tl::unexpected(got.error());
        if (*got == 0) break;
        filled += *got;
      }
      head_.resize(filled);
      head_loaded_ = true;
    }
    return ByteView(head_);
  }

  Result<size_t> Read(std::span<char> buffer) override {
    if (!head_loaded_) {
      if (Result<ByteView> loaded = head(); !loaded) return tl::unexpected(loaded.error());
    }
    if (head_served_ < head_.size()) {
      const size_t count = std::min(buffer.size(), head_.size() - head_served_);
      std::memcpy(buffer.data(), head_.data() + head_served_, count);
      head_served_ += count;
      return count;
    }
    return Decompress(buffer);
  }

 private:
  Result<size_t> Decompress(std::span<char> buffer) {
    const la_ssize_t got = archive_read_data(handle_, buffer.data(), buffer.size());
    if (got < 0) {
      const char* message = archive_error_string(handle_);
      return MakeError(ErrorCode::kCorrupt,
                       std::string("cannot expand member: ") + (message ? message : "unknown"));
    }
    const auto count = static_cast<uint64_t>(got);
    expanded_ += count;
    if (Status charged = context_.ChargeExpandedBytes(count); !charged) {
      return tl::unexpected(charged.error());
    }
    const auto compressed =
        static_cast<uint64_t>(std::max<la_int64_t>(archive_filter_bytes(handle_, -1), 1));
    if (ratio_ > 0 && expanded_ > kRatioFloorBytes && expanded_ / compressed > ratio_) {
      return MakeError(ErrorCode::kArchiveBomb,
                       "expansion ratio above " + std::to_string(ratio_) + ":1");
    }
    return static_cast<size_t>(count);
  }

  archive* handle_;
  std::string path_;
  std::optional<uint64_t> size_;
  ReadContext& context_;
  uint64_t& expanded_;
  const uint32_t ratio_;
  std::string head_;
  bool head_loaded_ = false;
  size_t head_served_ = 0;
};

// The member of an encrypted entry: its name and size are known, its content is not.
class EncryptedMemberInput final : public Input {
 public:
  EncryptedMemberInput(std::string path, std::optional<uint64_t> size)
      : path_(std::move(path)), size_(size) {}
  std::string_view path() const override { return path_; }
  std::optional<uint64_t> size() const override { return size_; }
  Result<ByteView> head() override { return Encrypted(); }
  Result<size_t> Read(std::span<char>) override { return Encrypted(); }

 private:
  static tl::unexpected<Error> Encrypted() {
    return MakeError(ErrorCode::kEncrypted, "member is encrypted; content unknown");
  }
  std::string path_;
  std::optional<uint64_t> size_;
};

std::string EntryName(archive_entry* entry) {
  // Raw bytes first: names in CP932 (Japanese ZIP and LZH files) stay as they are and are
  // displayed by the reporter; the UTF-8 form is used when only that exists.
  if (const char* raw = archive_entry_pathname(entry)) return raw;
  if (const char* utf8 = archive_entry_pathname_utf8(entry)) return utf8;
  return "?";
}

// "list.csv.gz" → "list.csv": a single compressed stream is named after its file.
std::string StreamMemberName(std::string_view outer_path) {
  const size_t slash = outer_path.rfind('/');
  std::string base(outer_path.substr(slash == std::string_view::npos ? 0 : slash + 1));
  const size_t bang = base.rfind("!/");
  if (bang != std::string::npos) base = base.substr(bang + 2);
  const size_t dot = base.rfind('.');
  return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

class ArchiveReader final : public Reader {
 public:
  Status Read(Input& input, ReadContext& context, RecordSink& sink) override {
    Result<ByteView> head = input.head();
    if (!head) return tl::unexpected(head.error());
    const bool stream = IsCompressedStream(*head);
    // A member of another archive cannot seek; 7z and ZIP need their central directory,
    // so such members are read from memory.
    std::string spool;
    std::unique_ptr<MemoryInput> spooled;
    Input* source_input = &input;
    if (!input.seekable()) {
      if (Status read = internal::SpoolInput(input, context.limits().max_spool_bytes,
                                             "nested archive", spool);
          !read) {
        return read;
      }
      spooled = std::make_unique<MemoryInput>(std::string(input.path()), spool);
      source_input = spooled.get();
    }
    ArchivePtr handle(archive_read_new());
    archive_read_support_filter_all(handle.get());
    archive_read_support_format_all(handle.get());
    if (stream) archive_read_support_format_raw(handle.get());
    Source source;
    source.input = source_input;
    archive_read_set_callback_data(handle.get(), &source);
    archive_read_set_read_callback(handle.get(), ReadCallback);
    archive_read_set_seek_callback(handle.get(), SeekCallback);
    archive_read_set_skip_callback(handle.get(), SkipCallback);
    if (archive_read_open1(handle.get()) != ARCHIVE_OK) {
      return Failure(handle.get(), source, "cannot open archive");
    }
    ReadInfo info;
    Protection protection = Protection::kNone;
    uint64_t expanded = 0;
    uint64_t declared = 0;
    uint32_t entries = 0;
    const uint32_t ratio = context.limits().max_expansion_ratio;
    const uint64_t archive_bytes = std::max<uint64_t>(source_input->size().value_or(0), 1);
    bool info_sent = false;
    const std::string outer(input.path());
    for (;;) {
      if (context.TimedOut()) {
        return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached");
      }
      archive_entry* entry = nullptr;
      const int status = archive_read_next_header(handle.get(), &entry);
      if (!info_sent) {
        info.format = FormatName(handle.get());
        sink.OnInfo(info);
        info_sent = true;
      }
      if (status == ARCHIVE_EOF) break;
      if (status == ARCHIVE_FATAL || status == ARCHIVE_RETRY) {
        if (archive_read_has_encrypted_entries(handle.get()) > 0 || HeaderEncrypted(handle.get())) {
          info.protection = Protection::kEncrypted;
          sink.OnInfo(info);
          return MakeError(ErrorCode::kEncrypted,
                           "archive directory is encrypted; content unknown");
        }
        return Failure(handle.get(), source, "cannot read archive entry");
      }
      if (++entries > context.limits().max_entries) {
        return MakeError(ErrorCode::kLimitExceeded,
                         "more than " + std::to_string(context.limits().max_entries) + " entries");
      }
      if (archive_entry_filetype(entry) != AE_IFREG) continue;
      const std::string name =
          (archive_format(handle.get()) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_RAW
              ? StreamMemberName(outer)
              : EntryName(entry);
      const std::string member_path = outer + "!/" + name;
      const std::optional<uint64_t> size =
          archive_entry_size_is_set(entry)
              ? std::optional<uint64_t>(static_cast<uint64_t>(archive_entry_size(entry)))
              : std::nullopt;
      // Entries declare their sizes before any byte is expanded: far more than the archive
      // could hold at a plausible ratio is a bomb (42.zip), caught without expanding it.
      declared += size.value_or(0);
      if (ratio > 0 && declared > kRatioFloorBytes && declared / archive_bytes > ratio) {
        return MakeError(ErrorCode::kArchiveBomb, "entries declare " + std::to_string(declared) +
                                                      " bytes, over " + std::to_string(ratio) +
                                                      " times the archive's size");
      }
      Status nested;
      if (archive_entry_is_data_encrypted(entry)) {
        protection = Protection::kPassword;
        EncryptedMemberInput member(member_path, size);
        nested = context.ReadNested(member, Protection::kPassword);
      } else {
        MemberInput member(handle.get(), member_path, size, context, expanded,
                           context.limits().max_expansion_ratio);
        nested = context.ReadNested(member, Protection::kNone);
      }
      // Budget and depth limits end the whole archive; a bad member is only that member's.
      if (!nested && EndsContainer(nested.error())) {
        return tl::unexpected(nested.error());
      }
    }
    if (protection != Protection::kNone) {
      info.protection = protection;
      sink.OnInfo(info);
    }
    return Ok();
  }

 private:
  static bool HeaderEncrypted(archive* handle) {
    const char* message = archive_error_string(handle);
    return message != nullptr && (std::strstr(message, "ncrypt") != nullptr ||
                                  std::strstr(message, "assphrase") != nullptr);
  }

  static tl::unexpected<Error> Failure(archive* handle, const Source& source, const char* what) {
    if (source.error) return tl::unexpected(*source.error);
    const char* message = archive_error_string(handle);
    return MakeError(ErrorCode::kCorrupt,
                     std::string(what) + ": " + (message ? message : "unknown"));
  }
};

std::unique_ptr<Reader> MakeArchiveReader() { return std::make_unique<ArchiveReader>(); }

}  // namespace

bool SniffArchive(ByteView head, std::string_view) {
  return HasMagic(head, 0, "PK\x03\x04") || HasMagic(head, 0, "PK\x05\x06") ||
         HasMagic(head, 0, "7z\xBC\xAF\x27\x1C") || HasMagic(head, 257, "ustar") ||
         IsCompressedStream(head) || HasMagic(head, 0, "Rar!\x1A\x07") || HasMagic(head, 0, "MSCF");
}

const Format& ArchiveFormat() {
  static const Format format{"archive", SniffArchive, MakeArchiveReader};
  return format;
}

}  // namespace mamori::read
