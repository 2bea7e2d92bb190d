#include "read/zip/zip_archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "read/internal/spool.h"

namespace mamori::read::zip {
namespace {

constexpr size_t kSourceBufferBytes = 64 * 1024;
// Below this many expanded bytes a member is not judged by its ratio: small, repetitive XML
// (a sheet of empty styled cells) legitimately compresses a hundredfold.
constexpr uint64_t kRatioFloorBytes = 1ULL << 20;

}  // namespace

// One open libarchive handle and where it stands in the directory. libarchive has no
// "open member by name", so the cursor walks headers forward and is reopened to go back.
struct ZipArchive::Cursor {
  ~Cursor() {
    if (handle != nullptr) archive_read_free(handle);
  }

  static la_ssize_t ReadCallback(archive*, void* data, const void** out) {
    auto* cursor = static_cast<Cursor*>(data);
    Result<size_t> got = cursor->input->Read(cursor->buffer);
    if (!got) {
      cursor->error = got.error();
      return -1;
    }
    cursor->position += *got;
    cursor->bytes_read += *got;
    *out = cursor->buffer.data();
    return static_cast<la_ssize_t>(*got);
  }

  static la_int64_t SeekCallback(archive*, void* data, la_int64_t offset, int whence) {
    auto* cursor = static_cast<Cursor*>(data);
    int64_t target = offset;
    if (whence == SEEK_CUR) target += static_cast<int64_t>(cursor->position);
    if (whence == SEEK_END) target += static_cast<int64_t>(cursor->input->size().value_or(0));
    if (target < 0) return ARCHIVE_FATAL;
    if (Status moved = cursor->input->Seek(static_cast<uint64_t>(target)); !moved) {
      cursor->error = moved.error();
      return ARCHIVE_FATAL;
    }
    cursor->position = static_cast<uint64_t>(target);
    return target;
  }

  static la_int64_t SkipCallback(archive* handle, void* data, la_int64_t request) {
    const la_int64_t moved = SeekCallback(handle, data, request, SEEK_CUR);
    return moved < 0 ? 0 : request;
  }

  Error Failure(const char* what) const {
    if (error) return *error;
    const char* message = handle != nullptr ? archive_error_string(handle) : nullptr;
    return Error{ErrorCode::kCorrupt,
                 std::string(what) + ": " + (message != nullptr ? message : "not a ZIP package")};
  }

  archive* handle = nullptr;
  Input* input = nullptr;
  std::vector<char> buffer = std::vector<char>(kSourceBufferBytes);
  uint64_t position = 0;
  uint64_t bytes_read = 0;  // compressed bytes pulled, for the expansion ratio
  int64_t current = -1;     // directory index of the last header read
  std::optional<Error> error;
};

ZipArchive::ZipArchive(Input& input, ReadContext& context) : input_(&input), context_(context) {}

ZipArchive::~ZipArchive() = default;

Result<std::unique_ptr<ZipArchive>> ZipArchive::Open(Input& input, ReadContext& context) {
  std::unique_ptr<ZipArchive> zip(new ZipArchive(input, context));
  if (!input.seekable()) {
    // The directory sits at the end of a ZIP, so a stream is copied into memory first.
    if (Status read =
            internal::SpoolInput(input, context.limits().max_spool_bytes, "package", zip->spool_);
        !read) {
      return tl::unexpected(read.error());
    }
    zip->spooled_ = std::make_unique<MemoryInput>(std::string(input.path()), zip->spool_);
    zip->input_ = zip->spooled_.get();
  }
  if (Status opened = zip->Reopen(); !opened) return tl::unexpected(opened.error());
  const uint32_t max_entries = context.limits().max_entries;
  for (uint32_t index = 0;; ++index) {
    if (context.TimedOut()) {
      return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached");
    }
    archive_entry* entry = nullptr;
    const int status = archive_read_next_header(zip->cursor_->handle, &entry);
    if (status == ARCHIVE_EOF) break;
    if (status < ARCHIVE_WARN) {
      return tl::unexpected(zip->cursor_->Failure("cannot read ZIP directory"));
    }
    zip->cursor_->current = index;
    if (index >= max_entries) {
      return MakeError(ErrorCode::kLimitExceeded,
                       "more than " + std::to_string(max_entries) + " ZIP entries");
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    Entry member;
    const char* name = archive_entry_pathname_utf8(entry);
    if (name == nullptr) name = archive_entry_pathname(entry);
    member.name = name != nullptr ? name : "";
    if (archive_entry_size_is_set(entry)) {
      member.size = static_cast<uint64_t>(std::max<la_int64_t>(archive_entry_size(entry), 0));
    }
    member.encrypted = archive_entry_is_data_encrypted(entry) != 0;
    member.index = index;
    zip->entries_.push_back(std::move(member));
  }
  return zip;
}

Status ZipArchive::Reopen() {
  cursor_ = std::make_unique<Cursor>();
  cursor_->input = input_;
  if (Status start = input_->Seek(0); !start) return start;
  cursor_->handle = archive_read_new();
  if (cursor_->handle == nullptr) return MakeError(ErrorCode::kIo, "out of memory");
  archive_read_support_format_zip_seekable(cursor_->handle);
  archive_read_set_callback_data(cursor_->handle, cursor_.get());
  archive_read_set_read_callback(cursor_->handle, Cursor::ReadCallback);
  archive_read_set_seek_callback(cursor_->handle, Cursor::SeekCallback);
  archive_read_set_skip_callback(cursor_->handle, Cursor::SkipCallback);
  if (archive_read_open1(cursor_->handle) != ARCHIVE_OK) {
    return tl::unexpected(cursor_->Failure("cannot open ZIP package"));
  }
  return Ok();
}

Status ZipArchive::SeekTo(uint32_t index) {
  if (cursor_ == nullptr || cursor_->current >= static_cast<int64_t>(index)) {
    if (Status opened = Reopen(); !opened) return opened;
  }
  while (cursor_->current < static_cast<int64_t>(index)) {
    if (context_.TimedOut()) {
      return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached");
    }
    archive_entry* entry = nullptr;
    const int status = archive_read_next_header(cursor_->handle, &entry);
    if (status == ARCHIVE_EOF) return MakeError(ErrorCode::kCorrupt, "ZIP member vanished");
    if (status < ARCHIVE_WARN) return tl::unexpected(cursor_->Failure("cannot read ZIP entry"));
    ++cursor_->current;
  }
  return Ok();
}

const Entry* ZipArchive::Find(std::string_view name) const {
  if (!name.empty() && name.front() == '/') name.remove_prefix(1);
  for (const Entry& entry : entries_) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

bool ZipArchive::AnyEncrypted() const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [](const Entry& entry) { return entry.encrypted; });
}

Status ZipArchive::ReadMember(const Entry& entry, const ChunkConsumer& consumer) {
  if (entry.encrypted) {
    return MakeError(ErrorCode::kEncrypted, entry.name + " is encrypted; content unknown");
  }
  if (Status found = SeekTo(entry.index); !found) return found;
  const uint64_t start = cursor_->bytes_read;
  const uint32_t ratio = context_.limits().max_expansion_ratio;
  uint64_t expanded = 0;
  std::vector<char> out(kSourceBufferBytes);
  for (;;) {
    if (context_.TimedOut()) {
      return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached");
    }
    const la_ssize_t got = archive_read_data(cursor_->handle, out.data(), out.size());
    if (got < 0) {
      Error failure = cursor_->Failure("cannot expand");
      failure.message = entry.name + ": " + failure.message;
      return tl::unexpected(std::move(failure));
    }
    if (got == 0) break;
    const auto count = static_cast<uint64_t>(got);
    expanded += count;
    if (Status charged = context_.ChargeExpandedBytes(count); !charged) return charged;
    // The compressed bytes are counted as pulled from the Input, which runs up to one buffer
    // ahead of libarchive; the ratio is therefore underestimated, never overestimated.
    const uint64_t compressed = cursor_->bytes_read - start + kSourceBufferBytes;
    if (ratio > 0 && expanded > kRatioFloorBytes && expanded / compressed > ratio) {
      return MakeError(ErrorCode::kArchiveBomb,
                       entry.name + ": expansion ratio above " + std::to_string(ratio) + ":1");
    }
    if (Status consumed = consumer(std::string_view(out.data(), static_cast<size_t>(count)));
        !consumed) {
      return consumed;
    }
  }
  return Ok();
}

Result<std::string> ZipArchive::ReadMemberToString(const Entry& entry, uint64_t max_bytes) {
  std::string text;
  Status read = ReadMember(entry, [&](std::string_view chunk) -> Status {
    if (text.size() + chunk.size() > max_bytes) {
      return MakeError(ErrorCode::kLimitExceeded,
                       entry.name + " larger than " + std::to_string(max_bytes) + " bytes");
    }
    text.append(chunk);
    return Ok();
  });
  if (!read) return tl::unexpected(read.error());
  return text;
}

}  // namespace mamori::read::zip
