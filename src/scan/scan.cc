#include "scan/scan.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

namespace mamori::scan {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kPrecedingTextBytes = 900;  // ~300 Japanese characters

class FileContext final : public read::ReadContext {
 public:
  FileContext(const read::Limits& limits)
      : limits_(limits), deadline_(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                      std::chrono::duration<double>(
                                                          limits.max_seconds_per_file))) {}
  const read::Limits& limits() const override { return limits_; }
  bool TimedOut() const override {
    return limits_.max_seconds_per_file > 0 && Clock::now() > deadline_;
  }
  Status ReadNested(read::Input&) override {
    return MakeError(ErrorCode::kUnsupported, "nested members are not read yet");
  }

 private:
  const read::Limits& limits_;
  Clock::time_point deadline_;
};

// Feeds a reader's records through the detectors into the tally, and collects what the
// reader says about the file. One per worker, reset for each file.
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
    result_->encoding = info.encoding;
  }

  void OnPartBegin(const read::Part& part) override {
    evidence_ = detectors_.BeginPart(part.headers, part.tabular);
    tally_.BeginPart(evidence_);
    part_open_ = true;
    preceding_.clear();
  }

  bool OnRecord(const read::Part& part, const read::Record& record) override {
    cells_.clear();
    for (const read::Cell& cell : record.cells) cells_.push_back({cell.text, cell.column});
    findings_.clear();
    detectors_.Scan(evidence_, cells_, preceding_, scratch_, findings_);
    tally_.AddRecord(findings_);
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
      while (cut < preceding_.size() && (static_cast<unsigned char>(preceding_[cut]) & 0xC0) == 0x80) {
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
  std::vector<detect::CellText> cells_;
  std::vector<detect::Finding> findings_;
};

// Everything one thread needs to scan files: its own readers, scratch, tally and sink.
class Worker {
 public:
  Worker(const ScanOptions& options, const read::Registry& formats,
         const detect::DetectorSet& detectors, const KeyedHasher& hasher)
      : options_(options),
        formats_(formats),
        scratch_(detectors.NewScratch()),
        tally_(hasher, options.tally),
        sink_(detectors, *scratch_, tally_) {}

  void ScanInput(read::Input& input, report::FileResult& result) {
    Result<ByteView> head = input.head();
    if (!head) return Skip(result, head.error());
    const read::Format* format = formats_.Find(*head, input.path());
    if (format == nullptr) {
      result.format = "binary";
      return Skip(result, Error{ErrorCode::kUnsupported, "not a format mamori reads"});
    }
    result.format = std::string(format->name);
    read::Reader& reader = ReaderFor(*format);
    FileContext context(options_.limits);
    sink_.Reset(&result);
    const Status status = reader.Read(input, context, sink_);
    sink_.EndPart();
    result.tally = tally_.Finish();
    if (!status) {
      result.errors.push_back(status.error());
      result.reason = std::string(ErrorCodeName(status.error().code));
      result.outcome = result.tally.records_read > 0 ? report::Outcome::kPartial
                                                     : report::Outcome::kSkipped;
    } else if (!result.errors.empty()) {
      result.outcome = report::Outcome::kPartial;
      result.reason = std::string(ErrorCodeName(result.errors.front().code));
    }
  }

  report::FileResult ScanEntry(const walk::Entry& entry) {
    report::FileResult result;
    result.path = entry.path;
    result.size = entry.size;
    result.mtime = entry.mtime;
    if (entry.error) {
      Skip(result, *entry.error);
      return result;
    }
    if (options_.max_filesize > 0 && entry.size > options_.max_filesize) {
      Skip(result, Error{ErrorCode::kLimitExceeded,
                         "larger than --max-filesize (" + std::to_string(options_.max_filesize) +
                             " bytes)"});
      result.reason = "too_large";
      return result;
    }
    Result<std::unique_ptr<read::FileInput>> input = read::FileInput::Open(entry.path);
    if (!input) {
      Skip(result, input.error());
      return result;
    }
    ScanInput(**input, result);
    return result;
  }

 private:
  static void Skip(report::FileResult& result, const Error& error) {
    result.outcome = report::Outcome::kSkipped;
    result.reason = std::string(ErrorCodeName(error.code));
    result.errors.push_back(error);
  }

  read::Reader& ReaderFor(const read::Format& format) {
    auto [it, inserted] = readers_.try_emplace(format.name);
    if (inserted) it->second = format.make_reader();
    return *it->second;
  }

  const ScanOptions& options_;
  const read::Registry& formats_;
  std::unique_ptr<detect::Scratch> scratch_;
  record::Tally tally_;
  FileSink sink_;
  std::map<std::string_view, std::unique_ptr<read::Reader>> readers_;
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
  summary.bytes += result.size;
  if (result.has_findings()) {
    ++summary.files_with_findings;
    ++summary.files_by_confidence[static_cast<size_t>(result.tally.confidence)];
    summary.records += result.tally.records;
    summary.people += result.tally.people;
  }
  if (result.outcome == report::Outcome::kPartial) ++summary.files_partial;
  if (result.outcome == report::Outcome::kSkipped) ++summary.files_skipped;
}

}  // namespace

report::FileResult ScanInput(read::Input& input, const ScanOptions& options,
                             const read::Registry& formats, const detect::DetectorSet& detectors,
                             const KeyedHasher& hasher) {
  Worker worker(options, formats, detectors, hasher);
  report::FileResult result;
  result.path = std::string(input.path());
  result.size = input.size().value_or(0);
  worker.ScanInput(input, result);
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
  const Status walked = walk::WalkParallel(options.walk, [&]() -> walk::Visitor {
    auto worker = std::make_shared<Worker>(options, formats, detectors, hasher);
    return [&, worker](const walk::Entry& entry) {
      report::FileResult result = worker->ScanEntry(entry);
      progress->Count(result.size, result.has_findings());
      std::lock_guard lock(report_mutex);
      AddToSummary(result, summary);
      reporter.File(result);
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
