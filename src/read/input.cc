#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "read/reader.h"

namespace mamori::read {
namespace {

Error ErrnoError(int error_number, std::string_view what) {
  const ErrorCode code = (error_number == EACCES || error_number == EPERM)
                             ? ErrorCode::kPermissionDenied
                             : ErrorCode::kIo;
  return Error{code, std::string(what) + ": " + std::strerror(error_number)};
}

}  // namespace

Result<size_t> MemoryInput::Read(std::span<char> buffer) {
  const size_t count = std::min(buffer.size(), bytes_.size() - position_);
  if (count == 0) return size_t{0};  // an empty view may have no data pointer at all
  std::memcpy(buffer.data(), bytes_.data() + position_, count);
  position_ += count;
  return count;
}

Status MemoryInput::Seek(uint64_t offset) {
  position_ = static_cast<size_t>(std::min<uint64_t>(offset, bytes_.size()));
  return Ok();
}

Result<std::unique_ptr<FileInput>> FileInput::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOATIME);
  if (fd < 0 && errno == EPERM) {
    // O_NOATIME is refused for files we do not own; read them with a plain open.
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  }
  if (fd < 0) return tl::unexpected(ErrnoError(errno, "open"));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error_number = errno;
    ::close(fd);
    return tl::unexpected(ErrnoError(error_number, "stat"));
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return MakeError(ErrorCode::kUnsupported, "not a regular file");
  }
  return std::unique_ptr<FileInput>(new FileInput(path, fd, static_cast<uint64_t>(info.st_size)));
}

FileInput::~FileInput() { ::close(fd_); }

Result<ByteView> FileInput::head() {
  if (!head_loaded_) {
    head_.resize(static_cast<size_t>(std::min<uint64_t>(size_, kHeadBytes)));
    size_t filled = 0;
    while (filled < head_.size()) {
      const ssize_t got =
          ::pread(fd_, head_.data() + filled, head_.size() - filled, static_cast<off_t>(filled));
      if (got < 0) {
        if (errno == EINTR) continue;
        return tl::unexpected(ErrnoError(errno, "read"));
      }
      if (got == 0) break;
      filled += static_cast<size_t>(got);
    }
    head_.resize(filled);
    head_loaded_ = true;
  }
  return ByteView(head_);
}

Result<size_t> FileInput::Read(std::span<char> buffer) {
  for (;;) {
    const ssize_t got = ::read(fd_, buffer.data(), buffer.size());
    if (got >= 0) return static_cast<size_t>(got);
    if (errno != EINTR) return tl::unexpected(ErrnoError(errno, "read"));
  }
}

Status FileInput::Seek(uint64_t offset) {
  if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) {
    return tl::unexpected(ErrnoError(errno, "seek"));
  }
  return Ok();
}

const Format* Registry::Find(ByteView head, std::string_view path) const {
  for (const Format& format : formats_) {
    if (format.sniff(head, path)) return &format;
  }
  return nullptr;
}

std::string_view FormatFromExtension(std::string_view path) {
  struct Known {
    std::string_view extension;
    std::string_view format;
  };
  static constexpr Known kKnown[] = {
      {"csv", "csv"},   {"tsv", "tsv"}, {"txt", "text"}, {"xlsx", "xlsx"},   {"xlsm", "xlsm"},
      {"xls", "xls"},   {"ods", "ods"}, {"odt", "odt"},  {"docx", "docx"},   {"doc", "doc"},
      {"pptx", "pptx"}, {"pdf", "pdf"}, {"mdb", "mdb"},  {"accdb", "accdb"}, {"eml", "eml"},
      {"zip", "zip"},   {"7z", "7z"},   {"lzh", "lzh"},  {"lha", "lzh"},     {"tar", "tar"},
      {"gz", "gz"},     {"bz2", "bz2"}, {"xz", "xz"},
  };
  const size_t slash = path.find_last_of("/!");
  const std::string_view base = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
  const size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return "";
  const std::string_view extension = base.substr(dot + 1);
  for (const Known& known : kKnown) {
    if (known.extension.size() != extension.size()) continue;
    bool same = true;
    for (size_t i = 0; i < extension.size() && same; ++i) {
      char c = extension[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == known.extension[i];
    }
    if (same) return known.format;
  }
  return "";
}

}  // namespace mamori::read
