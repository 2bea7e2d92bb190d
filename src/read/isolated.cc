#include "read/internal/isolated.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
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
                           bool timed_out, IsolatedBody body, std::string& bytes) {
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
    status = body(bytes, context, sink);
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

// What a caller asks the isolation server for; the bytes and the pipe the child writes to
// travel as file descriptors beside it.
struct Request {
  IsolatedBody body = nullptr;
  IsolationLimits limits;
  Limits read_limits;
  bool timed_out = false;
  uint64_t size = 0;
};
static_assert(std::is_trivially_copyable_v<Request>);

// The server's two answers to a request: the child's pid (or -errno), then its wait status.
struct Reply {
  int64_t value = 0;
};

bool SendWithFds(int socket, const void* data, size_t size, const int* fds, size_t fd_count) {
  iovec io{const_cast<void*>(data), size};
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(2 * sizeof(int))] = {};
  if (fd_count > 0) {
    message.msg_control = control;
    message.msg_controllen = CMSG_SPACE(fd_count * sizeof(int));
    cmsghdr* header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(fd_count * sizeof(int));
    std::memcpy(CMSG_DATA(header), fds, fd_count * sizeof(int));
  }
  while (true) {
    const ssize_t sent = ::sendmsg(socket, &message, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    return sent == static_cast<ssize_t>(size);
  }
}

// Receives one message of exactly `size` bytes and up to two descriptors.
bool ReceiveWithFds(int socket, void* data, size_t size, int* fds, size_t fd_count) {
  iovec io{data, size};
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(2 * sizeof(int))] = {};
  message.msg_control = control;
  message.msg_controllen = sizeof(control);
  ssize_t got = 0;
  do {
    got = ::recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
  } while (got < 0 && errno == EINTR);
  for (size_t i = 0; i < fd_count; ++i) fds[i] = -1;
  for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr;
       header = CMSG_NXTHDR(&message, header)) {
    if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
    const size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    std::vector<int> received(count);
    std::memcpy(received.data(), CMSG_DATA(header), count * sizeof(int));
    for (size_t i = 0; i < count; ++i) {
      if (i < fd_count) {
        fds[i] = received[i];
      } else {
        ::close(received[i]);
      }
    }
  }
  return got == static_cast<ssize_t>(size);
}

bool ReadAll(int fd, std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got =
        ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    done += static_cast<size_t>(got);
  }
  return true;
}

bool WriteAll(int fd, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    done += static_cast<size_t>(wrote);
  }
  return true;
}

// The server: single-threaded, forked before the scan started any thread, so the children
// it forks never inherit a lock held by another thread (a forked multi-threaded process
// can: the ASan allocator's, iconv's). One request at a time; it ends with its parent.
[[noreturn]] void ServeRequests(int control) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  while (true) {
    Request request;
    int fds[2];
    if (!ReceiveWithFds(control, &request, sizeof(request), fds, 2) || fds[0] < 0 || fds[1] < 0) {
      ::_exit(0);  // the parent closed the socket (or sent nonsense): nothing more to do
    }
    const pid_t child = ::fork();
    if (child == 0) {
      ::close(control);
      std::string bytes(static_cast<size_t>(request.size), '\0');
      const bool read = ReadAll(fds[0], bytes);
      ::close(fds[0]);
      if (!read) ::_exit(4);
      RunChild(fds[1], request.limits, request.read_limits, request.timed_out, request.body, bytes);
    }
    ::close(fds[0]);
    ::close(fds[1]);
    const Reply started{child < 0 ? -static_cast<int64_t>(errno) : child};
    if (!SendWithFds(control, &started, sizeof(started), nullptr, 0)) ::_exit(0);
    int wait_status = 0;
    if (child > 0) {
      while (::waitpid(child, &wait_status, 0) < 0 && errno == EINTR) {
      }
    }
    const Reply finished{wait_status};
    if (!SendWithFds(control, &finished, sizeof(finished), nullptr, 0)) ::_exit(0);
  }
}

struct Server {
  std::mutex mutex;
  int control = -1;  // -1: not started (or gone): readers fork directly
};

Server& TheServer() {
  static Server server;
  return server;
}

Status Interpret(const std::optional<Status>& status, int wait_status,
                 const IsolationLimits& limits) {
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

// Through the server. nullopt: the server is gone (the caller forks directly).
std::optional<Status> RunThroughServer(Server& server, const IsolationLimits& limits,
                                       ReadContext& context, RecordSink& sink, IsolatedBody body,
                                       std::string& bytes) {
  std::lock_guard lock(server.mutex);
  if (server.control < 0) return std::nullopt;
  const int memory = ::memfd_create("mamori-isolated-input", MFD_CLOEXEC);
  if (memory < 0) {
    return MakeError(ErrorCode::kIo, std::string("memfd_create: ") + std::strerror(errno));
  }
  if (!WriteAll(memory, bytes)) {
    ::close(memory);
    return MakeError(ErrorCode::kIo, std::string("memfd write: ") + std::strerror(errno));
  }
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    ::close(memory);
    return MakeError(ErrorCode::kIo, std::string("pipe: ") + std::strerror(errno));
  }
  Request request;
  request.body = body;
  request.limits = limits;
  request.read_limits = context.limits();
  request.timed_out = context.TimedOut();
  request.size = bytes.size();
  const int passed[2] = {memory, pipe_fds[1]};
  const bool sent = SendWithFds(server.control, &request, sizeof(request), passed, 2);
  ::close(memory);
  ::close(pipe_fds[1]);
  Reply started;
  if (!sent || !ReceiveWithFds(server.control, &started, sizeof(started), nullptr, 0)) {
    ::close(pipe_fds[0]);
    ::close(server.control);
    server.control = -1;
    return std::nullopt;
  }
  if (started.value < 0) {
    ::close(pipe_fds[0]);
    return MakeError(ErrorCode::kIo,
                     std::string("fork: ") + std::strerror(static_cast<int>(-started.value)));
  }
  bool stopped = false;
  const std::optional<Status> status = Replay(pipe_fds[0], sink, stopped);
  ::close(pipe_fds[0]);
  if (stopped || !status) ::kill(static_cast<pid_t>(started.value), SIGKILL);
  Reply finished;
  if (!ReceiveWithFds(server.control, &finished, sizeof(finished), nullptr, 0)) {
    ::close(server.control);
    server.control = -1;
    if (status) return *status;
    return MakeError(ErrorCode::kIo, "the isolation server stopped");
  }
  return Interpret(status, static_cast<int>(finished.value), limits);
}

}  // namespace

Status RunIsolated(const IsolationLimits& limits, ReadContext& context, RecordSink& sink,
                   IsolatedBody body, std::string& bytes) {
  if (std::optional<Status> status =
          RunThroughServer(TheServer(), limits, context, sink, body, bytes)) {
    return *status;
  }
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
    RunChild(fds[1], limits, read_limits, timed_out, body, bytes);
  }
  ::close(fds[1]);
  bool stopped = false;
  const std::optional<Status> status = Replay(fds[0], sink, stopped);
  ::close(fds[0]);
  if (stopped || !status) ::kill(child, SIGKILL);
  int wait_status = 0;
  while (::waitpid(child, &wait_status, 0) < 0 && errno == EINTR) {
  }
  return Interpret(status, wait_status, limits);
}

}  // namespace mamori::read::internal

namespace mamori::read {

void StartIsolationServer() {
  internal::Server& server = internal::TheServer();
  std::lock_guard lock(server.mutex);
  if (server.control >= 0) return;
  int sockets[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sockets) != 0) return;
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(sockets[0]);
    ::close(sockets[1]);
    return;
  }
  if (pid == 0) {
    ::close(sockets[0]);
    internal::ServeRequests(sockets[1]);
  }
  ::close(sockets[1]);
  server.control = sockets[0];
}

}  // namespace mamori::read
