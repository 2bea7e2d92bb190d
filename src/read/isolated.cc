#include "read/internal/isolated.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace mamori::read::internal {
namespace {

// Messages from child to parent, each a tag byte and length-prefixed fields.
enum Tag : char {
  kInfo = 'I',
  kPartBegin = 'B',
  kRecord = 'R',
  kPartEnd = 'E',
  kWarning = 'W',
  kStatus = 'S',
};

class Writer {
 public:
  explicit Writer(int fd) : fd_(fd) {}
  void Byte(char value) { buffer_.push_back(value); }
  void U64(uint64_t value) { buffer_.append(reinterpret_cast<const char*>(&value), sizeof(value)); }
  void Text(std::string_view text) {
    U64(text.size());
    buffer_.append(text);
  }
  // Writes what was buffered; a parent that stopped listening ends the child.
  void Flush() {
    size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t wrote = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (wrote < 0 && errno == EINTR) continue;
      if (wrote <= 0) ::_exit(3);
      done += static_cast<size_t>(wrote);
    }
    buffer_.clear();
  }
  void MaybeFlush() {
    if (buffer_.size() >= 64 * 1024) Flush();
  }

 private:
  int fd_;
  std::string buffer_;
};

class Reader {
 public:
  explicit Reader(int fd) : fd_(fd) {}
  bool Byte(char& value) { return Take(&value, 1); }
  bool U64(uint64_t& value) { return Take(&value, sizeof(value)); }
  bool Text(std::string& text) {
    uint64_t size = 0;
    if (!U64(size) || size > (1ULL << 32)) return false;
    text.resize(static_cast<size_t>(size));
    return size == 0 || Take(text.data(), text.size());
  }

 private:
  bool Take(void* out, size_t size) {
    auto* bytes = static_cast<char*>(out);
    while (size > 0) {
      if (position_ == filled_) {
        const ssize_t got = ::read(fd_, buffer_, sizeof(buffer_));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        position_ = 0;
        filled_ = static_cast<size_t>(got);
      }
      const size_t take = std::min(size, filled_ - position_);
      std::memcpy(bytes, buffer_ + position_, take);
      position_ += take;
      bytes += take;
      size -= take;
    }
    return true;
  }
  int fd_;
  char buffer_[64 * 1024];
  size_t position_ = 0;
  size_t filled_ = 0;
};

// The child's sink: every call becomes a message.
class SerialisingSink final : public RecordSink {
 public:
  explicit SerialisingSink(Writer& out) : out_(out) {}
  void OnInfo(const ReadInfo& info) override {
    out_.Byte(kInfo);
    out_.Text(info.format);
    out_.Text(info.encoding);
    out_.Byte(static_cast<char>(info.protection));
  }
  void OnPartBegin(const Part& part) override {
    out_.Byte(kPartBegin);
    out_.Text(part.name);
    out_.Byte(part.tabular ? 1 : 0);
    out_.U64(part.headers.size());
    for (const std::string& header : part.headers) out_.Text(header);
  }
  bool OnRecord(const Part&, const Record& record) override {
    out_.Byte(kRecord);
    out_.U64(record.index);
    out_.U64(record.cells.size());
    for (const Cell& cell : record.cells) {
      out_.U64(cell.column);
      out_.Text(cell.text);
    }
    out_.MaybeFlush();
    return true;
  }
  void OnPartEnd(const Part&) override { out_.Byte(kPartEnd); }
  void OnWarning(const Error& warning) override {
    out_.Byte(kWarning);
    out_.Byte(static_cast<char>(warning.code));
    out_.Text(warning.message);
  }

 private:
  Writer& out_;
};

// The child's context: nothing nested. Time: a file whose deadline had passed at the fork
// is timed out from the start; otherwise the alarm ends the child.
class ChildContext final : public ReadContext {
 public:
  ChildContext(const Limits& limits, bool timed_out) : limits_(limits), timed_out_(timed_out) {}
  const Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return timed_out_; }
  Status ReadNested(Input&, Protection) override {
    return MakeError(ErrorCode::kUnsupported, "members are not read from an isolated reader");
  }
  Status ChargeExpandedBytes(uint64_t) override { return Ok(); }

 private:
  Limits limits_;
  bool timed_out_;
};

[[noreturn]] void RunChild(int fd, const IsolationLimits& limits, const Limits& read_limits,
                           bool timed_out, const IsolatedBody& body) {
  // Libraries that print (libmdb dumps pages) must not reach the report on stdout.
  const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null_fd >= 0) {
    ::dup2(null_fd, STDOUT_FILENO);
    ::dup2(null_fd, STDERR_FILENO);
  }
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  // Sanitizer runtimes reserve terabytes of address space; the limit is skipped there.
  const rlimit memory{limits.max_memory_bytes, limits.max_memory_bytes};
  ::setrlimit(RLIMIT_AS, &memory);
#endif
  ::alarm(limits.max_seconds);
  Writer out(fd);
  SerialisingSink sink(out);
  ChildContext context(read_limits, timed_out);
  Status status = Ok();
  try {
    status = body(context, sink);
  } catch (const std::bad_alloc&) {
    status = MakeError(ErrorCode::kLimitExceeded, "out of memory");
  } catch (...) {
    status = MakeError(ErrorCode::kCorrupt, "reader failed");
  }
  out.Byte(kStatus);
  out.Byte(status ? 1 : 0);
  out.Byte(static_cast<char>(status ? ErrorCode::kIo : status.error().code));
  out.Text(status ? "" : status.error().message);
  out.Flush();
  ::_exit(0);
}

// Replays the child's messages; returns the child's final status, or nullopt when the
// stream ended without one (the child died).
std::optional<Status> Replay(int fd, RecordSink& sink, bool& stopped) {
  Reader in(fd);
  std::string part_name;
  std::vector<std::string> headers;
  bool tabular = false;
  std::vector<std::string> texts;
  std::vector<Cell> cells;
  const auto part = [&] { return Part{part_name, std::span<const std::string>(headers), tabular}; };
  for (char tag = 0; in.Byte(tag);) {
    switch (tag) {
      case kInfo: {
        ReadInfo info;
        char protection = 0;
        if (!in.Text(info.format) || !in.Text(info.encoding) || !in.Byte(protection)) {
          return std::nullopt;
        }
        info.protection = static_cast<Protection>(protection);
        sink.OnInfo(info);
        break;
      }
      case kPartBegin: {
        char flag = 0;
        uint64_t count = 0;
        if (!in.Text(part_name) || !in.Byte(flag) || !in.U64(count) || count > (1u << 20)) {
          return std::nullopt;
        }
        tabular = flag != 0;
        headers.assign(static_cast<size_t>(count), std::string());
        for (std::string& header : headers) {
          if (!in.Text(header)) return std::nullopt;
        }
        sink.OnPartBegin(part());
        break;
      }
      case kRecord: {
        uint64_t index = 0;
        uint64_t count = 0;
        if (!in.U64(index) || !in.U64(count) || count > (1u << 20)) return std::nullopt;
        texts.resize(static_cast<size_t>(count));
        cells.resize(static_cast<size_t>(count));
        for (size_t i = 0; i < count; ++i) {
          uint64_t column = 0;
          if (!in.U64(column) || !in.Text(texts[i])) return std::nullopt;
          cells[i] = Cell{texts[i], static_cast<uint32_t>(column)};
        }
        if (!stopped && !sink.OnRecord(part(), Record{index, cells})) {
          stopped = true;
          return Ok();
        }
        break;
      }
      case kPartEnd:
        sink.OnPartEnd(part());
        break;
      case kWarning: {
        char code = 0;
        std::string message;
        if (!in.Byte(code) || !in.Text(message)) return std::nullopt;
        sink.OnWarning(Error{static_cast<ErrorCode>(code), message});
        break;
      }
      case kStatus: {
        char ok = 0;
        char code = 0;
        std::string message;
        if (!in.Byte(ok) || !in.Byte(code) || !in.Text(message)) return std::nullopt;
        if (ok) return Ok();
        return Status(tl::unexpected(Error{static_cast<ErrorCode>(code), message}));
      }
      default:
        return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

Status RunIsolated(const IsolationLimits& limits, ReadContext& context, RecordSink& sink,
                   const IsolatedBody& body) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return MakeError(ErrorCode::kIo, std::string("pipe: ") + std::strerror(errno));
  }
  const Limits read_limits = context.limits();
  const bool timed_out = context.TimedOut();
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return MakeError(ErrorCode::kIo, std::string("fork: ") + std::strerror(errno));
  }
  if (child == 0) {
    ::close(fds[0]);
    RunChild(fds[1], limits, read_limits, timed_out, body);
  }
  ::close(fds[1]);
  bool stopped = false;
  const std::optional<Status> status = Replay(fds[0], sink, stopped);
  ::close(fds[0]);
  if (stopped || !status) ::kill(child, SIGKILL);
  int wait_status = 0;
  while (::waitpid(child, &wait_status, 0) < 0 && errno == EINTR) {
  }
  if (status) return *status;
  if (WIFSIGNALED(wait_status)) {
    const int signal_number = WTERMSIG(wait_status);
    if (signal_number == SIGALRM) {
      return MakeError(ErrorCode::kLimitExceeded,
                       "reader took longer than " + std::to_string(limits.max_seconds) + " s");
    }
    return MakeError(ErrorCode::kCorrupt,
                     "reader died of signal " + std::to_string(signal_number) + " on this file");
  }
  return MakeError(ErrorCode::kCorrupt, "reader stopped without a result");
}

}  // namespace mamori::read::internal
