#include "store/store.h"

#include "store/internal/backends.h"
#include "store/internal/names.h"

namespace mamori::store {

std::string_view ScanStatusName(ScanStatus status) {
  switch (status) {
    case ScanStatus::kRunning:
      return "running";
    case ScanStatus::kCompleted:
      return "completed";
    case ScanStatus::kInterrupted:
      return "interrupted";
  }
  return "interrupted";
}

std::string_view ChangeName(Change change) {
  switch (change) {
    case Change::kNew:
      return "new";
    case Change::kChanged:
      return "changed";
    case Change::kFixed:
      return "fixed";
    case Change::kDeleted:
      return "deleted";
  }
  return "changed";
}

bool CanCarryForward(const PreviousFile& previous, const FileStat& now,
                     std::string_view options_digest) {
  if (previous.size != now.size || previous.mtime != now.mtime || previous.inode != now.inode ||
      previous.device != now.device) {
    return false;
  }
  if (previous.read_by_status != ScanStatus::kCompleted) return false;
  if (previous.read_by_options_digest != options_digest) return false;
  // Racy clean: mtime has one-second resolution here, so a file written in the second its
  // scan started may have changed after it was read.
  if (now.mtime >= previous.read_by_started_at) return false;
  if (previous.outcome == report::Outcome::kComplete) return true;
  // Sniffing depends on the bytes only: the same bytes are the same unsupported type.
  return previous.outcome == report::Outcome::kSkipped && previous.reason == "unsupported_type";
}

Result<std::unique_ptr<Store>> Open(std::string_view url, const OpenOptions& options) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return MakeError(ErrorCode::kUnsupported, "the PostgreSQL store is not built yet");
  }
  std::string_view path = url;
  if (path.starts_with("sqlite:")) {
    path.remove_prefix(7);
    if (path.starts_with("//")) path.remove_prefix(2);
  }
  if (path.empty()) return MakeError(ErrorCode::kInvalidArgument, "empty store path");
  return internal::OpenSqlite(std::string(path), options);
}

RecordingReporter::RecordingReporter(Store& store, int64_t scan_id, report::Reporter& next,
                                     const RecordingOptions& options)
    : store_(store), scan_id_(scan_id), next_(next), options_(options) {}

void RecordingReporter::Begin() { next_.Begin(); }

void RecordingReporter::File(const report::FileResult& result) {
  if (status_) {
    if (options_.keep_samples || result.tally.samples.empty()) {
      status_ = store_.RecordFile(scan_id_, result);
    } else {
      report::FileResult without_samples = result;
      without_samples.tally.samples.clear();
      status_ = store_.RecordFile(scan_id_, without_samples);
    }
  }
  if (!result.unchanged || options_.forward_unchanged) next_.File(result);
}

void RecordingReporter::End(const report::ScanSummary& summary) {
  if (status_) {
    status_ = store_.FinishScan(
        scan_id_, summary,
        summary.stopped_early ? ScanStatus::kInterrupted : ScanStatus::kCompleted);
  }
  next_.End(summary);
}

namespace internal {

Protection ProtectionFromName(std::string_view name) {
  for (Protection value : {Protection::kNone, Protection::kPassword, Protection::kEncrypted}) {
    if (ProtectionName(value) == name) return value;
  }
  return Protection::kUnknown;
}

report::Outcome OutcomeFromName(std::string_view name) {
  for (report::Outcome value : {report::Outcome::kComplete, report::Outcome::kSkipped}) {
    if (report::OutcomeName(value) == name) return value;
  }
  return report::Outcome::kPartial;
}

Confidence ConfidenceFromName(std::string_view name) {
  for (Confidence value : {Confidence::kMedium, Confidence::kHigh}) {
    if (ConfidenceName(value) == name) return value;
  }
  return Confidence::kLow;
}

ErrorCode ErrorCodeFromName(std::string_view name) {
  for (ErrorCode value : {ErrorCode::kPermissionDenied, ErrorCode::kCorrupt,
                          ErrorCode::kUnsupported, ErrorCode::kEncrypted, ErrorCode::kLimitExceeded,
                          ErrorCode::kInvalidArgument, ErrorCode::kUndecodable}) {
    if (ErrorCodeName(value) == name) return value;
  }
  return ErrorCode::kIo;
}

ScanStatus ScanStatusFromName(std::string_view name) {
  for (ScanStatus value : {ScanStatus::kRunning, ScanStatus::kCompleted}) {
    if (ScanStatusName(value) == name) return value;
  }
  return ScanStatus::kInterrupted;
}

}  // namespace internal
}  // namespace mamori::store
