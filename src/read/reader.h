// The read module turns a file's bytes into records of text cells. Each format is a Reader,
// registered by an explicit function from one list (RegisterBuiltinFormats); the scanner
// sniffs a file's head, picks the first Format whose sniff() accepts it, and streams the
// records into a RecordSink. Readers never see detectors (the scan module joins them).
//
//   read::Registry registry;
//   read::RegisterBuiltinFormats(registry);
//   const read::Format* format = registry.Find(input.head(), input.path());
//   auto reader = format->make_reader();
//   read::Status status = reader->Read(input, context, sink);
//
// Text is always handed over as UTF-8 in NFKC form (full-width digits and letters folded),
// so detectors match one alphabet whatever the file's encoding.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/protection.h"
#include "base/status.h"
#include "base/text_cell.h"

namespace mamori::read {

// Resource limits a reader must respect; each is a command-line option.
struct Limits {
  uint64_t max_record_bytes = 1 << 20;       // a longer CSV record or line is cut (error noted)
  uint32_t max_nesting_depth = 8;            // archives and attachments inside each other
  uint64_t max_expanded_bytes = 1ULL << 32;  // per top-level file, all members together
  uint32_t max_expansion_ratio = 200;        // expanded / compressed, per member
  uint32_t max_entries = 100000;             // members per archive
  double max_seconds_per_file = 300;         // 0 = no limit
  uint64_t max_spool_bytes = 256ULL << 20;   // a non-seekable member read into memory
};

// A byte source: a file on disk, a member of an archive, a buffer in a test.
// Not thread-safe; one Input is read by one reader on one thread.
class Input {
 public:
  static constexpr size_t kHeadBytes = 64 * 1024;

  virtual ~Input() = default;
  // Display path as raw bytes (not necessarily UTF-8); members of containers are written
  // "archive.zip!/dir/list.csv".
  virtual std::string_view path() const = 0;
  // The first min(size, kHeadBytes) bytes. Does not move the read position. The view stays
  // valid for the life of the Input.
  virtual Result<ByteView> head() = 0;
  virtual std::optional<uint64_t> size() const = 0;
  // Reads the next bytes from the current position (the start, on the first call) into
  // `buffer`; returns the count, 0 at the end.
  virtual Result<size_t> Read(std::span<char> buffer) = 0;
  // Random access, for formats whose directory sits at the end (ZIP, 7z, OLE2). Inputs that
  // are streams (archive members) are not seekable; a reader then spools them to memory
  // within Limits::max_spool_bytes or reports kLimitExceeded.
  virtual bool seekable() const { return false; }
  // Moves the read position to `offset` bytes from the start. REQUIRES: seekable().
  virtual Status Seek(uint64_t /*offset*/) {
    return MakeError(ErrorCode::kUnsupported, "input is not seekable");
  }
};

// An Input over bytes held in memory. The caller keeps `bytes` alive.
class MemoryInput final : public Input {
 public:
  MemoryInput(std::string path, ByteView bytes) : path_(std::move(path)), bytes_(bytes) {}
  std::string_view path() const override { return path_; }
  Result<ByteView> head() override { return bytes_.substr(0, kHeadBytes); }
  std::optional<uint64_t> size() const override { return bytes_.size(); }
  Result<size_t> Read(std::span<char> buffer) override;
  bool seekable() const override { return true; }
  Status Seek(uint64_t offset) override;

 private:
  std::string path_;
  ByteView bytes_;
  size_t position_ = 0;
};

// An Input over an open file descriptor, which it owns and closes.
class FileInput final : public Input {
 public:
  // Opens `path` read-only without updating its access time where the OS allows
  // (O_NOATIME, which needs the file's owner or CAP_FOWNER; otherwise a plain open).
  static Result<std::unique_ptr<FileInput>> Open(const std::string& path);
  ~FileInput() override;
  std::string_view path() const override { return path_; }
  Result<ByteView> head() override;
  std::optional<uint64_t> size() const override { return size_; }
  Result<size_t> Read(std::span<char> buffer) override;
  bool seekable() const override { return true; }
  Status Seek(uint64_t offset) override;

 private:
  FileInput(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  std::string path_;
  int fd_;
  uint64_t size_;
  std::string head_;
  bool head_loaded_ = false;
};

// One cell of a record: UTF-8, NFKC. The view is valid only until OnRecord returns.
using Cell = TextCell;

// A part of a file that holds records: a sheet, a table, a page, or the whole text.
struct Part {
  std::string_view name;                 // "" when the file has one part
  std::span<const std::string> headers;  // NFKC header cells; empty when no header row
  bool tabular = false;                  // rows with columns (CSV, sheets, tables)
};

struct Record {
  uint64_t index = 0;  // 1-based row or line number within the part (header row included)
  std::span<const Cell> cells;
};

// What a reader learnt about the file, reported before the first record, and again when
// the reader learns more (an archive knows its protection only after its last entry).
struct ReadInfo {
  std::string format;    // "csv", "tsv", "text", "xlsx", ...
  std::string encoding;  // "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "shift_jis", ...
  Protection protection = Protection::kNone;  // kEncrypted + Error kEncrypted: content unknown
};

// Receives a reader's output. Returning false from OnRecord stops the read cleanly.
// Called on the reader's thread only.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void OnInfo(const ReadInfo& /*info*/) {}
  virtual void OnPartBegin(const Part& /*part*/) {}
  virtual bool OnRecord(const Part& part, const Record& record) = 0;
  virtual void OnPartEnd(const Part& /*part*/) {}
  // A problem that loses some content but lets the read go on (a cut record, bytes that
  // did not decode). The file's outcome becomes `partial`.
  virtual void OnWarning(const Error& /*warning*/) {}
};

// What a reader may ask of the scanner while it reads.
class ReadContext {
 public:
  virtual ~ReadContext() = default;
  virtual const Limits& limits() const = 0;
  // True once the per-file time limit has passed; a reader checks it between chunks and
  // returns kLimitExceeded.
  virtual bool TimedOut() const = 0;
  // Container readers (archives, mails) hand each member back for sniffing and dispatch;
  // the member becomes a result of its own, "outer!/member". `protection` is what the
  // container says of the member (an encrypted ZIP entry). Returns kLimitExceeded past
  // Limits::max_nesting_depth; other member errors are the member's, not the container's.
  virtual Status ReadNested(Input& member, Protection protection) = 0;
  // Counts bytes a container expanded, against Limits::max_expanded_bytes for the whole
  // top-level file. Returns kLimitExceeded once past it; the reader then stops.
  virtual Status ChargeExpandedBytes(uint64_t bytes) = 0;
};

// True for the errors of a member that end its container too: a resource limit, or an
// archive bomb (which ends the whole top-level file). Other member errors are the member's.
inline bool EndsContainer(const Error& error) {
  return error.code == ErrorCode::kLimitExceeded || error.code == ErrorCode::kArchiveBomb;
}

// One instance per worker thread, reused across files (it may keep scratch buffers).
// Never throws. Returns an Error when the file could not be read to its end; records
// delivered before the error stay counted.
class Reader {
 public:
  virtual ~Reader() = default;
  virtual Status Read(Input& input, ReadContext& context, RecordSink& sink) = 0;
};

struct Format {
  std::string_view name;                                // "text", "xlsx", "zip"
  bool (*sniff)(ByteView head, std::string_view path);  // magic bytes first
  std::unique_ptr<Reader> (*make_reader)();
};

// The formats mamori reads, in the order they are tried. Immutable once filled; Find() may
// be called from any thread.
class Registry {
 public:
  void Register(const Format& format) { formats_.push_back(format); }
  // First format whose sniff accepts the file, or nullptr (unsupported binary).
  const Format* Find(ByteView head, std::string_view path) const;
  std::span<const Format> formats() const { return formats_; }

 private:
  std::vector<Format> formats_;
};

// The format a file's extension names, spelt as ReadInfo::format reports it ("csv", "xlsx",
// "lzh" for .lha, "text" for .txt), or "" for an unknown or missing extension. Only a guess,
// for files whose content cannot be sniffed (an encrypted archive member); ASCII case is
// ignored; `path` may be a member path ("a.zip!/dir/list.XLSX"). Returns a static string.
std::string_view FormatFromExtension(std::string_view path);

// Fills `registry` with every built-in format (one explicit list, in formats.cc).
void RegisterBuiltinFormats(Registry& registry);

// Starts the helper process that readers of hostile-prone formats (Access: libmdb) fork
// their isolated children from. Call it once while the process is still single-threaded,
// before a scan (or a store) starts threads: a child forked from a multi-threaded process
// can inherit a lock another thread held (the ASan allocator's, iconv's) and hang. Without
// it readers fork directly, which is safe only while the process has one thread.
void StartIsolationServer();

}  // namespace mamori::read
