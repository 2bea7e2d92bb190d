// Private to the store module: the one Store implementation, over internal/sql.h. The
// write path (scans, recording, rollups) is in sql_store.cc, the console's queries in
// sql_queries.cc.
#pragma once

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/internal/carry_forward.h"
#include "store/internal/preload_table.h"
#include "store/internal/sql.h"
#include "store/store.h"

namespace mamori::store::internal {

#define STORE_TRY(expression)                            \
  do {                                                   \
    if (auto status_ = (expression); !status_) {         \
      return tl::unexpected(std::move(status_).error()); \
    }                                                    \
  } while (false)

#define STORE_PREPARE(connection, name, sql)                            \
  Result<Statement*> name##_prepared = (connection).Prepare(sql);       \
  if (!name##_prepared) return tl::unexpected(name##_prepared.error()); \
  StatementUse name(**name##_prepared)

int64_t Now();
uint64_t ItemsMask(const std::array<uint64_t, kItemCount>& items);

// The columns every file query selects, in the order ReadFileRow expects.
#define MAMORI_FILE_COLUMNS                                                                  \
  "id, path, display_path, container, size, mtime, inode, device, uid, gid, mode, format, "  \
  "encoding, protection, content_readable, outcome, reason, records_read, records, people, " \
  "people_exact, pension_number, my_number, corporate_number, name, birth_date, address, "   \
  "phone, email, category4, category3, category2, confidence, first_seen_scan, "             \
  "last_seen_scan, last_read_scan, acl, share, zone, owner, risk, policy_digest, "           \
  "acknowledgement"
FileRow ReadFileRow(const Statement& row);

report::FileResult ToFileResult(FileRow row);

// Hash and equality that look a std::string key up by std::string_view (no copy).
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

class SqlStore final : public Store {
 public:
  SqlStore(std::unique_ptr<Connection> writer, Pool::Opener open_reader,
           const OpenOptions& options);
  ~SqlStore() override;

  Status Initialise();

  std::string_view backend() const override;
  Result<int64_t> BeginScan(const ScanInfo& info) override;
  Status RecordFile(int64_t scan_id, const report::FileResult& result,
                    const FileContext& context) override;
  Status FinishScan(int64_t scan_id, const report::ScanSummary& summary,
                    ScanStatus status) override;
  Result<std::optional<PreviousFile>> LookupPrevious(std::string_view path) override;
  Result<std::vector<report::FileResult>> LoadResults(int64_t file_id) override;
  Result<std::vector<report::FileResult>> CarryForward(std::string_view path, const FileStat& now,
                                                       std::string_view options_digest) override;
  Result<bool> RecordUnchanged(int64_t scan_id, const report::FileResult& result,
                               std::string_view share, std::string_view policy_digest) override;

  Result<std::vector<FileRow>> ListFindings(const FindingFilter& filter, const Page& page) override;
  Result<uint64_t> CountFindings(const FindingFilter& filter) override;
  using Store::CountFindingsUpTo;
  Result<FindingCount> CountFindingsUpTo(const FindingFilter& filter, uint64_t bound,
                                         std::chrono::microseconds budget) override;
  Status ForEachFinding(const FindingFilter& filter,
                        const std::function<Status(const FileRow&)>& visit) override;
  Result<std::optional<FileRow>> GetFile(int64_t file_id) override;
  Result<std::vector<FileHistoryRow>> FileHistory(int64_t file_id) override;
  Result<Overview> Summarize() override;
  Result<std::vector<TrendPoint>> Trend() override;
  Result<int64_t> Acknowledge(const Acknowledgement& acknowledgement) override;
  Result<std::vector<Acknowledgement>> ListAcknowledgements(int64_t file_id) override;
  Status PutUser(const User& user) override;
  Result<std::optional<User>> FindUser(std::string_view name) override;
  Result<std::vector<User>> ListUsers() override;
  Result<std::vector<ScanRow>> ScanHistory() override;
  Result<std::vector<FileChange>> DiffScans(int64_t a, int64_t b) override;

 private:
  // A recorded file waiting for the next commit.
  struct Pending {
    report::FileResult result;
    std::string share;
    std::optional<policy::Assessment> assessment;
    std::string policy_digest;
    bool has_members = false;
  };
  // In-memory rollup of the running scan: (share, dimension, key) -> figures.
  struct Figures {
    uint64_t files = 0;
    uint64_t files_with_findings = 0;
    uint64_t people = 0;
    uint64_t violations = 0;
    uint64_t unacknowledged = 0;
  };
  using RollupKey = std::tuple<std::string, std::string, std::string>;

  Status Migrate();
  Status MarkStaleScans();
  Status Preload(const ScanInfo& info);
  void ResetRollups();  // REQUIRES: mutex_ held
  // Queues a clean file carried forward when the preload says its recorded state stands
  // (see Store::RecordUnchanged); false when not. REQUIRES: mutex_ held.
  bool QueueKnownClean(const report::FileResult& result, std::string_view share,
                       std::string_view policy_digest, const std::string* zone);
  void AccumulateClean(std::string_view share, std::string_view zone);
  // The preload is loaded in key ranges, each by its own thread into its own table.
  struct PreloadPart {
    std::string begin;  // the range [begin, end) of paths; end "": unbounded
    std::string end;
    bool include_begin = true;
    PreloadTable table;
  };
  struct PreloadHit {
    const Preloaded* entry = nullptr;  // null: not preloaded
    const PreloadTable* table = nullptr;
    const std::string& String(uint32_t id) const { return table->String(id); }
  };
  // REQUIRES (these two): preload_mutex_ held, shared at least.
  PreloadHit FindPreloaded(std::string_view path) const;
  // Whether `hit` may stand for the file now (CanCarryForward).
  bool EntryCarriesForward(const PreloadHit& hit, const FileStat& now,
                           std::string_view options_digest) const;
  // Splits the roots into ranges of about `rows_per_part` rows (by path, on the writer).
  Status PlanPreload(const ScanInfo& info, size_t rows_per_part);
  static Status LoadPreloadPart(Connection& db, PreloadPart& part);
  // What one transaction writes.
  struct Batch {
    int64_t scan_id = 0;
    // A ctime at or after the scan began may be shared by a change made after the walk's
    // stat (one clock tick apart): recorded as 0, unknown, so the file is read next time.
    int64_t ctime_trusted_before = 0;
    std::vector<Pending> files;
    std::vector<std::pair<int64_t, report::Outcome>> clean;
  };
  bool HasPending() const { return !pending_.empty() || !pending_clean_.empty(); }
  Batch TakeBatch();
  // Writes the pending batch on another thread when it is due (files or time).
  Status FlushIfDue();
  // Waits for the batch being written; then the writer connection is free until mutex_ is
  // released. Returns that batch's status.
  Status WaitForWrite();
  // Writes everything pending and waits for it. REQUIRES (these four): mutex_ held.
  Status Flush();
  Status WriteBatch(Batch& batch);  // retried whole on a transient error
  Status WriteBatchOnce(Batch& batch);
  // The files read in this batch, a few statements per 64 files whatever their samples,
  // errors and violations (sql_write.cc): PostgreSQL pays a round trip per statement.
  // `ctime_trusted_before`: a read file's ctime is recorded only when older (see TakeBatch).
  Status WriteReads(int64_t scan_id, int64_t ctime_trusted_before,
                    const std::vector<const Pending*>& reads);
  Status WriteUnchanged(int64_t scan_id, const Pending& pending);
  Status WriteViolations(int64_t file_id, const policy::Assessment* assessment);
  Status WriteSeenClean(int64_t scan_id, std::vector<std::pair<int64_t, report::Outcome>>& clean);
  Status InsertScanFile(int64_t scan_id, int64_t file_id, bool unchanged, std::string_view outcome,
                        int64_t records, int64_t people, int64_t items_mask);
  void Accumulate(const report::FileResult& result, const std::string& share,
                  const policy::Assessment* assessment);
  Status WriteRollups(int64_t scan_id, const std::vector<std::string>& shares);
  Status SetStatus(int64_t scan_id, ScanStatus status);
  // Commits the pending batch so that a query sees every file recorded before it.
  Status FlushForRead();
  Result<std::vector<Error>> LoadErrors(Connection& db, int64_t file_id);
  // The rollups' figure for `filter` when they hold one (sql_findings.cc).
  Result<std::optional<uint64_t>> RollupCount(const FindingFilter& filter);
  Result<std::optional<uint64_t>> ShareRollupCount(const std::string& share,
                                                   const std::string& dimension,
                                                   const std::string& key);
  Status FillDetails(Connection& db, std::vector<FileRow>& rows, bool with_samples);

  std::mutex mutex_;  // the writer: writer_, pending_, rollups_, running_
  std::unique_ptr<Connection> writer_;
  Pool readers_;
  OpenOptions options_;
  std::string host_;
  std::set<int64_t> running_;
  // Scans begun here: the realtime clock (ns) when each began, less a margin for the
  // kernel's coarse timestamps (kCtimeMarginNs).
  std::map<int64_t, int64_t> ctime_trusted_before_;
  std::future<Status> in_flight_;  // the batch being written, if any
  std::vector<Pending> pending_;
  // Clean files carried forward (most of a rescan): only a place in a run of
  // scan_clean_runs each (WriteSeenClean).
  std::vector<std::pair<int64_t, report::Outcome>> pending_clean_;
  int64_t pending_scan_ = 0;
  std::chrono::steady_clock::time_point batch_started_;
  std::map<RollupKey, Figures> rollups_;
  // The rollup rows of the last clean file's share and zone: consecutive files mostly
  // share both, so a clean file costs no map lookup. Reset with rollups_.
  std::string clean_share_;
  std::string clean_zone_;
  Figures* clean_total_ = nullptr;
  Figures* clean_by_zone_ = nullptr;
  std::vector<std::string> roots_;  // of the scan begun last, for a file given no share
  std::unordered_set<std::string> tops_with_members_;

  struct ReadBy {  // a scan that read files: what CanCarryForward asks of it
    ScanStatus status = ScanStatus::kRunning;
    int64_t started_at = 0;
    std::string digest;
  };
  std::shared_mutex preload_mutex_;
  bool preload_active_ = false;                        // between BeginScan and FinishScan
  std::vector<std::unique_ptr<PreloadPart>> preload_;  // sorted by begin
  std::unordered_map<int64_t, ReadBy> preload_scans_;
};

}  // namespace mamori::store::internal
