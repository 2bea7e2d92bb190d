#include "scan/scan.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace mamori::scan {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kPrecedingTextBytes = 900;  // ~300 Japanese characters

// Feeds a reader's records through the detectors into the tally, and collects what the
// reader says about the file. One per nesting level of a worker, reset for each file.
class FileSink final : public read::RecordSink {
 public:
  FileSink(const detect::DetectorSet& detectors, detect::Scratch& scratch, record::Tally& tally)
      : detectors_(detectors), scratch_(scratch), tally_(tally) {}

  void Reset(report::FileResult* result) {
    result_ = result;
    part_open_ = false;
  }

  void OnInfo(const read::ReadInfo& info) override {
    result_->format = info.format;
    if (!info.encoding.empty()) result_->encoding = info.encoding;
    result_->protection = std::max(result_->protection, info.protection);
  }

  void OnPartBegin(const read::Part& part) override {
    evidence_ = detectors_.BeginPart(part.headers, part.tabular);
    tally_.BeginPart(evidence_);
    part_open_ = true;
    preceding_.clear();
  }

  bool OnRecord(const read::Part& part, const read::Record& record) override {
    findings_.Clear();
    detectors_.Scan(evidence_, record.cells, preceding_, scratch_, findings_);
    tally_.AddRecord(findings_.view());
    if (!part.tabular) RememberText(record);
    return true;
  }

  void OnPartEnd(const read::Part&) override { EndPart(); }

  void OnWarning(const Error& warning) override { result_->errors.push_back(warning); }

  void EndPart() {
    if (!part_open_) return;
    tally_.EndPart();
    part_open_ = false;
  }

 private:
  // Keeps the tail of the text before the next line, for keywords such as 基礎年金番号 on
  // the line above a number. Cut at a character boundary.
  void RememberText(const read::Record& record) {
    for (const read::Cell& cell : record.cells) {
      preceding_.append(cell.text);
      preceding_.push_back('\n');
    }
    if (preceding_.size() > 2 * kPrecedingTextBytes) {
      size_t cut = preceding_.size() - kPrecedingTextBytes;
      while (cut < preceding_.size() &&
             (static_cast<unsigned char>(preceding_[cut]) & 0xC0) == 0x80) {
        ++cut;
      }
      preceding_.erase(0, cut);
    }
  }

  const detect::DetectorSet& detectors_;
  detect::Scratch& scratch_;
  record::Tally& tally_;
  report::FileResult* result_ = nullptr;
  detect::PartEvidence evidence_;
  bool part_open_ = false;
  std::string preceding_;
  detect::Findings findings_;
};

using Emit = std::function<void(report::FileResult&&)>;

// Limits shared by a top-level file and everything nested in it.
struct FileBudget {
  explicit FileBudget(const read::Limits& limits)
      : deadline(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(limits.max_seconds_per_file))) {}
  Clock::time_point deadline;
  uint64_t expanded = 0;
};

// Everything one thread needs to scan files: its readers, detector scratch, and one tally
// and sink per nesting level (a mail's body is still being counted while its attachment
// is read).
class Worker {
 public:
  Worker(const ScanOptions& options, const read::Registry& formats,
         const detect::DetectorSet& detectors, const KeyedHasher& hasher)
      : options_(options),
        formats_(formats),
        detectors_(detectors),
        hasher_(hasher),
        scratch_(detectors.NewScratch()) {}

  // Scans `input` into `result`; members of containers go to `emit` as results of their own.
  void ScanInput(read::Input& input, report::FileResult& result, FileBudget& budget, size_t depth,
                 const Emit& emit) {
    Result<ByteView> head = input.head();
    if (!head) {
      // An encrypted member cannot be sniffed: its extension is the only witness left.
      if (head.error().code == ErrorCode::kEncrypted) {
        result.format = std::string(read::FormatFromExtension(input.path()));
      }
      return Fail(result, head.error());
    }
    const read::Format* format = formats_.Find(*head, input.path());
    if (format == nullptr) {
      result.format = "binary";
      return Skip(result, Error{ErrorCode::kUnsupported, "not a format mamori reads"});
    }
    result.format = std::string(format->name);
    Level& level = LevelAt(depth);
    NestedContext context(*this, options_.limits, budget, depth, result, emit);
    level.sink.Reset(&result);
    const Status status = ReaderFor(*format, depth).Read(input, context, level.sink);
    level.sink.EndPart();
    result.tally = level.tally.Finish();
    if (!status) {
      Fail(result, status.error());
    } else if (!result.errors.empty()) {
      result.outcome = report::Outcome::kPartial;
      result.reason = std::string(ErrorCodeName(result.errors.front().code));
    }
  }

  report::FileResult ScanEntry(const walk::Entry& entry, const Emit& emit) {
    report::FileResult result;
    result.path = entry.path;
    result.size = entry.size;
    result.mtime = entry.mtime;
    result.inode = entry.inode;
    result.device = entry.device;
    result.ctime_ns = entry.ctime_ns;
    result.uid = entry.uid;
    result.gid = entry.gid;
    result.mode = entry.mode;
    result.acl = entry.acl_read || entry.error ? entry.acl : walk::ReadAccessAcl(entry.path);
    if (entry.error) {
      Skip(result, *entry.error);
      return result;
    }
    if (options_.max_filesize > 0 && entry.size > options_.max_filesize) {
      Skip(result,
           Error{ErrorCode::kLimitExceeded, "larger than --max-filesize (" +
                                                std::to_string(options_.max_filesize) + " bytes)"});
      result.reason = "too_large";
      return result;
    }
    Result<std::unique_ptr<read::FileInput>> input = read::FileInput::Open(entry.path);
    if (!input) {
      Skip(result, input.error());
      return result;
    }
    FileBudget budget(options_.limits);
    ScanInput(**input, result, budget, 0, emit);
    return result;
  }

 private:
  struct Level {
    Level(const detect::DetectorSet& detectors, detect::Scratch& scratch, const KeyedHasher& hasher,
          const record::TallyOptions& options)
        : tally(hasher, options), sink(detectors, scratch, tally) {}
    record::Tally tally;
    FileSink sink;
  };

  // The ReadContext of one file at one depth: hands members to the next level down.
  class NestedContext final : public read::ReadContext {
   public:
    NestedContext(Worker& worker, const read::Limits& limits, FileBudget& budget, size_t depth,
                  const report::FileResult& parent, const Emit& emit)
        : worker_(worker),
          limits_(limits),
          budget_(budget),
          depth_(depth),
          parent_(parent),
          emit_(emit) {}

    const read::Limits& limits() const override { return limits_; }

    bool TimedOut() const override {
      return limits_.max_seconds_per_file > 0 && Clock::now() > budget_.deadline;
    }

    Status ChargeExpandedBytes(uint64_t bytes) override {
      budget_.expanded += bytes;
      if (budget_.expanded > limits_.max_expanded_bytes) {
        return MakeError(
            ErrorCode::kArchiveBomb,
            "expanded more than " + std::to_string(limits_.max_expanded_bytes) + " bytes");
      }
      return Ok();
    }

    Status ReadNested(read::Input& member, Protection protection) override {
      report::FileResult result;
      result.path = std::string(member.path());
      result.size = member.size().value_or(0);
      result.mtime = parent_.mtime;
      // Whoever can read the container can read what is inside it.
      result.uid = parent_.uid;
      result.gid = parent_.gid;
      result.mode = parent_.mode;
      result.acl = parent_.acl;
      result.container = parent_.container;
      result.container.push_back(parent_.path);
      // What protects a container protects what is inside it.
      result.protection = std::max(parent_.protection, protection);
      Status status = Ok();
      if (depth_ + 1 > limits_.max_nesting_depth) {
        result.format = std::string(read::FormatFromExtension(member.path()));
        Skip(result,
             Error{ErrorCode::kLimitExceeded,
                   "nested deeper than " + std::to_string(limits_.max_nesting_depth) + " levels"});
      } else {
        worker_.ScanInput(member, result, budget_, depth_ + 1, emit_);
        // A bomb anywhere inside gives up the whole top-level file: its containers stop
        // instead of reading thousands of sibling bombs.
        for (const Error& error : result.errors) {
          if (error.code == ErrorCode::kArchiveBomb) status = tl::unexpected(error);
        }
      }
      emit_(std::move(result));
      return status;
    }

   private:
    Worker& worker_;
    const read::Limits& limits_;
    FileBudget& budget_;
    size_t depth_;
    const report::FileResult& parent_;
    const Emit& emit_;
  };

  static void Skip(report::FileResult& result, const Error& error) {
    result.outcome = report::Outcome::kSkipped;
    result.reason = std::string(ErrorCodeName(error.code));
    result.errors.push_back(error);
  }

  // A reader's final error: what was read before it stays counted (partial). Encrypted
  // content is protection, not a failure of mamori: the file is skipped as unreadable and
  // marked protected with unknown content.
  static void Fail(report::FileResult& result, const Error& error) {
    if (error.code == ErrorCode::kEncrypted) {
      result.content_readable = false;
      if (result.protection == Protection::kNone) result.protection = Protection::kPassword;
    }
    result.errors.push_back(error);
    result.reason = std::string(ErrorCodeName(error.code));
    result.outcome =
        result.tally.records_read > 0 ? report::Outcome::kPartial : report::Outcome::kSkipped;
  }

  Level& LevelAt(size_t depth) {
    while (levels_.size() <= depth) {
      levels_.push_back(std::make_unique<Level>(detectors_, *scratch_, hasher_, options_.tally));
    }
    return *levels_[depth];
  }

  read::Reader& ReaderFor(const read::Format& format, size_t depth) {
    auto [it, inserted] = readers_.try_emplace({depth, format.name});
    if (inserted) it->second = format.make_reader();
    return *it->second;
  }

  const ScanOptions& options_;
  const read::Registry& formats_;
  const detect::DetectorSet& detectors_;
  const KeyedHasher& hasher_;
  std::unique_ptr<detect::Scratch> scratch_;
  std::vector<std::unique_ptr<Level>> levels_;
  // Keyed by depth too: a reader may keep state while its file's members are read, so a
  // ZIP inside a ZIP gets a second reader.
  std::map<std::pair<size_t, std::string_view>, std::unique_ptr<read::Reader>> readers_;
};

// A status line on stderr, redrawn a few times a second while the scan runs.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {
    if (enabled_) thread_ = std::thread([this] { Loop(); });
  }
  ~Progress() {
    if (!enabled_) return;
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
    std::fprintf(stderr, "\r\033[K");
  }
  void Count(uint64_t bytes, bool found) {
    files_.fetch_add(1, std::memory_order_relaxed);
    bytes_.fetch_add(bytes, std::memory_order_relaxed);
    if (found) found_.fetch_add(1, std::memory_order_relaxed);
  }

 private:
  void Loop() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return done_; })) {
      std::fprintf(stderr, "\r\033[Kscanning: %llu files, %llu MiB, %llu with personal data",
                   static_cast<unsigned long long>(files_.load()),
                   static_cast<unsigned long long>(bytes_.load() >> 20),
                   static_cast<unsigned long long>(found_.load()));
      std::fflush(stderr);
    }
  }

  bool enabled_;
  std::atomic<uint64_t> files_{0};
  std::atomic<uint64_t> bytes_{0};
  std::atomic<uint64_t> found_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

void AddToSummary(const report::FileResult& result, report::ScanSummary& summary) {
  ++summary.files;
  if (result.container.empty()) summary.bytes += result.size;  // members are inside it
  if (result.has_findings()) {
    ++summary.files_with_findings;
    ++summary.files_by_confidence[static_cast<size_t>(result.tally.confidence)];
    summary.records += result.tally.records;
    summary.people += result.tally.people;
  }
  if (result.outcome == report::Outcome::kPartial) ++summary.files_partial;
  if (result.outcome == report::Outcome::kSkipped) ++summary.files_skipped;
  if (result.unchanged) ++summary.files_unchanged;
}

}  // namespace

report::FileResult ScanInput(read::Input& input, const ScanOptions& options,
                             const read::Registry& formats, const detect::DetectorSet& detectors,
                             const KeyedHasher& hasher, std::vector<report::FileResult>* members) {
  Worker worker(options, formats, detectors, hasher);
  report::FileResult result;
  result.path = std::string(input.path());
  result.size = input.size().value_or(0);
  FileBudget budget(options.limits);
  const Emit emit = [members](report::FileResult&& member) {
    if (members) members->push_back(std::move(member));
  };
  worker.ScanInput(input, result, budget, 0, emit);
  return result;
}

Result<report::ScanSummary> Run(const ScanOptions& options, const read::Registry& formats,
                                const detect::DetectorSet& detectors, const KeyedHasher& hasher,
                                report::Reporter& reporter) {
  const Clock::time_point start = Clock::now();
  report::ScanSummary summary;
  std::mutex report_mutex;
  reporter.Begin();
  auto progress = std::make_unique<Progress>(options.progress);
  const auto publish = [&](report::FileResult&& result) {
    progress->Count(result.container.empty() ? result.size : 0, result.has_findings());
    std::lock_guard lock(report_mutex);
    AddToSummary(result, summary);
    reporter.File(result);
  };
  // An incremental rescan reads a file's ACL only when the file is read: one carried forward
  // had the same ctime, and setfacl moves ctime (doc/store.md).
  walk::WalkOptions walk_options = options.walk;
  if (options.previous) walk_options.read_acl = false;
  const Status walked = walk::WalkParallel(walk_options, [&]() -> walk::Visitor {
    auto worker = std::make_shared<Worker>(options, formats, detectors, hasher);
    return [&, worker](const walk::Entry& entry) {
      if (options.previous && !entry.error) {
        std::vector<report::FileResult> carried = options.previous(entry);
        if (!carried.empty()) {
          for (report::FileResult& result : carried) {
            result.unchanged = true;
            publish(std::move(result));
          }
          return walk::WalkState::kContinue;
        }
      }
      const Emit emit = publish;
      publish(worker->ScanEntry(entry, emit));
      return walk::WalkState::kContinue;
    };
  });
  progress.reset();
  if (!walked) return tl::unexpected(walked.error());
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  reporter.End(summary);
  return summary;
}

}  // namespace mamori::scan
