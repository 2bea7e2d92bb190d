// The store module keeps every scan: its files, their counts and masked samples, their
// errors, and which files each scan saw, so that a rescan can skip unchanged files and the
// console can show what is new, changed, fixed or deleted between two scans. SQLite is the
// embedded backend (`--db PATH`); a PostgreSQL backend (`postgresql://...`) will share the
// same schema (doc/store.md) and this interface.
//
// Nothing in the store is a personal value in clear: a FileResult holds only MaskedValue
// samples and counts, and the store keeps exactly those (RecordingOptions::keep_samples is
// false when the scan revealed values with --show-values).
//
//   Result<std::unique_ptr<store::Store>> db = store::Open("inventory.db");
//   Result<int64_t> scan_id = (*db)->BeginScan({.roots = {"/mnt/share"}, ...});
//   (*db)->RecordFile(*scan_id, result);        // once per file, after its whole result
//   (*db)->FinishScan(*scan_id, summary, store::ScanStatus::kCompleted);
//
// Crash safety: a file is recorded only once its whole result exists, in transactions
// committed every OpenOptions::batch_files files or batch_millis milliseconds. A killed
// process loses at most the last uncommitted batches (see OpenOptions::write_behind; those
// files are read again next time);
// its scan row stays `running` until the next Open() on the same host finds its process
// gone and marks it `interrupted`.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/item.h"
#include "base/protection.h"
#include "base/status.h"
#include "policy/policy.h"
#include "report/reporter.h"

namespace mamori::store {

enum class ScanStatus : uint8_t { kRunning, kCompleted, kInterrupted };
std::string_view ScanStatusName(ScanStatus status);  // "running", "completed", "interrupted"

struct ScanInfo {
  std::vector<std::string> roots;  // raw bytes, as given on the command line
  std::string host;                // empty: this machine's host name
  int64_t started_at = 0;          // seconds since the epoch; 0: now
  // Everything besides the bytes of a file that changes its result (mamori version,
  // limits, samples per item...). A result read under another digest is never carried
  // forward.
  std::string options_digest;
};

// What the store knows about the last time a path was read, for incremental rescans.
struct PreviousFile {
  int64_t file_id = 0;
  uint64_t size = 0;
  int64_t mtime = 0;
  uint64_t inode = 0;
  uint64_t device = 0;
  int64_t ctime_ns = 0;  // as the read stat'ed it; 0: unknown (see FileStat::ctime_ns)
  report::Outcome outcome = report::Outcome::kComplete;
  std::string reason;
  // The scan that last read the file: its status, start time and options digest.
  ScanStatus read_by_status = ScanStatus::kRunning;
  int64_t read_by_started_at = 0;
  std::string read_by_options_digest;
};

// A walked file's identity as the walk sees it now.
struct FileStat {
  uint64_t size = 0;
  int64_t mtime = 0;
  uint64_t inode = 0;
  uint64_t device = 0;
  // Owner, group, mode and ACL as the walk sees them now (mode 0: unknown). chmod, chown
  // and setfacl leave mtime alone, so a result carried forward takes these rather than the
  // recorded ones (Store::CarryForward), and the policy judges today's permissions.
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t mode = 0;
  std::string acl;
  // walk::Entry::ctime_ns. Non-zero: it must equal the recorded one for the file to be
  // carried forward, and the recorded ACL then stands (setfacl, chmod and chown move ctime;
  // `acl` need not have been read). 0: the caller does not know it; ctime is not compared and
  // `acl` must be the current one.
  int64_t ctime_ns = 0;
};

// True when `previous` can stand for the file now, so it need not be read again: same size,
// mtime, inode, device and (when `now` has one) ctime; read by a scan that completed, under the
// same options digest; its outcome complete (or skipped as unsupported_type, which depends on the
// bytes only); and modified before that scan started (a change within the same second as the read
// would otherwise go unnoticed: git's "racy clean" problem, solved the same way).
bool CanCarryForward(const PreviousFile& previous, const FileStat& now,
                     std::string_view options_digest);

enum class FindingOrder : uint8_t { kRisk, kPeople, kPath, kModified };

enum class AckState : uint8_t { kAny, kOpen, kAcknowledged };

// Every field narrows the list; the defaults select every file that needs attention (personal
// data, or a violation without any: an encrypted file whose content is unknown where none
// may be) that the latest scan of its share still saw.
struct FindingFilter {
  std::string path_prefix;    // raw bytes; empty: all
  std::string path_contains;  // substring of the display path (UTF-8); empty: all
  uint64_t min_people = 0;
  std::optional<Item> item;              // only files with records holding this item
  int64_t seen_in_scan = 0;              // only files seen by this scan; 0: any
  std::string share;                     // exact scan root; empty: all
  std::string zone;                      // exact zone id; empty: all
  std::string rule;                      // only files violating this rule id; empty: all
  std::optional<policy::RuleKind> kind;  // only files with a violation of this kind
  bool only_violations = false;          // only files with at least one violation
  double min_risk = 0;
  AckState ack = AckState::kAny;
  bool include_deleted = false;  // also files the latest scan of their share no longer saw
  FindingOrder order = FindingOrder::kRisk;
};

// Which rows of a findings list: `limit` rows after skipping `offset`. Deep pages should seek
// rather than skip (an OFFSET reads every skipped row): `after_file` starts the page right
// after that file in the filter's order, `before_file` ends it right before it (the previous
// page), by the file's current sort key; `offset` then counts from there. A cursor file no
// longer recorded pages from the start.
struct Page {
  uint64_t offset = 0;
  uint32_t limit = 100;
  int64_t after_file = 0;   // 0: none
  int64_t before_file = 0;  // 0: none; ignored when after_file is set
  // When not zero, a list that takes longer fails with ErrorCode::kLimitExceeded rather than
  // hold its caller: the console's safety net. Exports and reports never set it.
  std::chrono::microseconds budget{0};
};

// How many files a filter selects, counted no further than a bound: counting every match of
// a million files costs a scan the console cannot pay per page view.
struct FindingCount {
  uint64_t files = 0;
  bool exact = true;  // false: more than the bound match; `files` is a lower bound
};

// "We know, X fixes it by D": kept with who said so and when. Never deleted; a newer one
// supersedes an older one for the same file.
struct Acknowledgement {
  int64_t id = 0;
  int64_t file_id = 0;
  std::string rule;      // the rule id acknowledged; empty: every violation of the file
  std::string owner;     // who will fix it
  std::string due_date;  // YYYY-MM-DD
  std::string note;
  std::string by_user;  // the console user who acknowledged
  int64_t at = 0;       // seconds since the epoch
};

// One file's latest recorded state.
struct FileRow {
  int64_t file_id = 0;
  std::string path;  // raw bytes
  std::string display_path;
  std::vector<std::string> container;  // outermost first; empty for a file on the share
  uint64_t size = 0;
  int64_t mtime = 0;
  uint64_t inode = 0;
  uint64_t device = 0;
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t mode = 0;
  std::string format;
  std::string encoding;
  Protection protection = Protection::kNone;
  bool content_readable = true;
  report::Outcome outcome = report::Outcome::kComplete;
  std::string reason;
  uint64_t records_read = 0;
  uint64_t records = 0;
  uint64_t people = 0;
  bool people_exact = true;
  std::array<uint64_t, kItemCount> items{};  // by Item
  uint64_t category4 = 0;
  uint64_t category3 = 0;
  uint64_t category2 = 0;
  std::optional<Confidence> confidence;               // set when records > 0
  std::vector<std::pair<Item, std::string>> samples;  // masked
  std::vector<Error> errors;
  int64_t first_seen_scan = 0;
  int64_t last_seen_scan = 0;
  int64_t last_read_scan = 0;
  std::string acl;    // FileResult::acl
  std::string share;  // the scan root it was found under
  // The policy's answer when it was last recorded (zone, owner, risk, violations).
  policy::Assessment assessment;
  std::string policy_digest;
  // The newest acknowledgement of this file, if any (ListFindings and GetFile fill it).
  std::optional<Acknowledgement> acknowledgement;
};

// One scan's view of one file, for the console's file history.
struct FileHistoryRow {
  int64_t scan_id = 0;
  int64_t started_at = 0;
  bool unchanged = false;
  report::Outcome outcome = report::Outcome::kComplete;
  uint64_t records = 0;
  uint64_t people = 0;
};

// The dashboard's figures over the files the latest scan of each share saw. Answered from
// a rollup kept up to date by FinishScan and Acknowledge, not by scanning every file row:
// the console asks for it on every page view, at a million files, under 50 clients.
struct Overview {
  struct Group {
    std::string key;  // share path, zone id, rule id or item name
    uint64_t files = 0;
    uint64_t files_with_findings = 0;  // needing attention: personal data or a violation
    uint64_t people = 0;               // sum of per-file people
    uint64_t violations = 0;
    uint64_t unacknowledged = 0;  // files with violations and no acknowledgement
  };
  int64_t latest_scan = 0;  // 0: nothing recorded yet
  int64_t latest_scan_at = 0;
  Group total;
  std::vector<Group> by_share;
  std::vector<Group> by_zone;
  std::vector<Group> by_rule;
  std::vector<Group> by_item;
};

// One completed scan in the trend chart.
struct TrendPoint {
  int64_t scan_id = 0;
  int64_t started_at = 0;
  uint64_t files_with_findings = 0;
  uint64_t people = 0;
  uint64_t violations = 0;
};

enum class Role : uint8_t { kViewer, kOperator, kAdmin };
std::string_view RoleName(Role role);  // "viewer", "operator", "admin"
std::optional<Role> RoleFromName(std::string_view name);

// A console user. The password hash is libsodium's argon2id string (crypto_pwhash_str).
struct User {
  std::string name;
  Role role = Role::kViewer;
  std::string password_hash;
  int64_t created_at = 0;
  bool disabled = false;
};

struct ScanRow {
  int64_t id = 0;
  ScanStatus status = ScanStatus::kRunning;
  ScanInfo info;
  int64_t finished_at = 0;      // 0 while running or when interrupted
  report::ScanSummary summary;  // stop_reason and stopped_early are not kept
};

enum class Change : uint8_t {
  kNew,      // findings in b, none in a (absent or clean)
  kChanged,  // findings in both, with other records, people or items
  kFixed,    // findings in a, seen clean in b
  kDeleted,  // findings in a, not seen by b
};
std::string_view ChangeName(Change change);

struct FileChange {
  int64_t file_id = 0;
  std::string display_path;
  Change change = Change::kNew;
  uint64_t records_before = 0;
  uint64_t people_before = 0;
  uint64_t records_after = 0;
  uint64_t people_after = 0;
};

struct OpenOptions {
  // A write transaction is committed after this many files or this many milliseconds,
  // whichever comes first (bench/RESULTS.md "store" has the measurements behind them).
  uint32_t batch_files = 1000;
  uint32_t batch_millis = 500;
  // Commit a batch on a background thread while the next one fills, so the walk does not
  // wait for the database. A killed process then loses at most its last two batches (the
  // one being committed and the one filling); false: at most the last one.
  bool write_behind = true;
};

// A connection to one store. Thread-safety: every method may be called from any thread.
// Writes are serialised (one writer); reads run concurrently on a pool of read connections
// (SQLite WAL readers, PostgreSQL connections) so that the console's 50 clients do not
// queue behind each other. Results are copies: nothing returned points into the store.
// Where a recorded file sits and what the policy said about it.
struct FileContext {
  std::string_view share;                          // the scan root it was found under
  const policy::Assessment* assessment = nullptr;  // null: no policy applied
  std::string_view policy_digest;
};

class Store {
 public:
  virtual ~Store() = default;

  // "sqlite" or "postgresql".
  virtual std::string_view backend() const = 0;

  // Starts a scan, status `running`. Returns its id.
  virtual Result<int64_t> BeginScan(const ScanInfo& info) = 0;

  // Records one file seen by scan `scan_id`. A result with `unchanged` set only marks the
  // stored file (looked up by path) as seen again; any other result replaces the file's
  // stored state, samples and errors. REQUIRES: the result is whole (never a file still
  // being read).
  virtual Status RecordFile(int64_t scan_id, const report::FileResult& result,
                            const FileContext& context) = 0;

  // Commits what is pending and sets the scan's summary and final status.
  virtual Status FinishScan(int64_t scan_id, const report::ScanSummary& summary,
                            ScanStatus status) = 0;

  // The last recorded state of `path` (raw bytes), or nullopt when never recorded.
  virtual Result<std::optional<PreviousFile>> LookupPrevious(std::string_view path) = 0;

  // The stored results of file `file_id` and of the members of it when it is a container,
  // rebuilt for carrying forward: members first and the file itself last, as a read emits
  // them, each with `unchanged` set. Samples are not included (a MaskedValue is only built
  // by masking a value, and the store holds none).
  virtual Result<std::vector<report::FileResult>> LoadResults(int64_t file_id) = 0;

  // The incremental rescan's question for one walked file, in one call: LoadResults of the
  // file recorded at `path` when CanCarryForward(previous, now, options_digest) holds, with
  // the owner, group, mode and ACL of `now` when now.mode != 0; empty when it must be read
  // (never recorded, changed, or not carried forward for any other reason). During a scan
  // begun by this store it answers a clean file from memory. Thread-safe like every method.
  virtual Result<std::vector<report::FileResult>> CarryForward(std::string_view path,
                                                               const FileStat& now,
                                                               std::string_view options_digest);

  // Records a result carried forward unchanged (`result.unchanged`, a file on the share)
  // without a new assessment when the recorded one still stands: the file had neither
  // personal data nor violations when recorded under `policy_digest` in `share`, with the
  // same owner, group, mode and ACL. Such an assessment depends on no clock (retention only
  // concerns personal data). Returns false, recording nothing, when the file must be assessed
  // and given to RecordFile. The default always returns false.
  virtual Result<bool> RecordUnchanged(int64_t scan_id, const report::FileResult& result,
                                       std::string_view share, std::string_view policy_digest);

  // Files needing attention (personal data or violations) in `filter.order` (risk: highest first,
  // then people, then path). Answers in milliseconds at a million files (indexes per order and
  // filter).
  virtual Result<std::vector<FileRow>> ListFindings(const FindingFilter& filter,
                                                    const Page& page) = 0;
  // Exact, however many files match: a report's total, not a page view's.
  virtual Result<uint64_t> CountFindings(const FindingFilter& filter) = 0;
  // Exact up to `bound` files; beyond it {bound + 1, exact = false} (or, when the dashboard's
  // rollups hold this filter's figure, that figure, exact as of the latest completed scans).
  // Reads at most about `bound` index entries whatever the store size.
  // A count that takes longer than `budget` (when not zero) fails with
  // ErrorCode::kLimitExceeded.
  virtual Result<FindingCount> CountFindingsUpTo(const FindingFilter& filter, uint64_t bound,
                                                 std::chrono::microseconds budget) = 0;
  Result<FindingCount> CountFindingsUpTo(const FindingFilter& filter, uint64_t bound) {
    return CountFindingsUpTo(filter, bound, std::chrono::microseconds{0});
  }
  // Calls `visit` for every file ListFindings would list, in the same order, reading the store
  // in keyset chunks: memory stays bounded and time linear whatever the number of files. The
  // first error of `visit` or of the store ends it and is returned. Rows are copies; `visit`
  // must not call back into this store's write methods.
  virtual Status ForEachFinding(const FindingFilter& filter,
                                const std::function<Status(const FileRow&)>& visit) = 0;

  // One file with its samples, errors, assessment and newest acknowledgement.
  virtual Result<std::optional<FileRow>> GetFile(int64_t file_id) = 0;
  virtual Result<std::vector<FileHistoryRow>> FileHistory(int64_t file_id) = 0;

  virtual Result<Overview> Summarize() = 0;
  virtual Result<std::vector<TrendPoint>> Trend() = 0;  // completed scans, oldest first

  // Records an acknowledgement (id and `at` assigned when 0); returns its id.
  virtual Result<int64_t> Acknowledge(const Acknowledgement& acknowledgement) = 0;
  virtual Result<std::vector<Acknowledgement>> ListAcknowledgements(int64_t file_id) = 0;

  virtual Status PutUser(const User& user) = 0;  // insert, or replace the same name
  virtual Result<std::optional<User>> FindUser(std::string_view name) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;

  // Every scan, newest first.
  virtual Result<std::vector<ScanRow>> ScanHistory() = 0;

  // Files whose findings differ between scans `a` and `b` (a before b), by path.
  virtual Result<std::vector<FileChange>> DiffScans(int64_t a, int64_t b) = 0;
};

// Opens (creating and migrating when needed) the store at `url`: a file path or
// `sqlite:PATH` for SQLite; `postgresql://...` or `postgres://...` (libpq URI) for
// PostgreSQL. Scans left `running`
// by a process of this host that no longer exists are marked `interrupted`.
Result<std::unique_ptr<Store>> Open(std::string_view url, const OpenOptions& options = {});

struct RecordingOptions {
  bool forward_unchanged = false;  // also print carried-forward results (--all)
  bool keep_samples = true;        // false when samples hold clear values (--show-values)
  // Assessed for every recorded file, read or carried forward (age grows while the bytes
  // stay); null: Policy::Default().
  const policy::Policy* policy = nullptr;
  std::vector<std::string> roots;  // the scan roots, to name each file's share
  int64_t now = 0;                 // assessment time; 0: the clock
};

// A Reporter that records every file into a store and forwards it to another reporter;
// End() finishes the scan (`completed`, or `interrupted` when the scan stopped early).
// The first store error stops recording (printing goes on) and is kept in status().
// Not thread-safe: File() is called under the scan's reporter lock, like every reporter.
// REQUIRES: `store` and `next` outlive it.
class RecordingReporter final : public report::Reporter {
 public:
  RecordingReporter(Store& store, int64_t scan_id, report::Reporter& next,
                    const RecordingOptions& options);
  void Begin() override;
  void File(const report::FileResult& result) override;
  void End(const report::ScanSummary& summary) override;
  const Status& status() const { return status_; }

 private:
  Status Record(const report::FileResult& result);

  Store& store_;
  int64_t scan_id_;
  report::Reporter& next_;
  RecordingOptions options_;
  policy::Policy default_policy_;  // used when options_.policy is null
  Status status_;
};

}  // namespace mamori::store
