#include "store/store.h"

#include <ctime>

#include "store/internal/backends.h"
#include "store/internal/carry_forward.h"
#include "store/internal/names.h"
#include "store/internal/share.h"

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
  return internal::CarriesForward(FileStat{.size = previous.size,
                                           .mtime = previous.mtime,
                                           .inode = previous.inode,
                                           .device = previous.device,
                                           .acl = {},
                                           .ctime_ns = previous.ctime_ns},
                                  now, previous.read_by_status, previous.read_by_started_at,
                                  previous.read_by_options_digest, previous.outcome,
                                  previous.reason, options_digest);
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kOperator:
      return "operator";
    case Role::kAdmin:
      return "admin";
  }
  return "viewer";
}

std::optional<Role> RoleFromName(std::string_view name) {
  for (Role role : {Role::kViewer, Role::kOperator, Role::kAdmin}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

Result<std::unique_ptr<Store>> Open(std::string_view url, const OpenOptions& options) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return internal::OpenPostgres(std::string(url), options);
  }
  std::string_view path = url;
  if (path.starts_with("sqlite:")) {
    path.remove_prefix(7);
    if (path.starts_with("//")) path.remove_prefix(2);
  }
  if (path.empty()) return MakeError(ErrorCode::kInvalidArgument, "empty store path");
  return internal::OpenSqlite(std::string(path), options);
}

Result<std::vector<report::FileResult>> Store::CarryForward(std::string_view path,
                                                            const FileStat& now,
                                                            std::string_view options_digest) {
  std::vector<report::FileResult> carried;
  Result<std::optional<PreviousFile>> previous = LookupPrevious(path);
  if (!previous) return tl::unexpected(previous.error());
  if (!*previous || !CanCarryForward(**previous, now, options_digest)) return carried;
  Result<std::vector<report::FileResult>> loaded = LoadResults((*previous)->file_id);
  if (!loaded) return tl::unexpected(loaded.error());
  carried = std::move(*loaded);
  // With ctime compared, the recorded permissions stand (and now.acl may not have been read).
  if (now.mode != 0 && now.ctime_ns == 0) {
    // Members carry their outermost container's owner and permissions.
    for (report::FileResult& result : carried) {
      result.uid = now.uid;
      result.gid = now.gid;
      result.mode = now.mode;
      result.acl = now.acl;
    }
  }
  return carried;
}

Result<bool> Store::RecordUnchanged(int64_t /*scan_id*/, const report::FileResult& /*result*/,
                                    std::string_view /*share*/,
                                    std::string_view /*policy_digest*/) {
  return false;
}

RecordingReporter::RecordingReporter(Store& store, int64_t scan_id, report::Reporter& next,
                                     const RecordingOptions& options)
    : store_(store),
      scan_id_(scan_id),
      next_(next),
      options_(options),
      default_policy_(policy::Policy::Default()) {}

void RecordingReporter::Begin() { next_.Begin(); }

void RecordingReporter::File(const report::FileResult& result) {
  if (status_) status_ = Record(result);
  if (!result.unchanged || options_.forward_unchanged) next_.File(result);
}

Status RecordingReporter::Record(const report::FileResult& result) {
  const std::string_view share = internal::ShareOf(result, options_.roots);
  const policy::Policy& policy = options_.policy != nullptr ? *options_.policy : default_policy_;
  // Most of a rescan: a clean file carried forward, recorded without asking the policy.
  if (result.unchanged && result.container.empty()) {
    Result<bool> recorded = store_.RecordUnchanged(scan_id_, result, share, policy.digest());
    if (!recorded) return tl::unexpected(std::move(recorded).error());
    if (*recorded) return Ok();
  }
  const int64_t now = options_.now != 0 ? options_.now : static_cast<int64_t>(std::time(nullptr));
  const policy::Assessment assessment = policy.Assess(result, share, now);
  const FileContext context{share, &assessment, policy.digest()};
  if (options_.keep_samples || result.tally.samples.empty()) {
    return store_.RecordFile(scan_id_, result, context);
  }
  report::FileResult without_samples = result;
  without_samples.tally.samples.clear();
  return store_.RecordFile(scan_id_, without_samples, context);
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

bool CarriesForward(const FileStat& then, const FileStat& now, ScanStatus read_by_status,
                    int64_t read_by_started_at, std::string_view read_by_options_digest,
                    report::Outcome outcome, std::string_view reason,
                    std::string_view options_digest) {
  if (then.size != now.size || then.mtime != now.mtime || then.inode != now.inode ||
      then.device != now.device) {
    return false;
  }
  // A rewrite that restores size and mtime (touch -d) still moves ctime. A recorded 0 is a
  // ctime not known to predate the read (SqlStore::TrustedCtime): read the file again.
  if (now.ctime_ns != 0 && then.ctime_ns != now.ctime_ns) return false;
  if (read_by_status != ScanStatus::kCompleted) return false;
  if (read_by_options_digest != options_digest) return false;
  // Racy clean: mtime has one-second resolution here, so a file written in the second its
  // scan started may have changed after it was read.
  if (now.mtime >= read_by_started_at) return false;
  if (outcome == report::Outcome::kComplete) return true;
  // Sniffing depends on the bytes only: the same bytes are the same unsupported type.
  return outcome == report::Outcome::kSkipped && reason == "unsupported_type";
}

std::string_view ShareOf(const report::FileResult& result, const std::vector<std::string>& roots) {
  const std::string_view path =
      result.container.empty() ? std::string_view(result.path) : result.container.front();
  std::string_view best;
  for (const std::string& root : roots) {
    if (root.size() <= best.size() || !path.starts_with(root)) continue;
    if (path.size() == root.size() || root.ends_with('/') || path[root.size()] == '/') best = root;
  }
  return best;
}

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
