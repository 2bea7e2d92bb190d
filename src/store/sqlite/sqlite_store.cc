#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <mutex>
#include <set>

#include "store/internal/backends.h"
#include "store/internal/migrations.h"
#include "store/internal/names.h"
#include "store/internal/sqlite.h"

namespace mamori::store::internal {
namespace {

using Clock = std::chrono::steady_clock;

#define STORE_TRY(expression)                            \
  do {                                                   \
    if (auto status_ = (expression); !status_) {         \
      return tl::unexpected(std::move(status_).error()); \
    }                                                    \
  } while (false)

#define STORE_PREPARE(name, sql)                                        \
  Result<Statement*> name##_prepared = db_->Prepare(sql);               \
  if (!name##_prepared) return tl::unexpected(name##_prepared.error()); \
  StatementUse name(**name##_prepared)

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

std::string HostName() {
  char buffer[256] = {};
  if (::gethostname(buffer, sizeof(buffer) - 1) != 0) return "localhost";
  return buffer;
}

uint64_t ItemsMask(const record::FileTally& tally) {
  uint64_t mask = 0;
  for (size_t i = 0; i < kItemCount; ++i) {
    if (tally.items[i] > 0) mask |= uint64_t{1} << i;
  }
  return mask;
}

std::string JoinContainer(const std::vector<std::string>& container) {
  std::string joined;
  for (size_t i = 0; i < container.size(); ++i) {
    if (i > 0) joined.push_back('\0');  // never in a path
    joined += container[i];
  }
  return joined;
}

std::vector<std::string> SplitContainer(const std::string& joined) {
  std::vector<std::string> parts;
  if (joined.empty()) return parts;
  size_t start = 0;
  while (true) {
    const size_t end = joined.find('\0', start);
    parts.push_back(joined.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return parts;
}

// The columns every file query selects, in the order ReadFileRow expects.
#define MAMORI_FILE_COLUMNS                                                                  \
  "id, path, display_path, container, size, mtime, inode, device, uid, gid, mode, format, "  \
  "encoding, protection, content_readable, outcome, reason, records_read, records, people, " \
  "people_exact, pension_number, my_number, corporate_number, name, birth_date, address, "   \
  "phone, email, category4, category3, category2, confidence, first_seen_scan, "             \
  "last_seen_scan, last_read_scan"

FileRow ReadFileRow(const Statement& row) {
  FileRow file;
  file.file_id = row.Int(0);
  file.path = row.Text(1);
  file.display_path = row.Text(2);
  file.container = SplitContainer(row.Text(3));
  file.size = row.UInt(4);
  file.mtime = row.Int(5);
  file.inode = row.UInt(6);
  file.device = row.UInt(7);
  file.uid = static_cast<uint32_t>(row.Int(8));
  file.gid = static_cast<uint32_t>(row.Int(9));
  file.mode = static_cast<uint32_t>(row.Int(10));
  file.format = row.Text(11);
  file.encoding = row.Text(12);
  file.protection = ProtectionFromName(row.Text(13));
  file.content_readable = row.Int(14) != 0;
  file.outcome = OutcomeFromName(row.Text(15));
  file.reason = row.Text(16);
  file.records_read = row.UInt(17);
  file.records = row.UInt(18);
  file.people = row.UInt(19);
  file.people_exact = row.Int(20) != 0;
  for (size_t i = 0; i < kItemCount; ++i) file.items[i] = row.UInt(21 + static_cast<int>(i));
  file.category4 = row.UInt(29);
  file.category3 = row.UInt(30);
  file.category2 = row.UInt(31);
  if (!row.IsNull(32)) file.confidence = ConfidenceFromName(row.Text(32));
  file.first_seen_scan = row.Int(33);
  file.last_seen_scan = row.Int(34);
  file.last_read_scan = row.Int(35);
  return file;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Database> db, const OpenOptions& options)
      : db_(std::move(db)), options_(options), host_(HostName()) {}

  ~SqliteStore() override {
    std::lock_guard lock(mutex_);
    (void)Commit();
    // A scan begun here and never finished (an error ended the run): interrupted now,
    // rather than by the next Open().
    for (int64_t scan_id : running_) {
      (void)SetStatus(scan_id, ScanStatus::kInterrupted);
    }
  }

  Status Initialise() {
    STORE_TRY(
        db_->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                  "PRAGMA foreign_keys = ON;"));
    sqlite3_busy_timeout(db_->handle(), 30'000);
    STORE_TRY(Migrate());
    return MarkStaleScans();
  }

  Result<int64_t> BeginScan(const ScanInfo& info) override {
    std::lock_guard lock(mutex_);
    STORE_TRY(Commit());
    STORE_TRY(db_->Exec("BEGIN IMMEDIATE"));
    const int64_t started = info.started_at != 0 ? info.started_at : Now();
    {
      STORE_PREPARE(insert, R"sql(
        INSERT INTO scans (status, started_at, heartbeat_at, host, pid, options_digest)
        VALUES ('running', ?1, ?1, ?2, ?3, ?4))sql");
      insert->Bind(1, started)
          .BindText(2, info.host.empty() ? host_ : info.host)
          .Bind(3, static_cast<int64_t>(::getpid()))
          .BindText(4, info.options_digest);
      STORE_TRY(insert->Run());
    }
    const int64_t scan_id = db_->LastInsertId();
    for (size_t i = 0; i < info.roots.size(); ++i) {
      STORE_PREPARE(root, R"sql(
        INSERT INTO scan_roots (scan_id, ordinal, path, display_path) VALUES (?1, ?2, ?3, ?4))sql");
      root->Bind(1, scan_id)
          .Bind(2, static_cast<int64_t>(i))
          .BindBlob(3, info.roots[i])
          .BindText(4, report::DisplayPath(info.roots[i]));
      STORE_TRY(root->Run());
    }
    STORE_TRY(db_->Exec("COMMIT"));
    running_.insert(scan_id);
    return scan_id;
  }

  Status RecordFile(int64_t scan_id, const report::FileResult& result) override {
    std::lock_guard lock(mutex_);
    if (!db_->InTransaction()) {
      STORE_TRY(db_->Exec("BEGIN IMMEDIATE"));
      batch_started_ = Clock::now();
      batch_files_ = 0;
    }
    STORE_TRY(result.unchanged ? RecordUnchanged(scan_id, result) : RecordRead(scan_id, result));
    ++batch_files_;
    if (batch_files_ >= options_.batch_files ||
        Clock::now() - batch_started_ >= std::chrono::milliseconds(options_.batch_millis)) {
      STORE_TRY(Heartbeat(scan_id));
      STORE_TRY(Commit());
    }
    return Ok();
  }

  Status FinishScan(int64_t scan_id, const report::ScanSummary& summary,
                    ScanStatus status) override {
    std::lock_guard lock(mutex_);
    STORE_TRY(Commit());
    STORE_PREPARE(update, R"sql(
      UPDATE scans SET status = ?2, finished_at = ?3, heartbeat_at = ?3, files = ?4,
        files_with_findings = ?5, files_partial = ?6, files_skipped = ?7, files_unchanged = ?8,
        bytes = ?9, records = ?10, people = ?11, seconds = ?12
      WHERE id = ?1)sql");
    update->Bind(1, scan_id)
        .BindText(2, ScanStatusName(status))
        .Bind(3, Now())
        .BindU(4, summary.files)
        .BindU(5, summary.files_with_findings)
        .BindU(6, summary.files_partial)
        .BindU(7, summary.files_skipped)
        .BindU(8, summary.files_unchanged)
        .BindU(9, summary.bytes)
        .BindU(10, summary.records)
        .BindU(11, summary.people)
        .BindDouble(12, summary.seconds);
    STORE_TRY(update->Run());
    if (db_->Changes() == 0) {
      return MakeError(ErrorCode::kInvalidArgument, "no scan " + std::to_string(scan_id));
    }
    running_.erase(scan_id);
    return Ok();
  }

  Result<std::optional<PreviousFile>> LookupPrevious(std::string_view path) override {
    std::lock_guard lock(mutex_);
    STORE_PREPARE(select, R"sql(
      SELECT f.id, f.size, f.mtime, f.inode, f.device, f.outcome, f.reason, s.status,
             s.started_at, s.options_digest
      FROM files f JOIN scans s ON s.id = f.last_read_scan
      WHERE f.path = ?1)sql");
    select->BindBlob(1, path);
    Result<bool> row = select->Step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return std::optional<PreviousFile>();
    PreviousFile previous;
    previous.file_id = select->Int(0);
    previous.size = select->UInt(1);
    previous.mtime = select->Int(2);
    previous.inode = select->UInt(3);
    previous.device = select->UInt(4);
    previous.outcome = OutcomeFromName(select->Text(5));
    previous.reason = select->Text(6);
    previous.read_by_status = ScanStatusFromName(select->Text(7));
    previous.read_by_started_at = select->Int(8);
    previous.read_by_options_digest = select->Text(9);
    return std::optional<PreviousFile>(std::move(previous));
  }

  Result<std::vector<report::FileResult>> LoadResults(int64_t file_id) override {
    std::lock_guard lock(mutex_);
    // The members recorded by the read that recorded the file itself: members of an
    // earlier version of a container are not carried forward with it.
    STORE_PREPARE(select, "SELECT " MAMORI_FILE_COLUMNS R"sql(
      FROM files
      WHERE top_path = (SELECT path FROM files WHERE id = ?1)
        AND last_read_scan = (SELECT last_read_scan FROM files WHERE id = ?1)
      ORDER BY id = ?1, id)sql");
    select->Bind(1, file_id);
    std::vector<report::FileResult> results;
    std::vector<int64_t> ids;
    while (true) {
      Result<bool> row = select->Step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      ids.push_back(select->Int(0));
      results.push_back(ToFileResult(ReadFileRow(*select)));
    }
    for (size_t i = 0; i < results.size(); ++i) {
      Result<std::vector<Error>> errors = LoadErrorsById(ids[i]);
      if (!errors) return tl::unexpected(errors.error());
      results[i].errors = std::move(*errors);
    }
    return results;
  }

  Result<std::vector<FileRow>> ListFindings(const FindingFilter& filter,
                                            const Page& page) override {
    std::lock_guard lock(mutex_);
    std::vector<FileRow> rows;
    {
      STORE_PREPARE(select, "SELECT " MAMORI_FILE_COLUMNS R"sql(
        FROM files
        WHERE records > 0
          AND (length(?1) = 0 OR substr(path, 1, length(?1)) = ?1)
          AND people >= ?2
          AND (?3 < 0 OR (items_mask >> ?3) & 1 = 1)
          AND (?4 = 0 OR EXISTS (SELECT 1 FROM scan_files sf
                                 WHERE sf.scan_id = ?4 AND sf.file_id = files.id))
        ORDER BY people DESC, records DESC, path
        LIMIT ?5 OFFSET ?6)sql");
      select->BindBlob(1, filter.path_prefix)
          .BindU(2, filter.min_people)
          .Bind(3, filter.item ? static_cast<int64_t>(*filter.item) : -1)
          .Bind(4, filter.seen_in_scan)
          .Bind(5, page.limit)
          .BindU(6, page.offset);
      while (true) {
        Result<bool> row = select->Step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        rows.push_back(ReadFileRow(*select));
      }
    }
    for (FileRow& row : rows) {
      STORE_PREPARE(samples, R"sql(
        SELECT item, masked FROM samples WHERE file_id = ?1 ORDER BY ordinal)sql");
      samples->Bind(1, row.file_id);
      while (true) {
        Result<bool> next = samples->Step();
        if (!next) return tl::unexpected(next.error());
        if (!*next) break;
        const std::optional<Item> item = ItemFromName(samples->Text(0));
        if (item) row.samples.emplace_back(*item, samples->Text(1));
      }
      Result<std::vector<Error>> errors = LoadErrorsById(row.file_id);
      if (!errors) return tl::unexpected(errors.error());
      row.errors = std::move(*errors);
    }
    return rows;
  }

  Result<std::vector<ScanRow>> ScanHistory() override {
    std::lock_guard lock(mutex_);
    std::vector<ScanRow> scans;
    {
      STORE_PREPARE(select, R"sql(
        SELECT id, status, started_at, COALESCE(finished_at, 0), host, options_digest, files,
               files_with_findings, files_partial, files_skipped, files_unchanged, bytes,
               records, people, seconds
        FROM scans ORDER BY id DESC)sql");
      while (true) {
        Result<bool> row = select->Step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        ScanRow scan;
        scan.id = select->Int(0);
        scan.status = ScanStatusFromName(select->Text(1));
        scan.info.started_at = select->Int(2);
        scan.finished_at = select->Int(3);
        scan.info.host = select->Text(4);
        scan.info.options_digest = select->Text(5);
        scan.summary.files = select->UInt(6);
        scan.summary.files_with_findings = select->UInt(7);
        scan.summary.files_partial = select->UInt(8);
        scan.summary.files_skipped = select->UInt(9);
        scan.summary.files_unchanged = select->UInt(10);
        scan.summary.bytes = select->UInt(11);
        scan.summary.records = select->UInt(12);
        scan.summary.people = select->UInt(13);
        scan.summary.seconds = select->Double(14);
        scans.push_back(std::move(scan));
      }
    }
    for (ScanRow& scan : scans) {
      STORE_PREPARE(roots, "SELECT path FROM scan_roots WHERE scan_id = ?1 ORDER BY ordinal");
      roots->Bind(1, scan.id);
      while (true) {
        Result<bool> row = roots->Step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        scan.info.roots.push_back(roots->Text(0));
      }
    }
    return scans;
  }

  Result<std::vector<FileChange>> DiffScans(int64_t a, int64_t b) override {
    std::lock_guard lock(mutex_);
    // Only files with findings in either scan can differ in findings; the union of those
    // two (scan_id, records > 0) sets is small next to the files of a share.
    STORE_PREPARE(select, R"sql(
      SELECT f.id, f.display_path, COALESCE(sa.records, 0), COALESCE(sa.people, 0),
             COALESCE(sa.items_mask, 0), sb.file_id IS NOT NULL, COALESCE(sb.records, 0),
             COALESCE(sb.people, 0), COALESCE(sb.items_mask, 0)
      FROM (SELECT file_id FROM scan_files WHERE scan_id = ?1 AND records > 0
            UNION
            SELECT file_id FROM scan_files WHERE scan_id = ?2 AND records > 0) AS ids
      JOIN files f ON f.id = ids.file_id
      LEFT JOIN scan_files sa ON sa.scan_id = ?1 AND sa.file_id = ids.file_id
      LEFT JOIN scan_files sb ON sb.scan_id = ?2 AND sb.file_id = ids.file_id
      ORDER BY f.path)sql");
    select->Bind(1, a).Bind(2, b);
    std::vector<FileChange> changes;
    while (true) {
      Result<bool> row = select->Step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      FileChange change;
      change.file_id = select->Int(0);
      change.display_path = select->Text(1);
      change.records_before = select->UInt(2);
      change.people_before = select->UInt(3);
      const int64_t mask_before = select->Int(4);
      const bool in_b = select->Int(5) != 0;
      change.records_after = select->UInt(6);
      change.people_after = select->UInt(7);
      const int64_t mask_after = select->Int(8);
      if (change.records_before == 0) {
        change.change = Change::kNew;
      } else if (!in_b) {
        change.change = Change::kDeleted;
      } else if (change.records_after == 0) {
        change.change = Change::kFixed;
      } else if (change.records_before != change.records_after ||
                 change.people_before != change.people_after || mask_before != mask_after) {
        change.change = Change::kChanged;
      } else {
        continue;
      }
      changes.push_back(std::move(change));
    }
    return changes;
  }

 private:
  Status Migrate() {
    STORE_TRY(
        db_->Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                  "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)"));
    // IMMEDIATE: two processes opening a new store at once migrate one after the other.
    STORE_TRY(db_->Exec("BEGIN IMMEDIATE"));
    Status migrated = [&]() -> Status {
      int64_t version = 0;
      {
        STORE_PREPARE(select, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        Result<bool> row = select->Step();
        if (!row) return tl::unexpected(row.error());
        version = select->Int(0);
      }
      const std::span<const std::string_view> migrations = SqliteMigrations();
      if (version > static_cast<int64_t>(migrations.size())) {
        return MakeError(ErrorCode::kUnsupported, "store schema version " +
                                                      std::to_string(version) +
                                                      " is newer than this mamori knows (" +
                                                      std::to_string(migrations.size()) + ")");
      }
      for (size_t next = static_cast<size_t>(version); next < migrations.size(); ++next) {
        STORE_TRY(db_->Exec(std::string(migrations[next]).c_str()));
        STORE_PREPARE(insert,
                      "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)");
        insert->Bind(1, static_cast<int64_t>(next + 1)).Bind(2, Now());
        STORE_TRY(insert->Run());
      }
      return Ok();
    }();
    if (!migrated) {
      (void)db_->Exec("ROLLBACK");
      return migrated;
    }
    return db_->Exec("COMMIT");
  }

  // Scans left running by a process of this host that is gone (killed, crashed).
  Status MarkStaleScans() {
    std::vector<int64_t> stale;
    {
      STORE_PREPARE(select, "SELECT id, pid FROM scans WHERE status = 'running' AND host = ?1");
      select->BindText(1, host_);
      while (true) {
        Result<bool> row = select->Step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        const auto pid = static_cast<pid_t>(select->Int(1));
        if (::kill(pid, 0) != 0 && errno == ESRCH) stale.push_back(select->Int(0));
      }
    }
    for (int64_t scan_id : stale) STORE_TRY(SetStatus(scan_id, ScanStatus::kInterrupted));
    return Ok();
  }

  Status SetStatus(int64_t scan_id, ScanStatus status) {
    STORE_PREPARE(update, "UPDATE scans SET status = ?2 WHERE id = ?1 AND status = 'running'");
    update->Bind(1, scan_id).BindText(2, ScanStatusName(status));
    return update->Run();
  }

  Status Heartbeat(int64_t scan_id) {
    STORE_PREPARE(update, "UPDATE scans SET heartbeat_at = ?2 WHERE id = ?1");
    update->Bind(1, scan_id).Bind(2, Now());
    return update->Run();
  }

  Status Commit() {
    if (!db_->InTransaction()) return Ok();
    return db_->Exec("COMMIT");
  }

  Status RecordUnchanged(int64_t scan_id, const report::FileResult& result) {
    int64_t file_id = 0;
    std::string outcome;
    int64_t records = 0;
    int64_t people = 0;
    int64_t items_mask = 0;
    {
      STORE_PREPARE(update, R"sql(
        UPDATE files SET last_seen_scan = ?1 WHERE path = ?2
        RETURNING id, outcome, records, people, items_mask)sql");
      update->Bind(1, scan_id).BindBlob(2, result.path);
      Result<bool> row = update->Step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) {
        return MakeError(
            ErrorCode::kInvalidArgument,
            "an unchanged file that the store does not hold: " + report::DisplayPath(result.path));
      }
      file_id = update->Int(0);
      outcome = update->Text(1);
      records = update->Int(2);
      people = update->Int(3);
      items_mask = update->Int(4);
      STORE_TRY(update->Run());
    }
    return InsertScanFile(scan_id, file_id, true, outcome, records, people, items_mask);
  }

  Status RecordRead(int64_t scan_id, const report::FileResult& result) {
    const record::FileTally& tally = result.tally;
    const int64_t items_mask = static_cast<int64_t>(ItemsMask(tally));
    int64_t file_id = 0;
    {
      STORE_PREPARE(upsert, R"sql(
        INSERT INTO files (path, display_path, top_path, container, size, mtime, inode, device,
          uid, gid, mode, format, encoding, protection, content_readable, outcome, reason,
          records_read, records, people, people_exact, pension_number, my_number,
          corporate_number, name, birth_date, address, phone, email, items_mask, category4,
          category3, category2, confidence, first_seen_scan, last_seen_scan, last_read_scan)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
          ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35,
          ?35, ?35)
        ON CONFLICT (path) DO UPDATE SET display_path = excluded.display_path,
          top_path = excluded.top_path, container = excluded.container, size = excluded.size,
          mtime = excluded.mtime, inode = excluded.inode, device = excluded.device,
          uid = excluded.uid, gid = excluded.gid, mode = excluded.mode,
          format = excluded.format, encoding = excluded.encoding,
          protection = excluded.protection, content_readable = excluded.content_readable,
          outcome = excluded.outcome, reason = excluded.reason,
          records_read = excluded.records_read, records = excluded.records,
          people = excluded.people, people_exact = excluded.people_exact,
          pension_number = excluded.pension_number, my_number = excluded.my_number,
          corporate_number = excluded.corporate_number, name = excluded.name,
          birth_date = excluded.birth_date, address = excluded.address,
          phone = excluded.phone, email = excluded.email, items_mask = excluded.items_mask,
          category4 = excluded.category4, category3 = excluded.category3,
          category2 = excluded.category2, confidence = excluded.confidence,
          last_seen_scan = excluded.last_seen_scan, last_read_scan = excluded.last_read_scan
        RETURNING id)sql");
      Statement& s = *upsert;
      s.BindBlob(1, result.path)
          .BindText(2, report::DisplayPath(result.path))
          .BindBlob(3, result.container.empty() ? result.path : result.container.front())
          .BindBlob(4, JoinContainer(result.container))
          .BindU(5, result.size)
          .Bind(6, result.mtime)
          .BindU(7, result.inode)
          .BindU(8, result.device)
          .Bind(9, result.uid)
          .Bind(10, result.gid)
          .Bind(11, result.mode)
          .BindText(12, result.format)
          .BindText(13, result.encoding)
          .BindText(14, ProtectionName(result.protection))
          .Bind(15, result.content_readable ? 1 : 0)
          .BindText(16, report::OutcomeName(result.outcome))
          .BindText(17, result.reason)
          .BindU(18, tally.records_read)
          .BindU(19, tally.records)
          .BindU(20, tally.people)
          .Bind(21, tally.people_exact ? 1 : 0);
      for (size_t i = 0; i < kItemCount; ++i) s.BindU(22 + static_cast<int>(i), tally.items[i]);
      s.Bind(30, items_mask).BindU(31, tally.category4).BindU(32, tally.category3);
      s.BindU(33, tally.category2);
      if (tally.has_personal_data()) {
        s.BindText(34, ConfidenceName(tally.confidence));
      } else {
        s.BindNull(34);
      }
      s.Bind(35, scan_id);
      Result<bool> row = s.Step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) return MakeError(ErrorCode::kIo, "sqlite: upsert returned no id");
      file_id = s.Int(0);
      STORE_TRY(s.Run());
    }
    {
      STORE_PREPARE(clear, "DELETE FROM samples WHERE file_id = ?1");
      clear->Bind(1, file_id);
      STORE_TRY(clear->Run());
    }
    for (size_t i = 0; i < tally.samples.size(); ++i) {
      STORE_PREPARE(insert, R"sql(
        INSERT INTO samples (file_id, ordinal, item, masked) VALUES (?1, ?2, ?3, ?4))sql");
      insert->Bind(1, file_id)
          .Bind(2, static_cast<int64_t>(i))
          .BindText(3, ItemName(tally.samples[i].item()))
          .BindText(4, tally.samples[i].text());
      STORE_TRY(insert->Run());
    }
    {
      STORE_PREPARE(clear, "DELETE FROM errors WHERE file_id = ?1");
      clear->Bind(1, file_id);
      STORE_TRY(clear->Run());
    }
    for (size_t i = 0; i < result.errors.size(); ++i) {
      STORE_PREPARE(insert, R"sql(
        INSERT INTO errors (file_id, ordinal, code, message) VALUES (?1, ?2, ?3, ?4))sql");
      insert->Bind(1, file_id)
          .Bind(2, static_cast<int64_t>(i))
          .BindText(3, ErrorCodeName(result.errors[i].code))
          .BindText(4, result.errors[i].message);
      STORE_TRY(insert->Run());
    }
    return InsertScanFile(scan_id, file_id, false, report::OutcomeName(result.outcome),
                          static_cast<int64_t>(tally.records), static_cast<int64_t>(tally.people),
                          items_mask);
  }

  Status InsertScanFile(int64_t scan_id, int64_t file_id, bool unchanged, std::string_view outcome,
                        int64_t records, int64_t people, int64_t items_mask) {
    STORE_PREPARE(insert, R"sql(
      INSERT OR REPLACE INTO scan_files (scan_id, file_id, unchanged, outcome, records, people,
                                         items_mask)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql");
    insert->Bind(1, scan_id)
        .Bind(2, file_id)
        .Bind(3, unchanged ? 1 : 0)
        .BindText(4, outcome)
        .Bind(5, records)
        .Bind(6, people)
        .Bind(7, items_mask);
    return insert->Run();
  }

  Result<std::vector<Error>> LoadErrorsById(int64_t file_id) {
    STORE_PREPARE(select, "SELECT code, message FROM errors WHERE file_id = ?1 ORDER BY ordinal");
    select->Bind(1, file_id);
    std::vector<Error> errors;
    while (true) {
      Result<bool> row = select->Step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      errors.push_back(Error{ErrorCodeFromName(select->Text(0)), select->Text(1)});
    }
    return errors;
  }

  static report::FileResult ToFileResult(FileRow row) {
    report::FileResult result;
    result.path = std::move(row.path);
    result.format = std::move(row.format);
    result.encoding = std::move(row.encoding);
    result.size = row.size;
    result.mtime = row.mtime;
    result.inode = row.inode;
    result.device = row.device;
    result.uid = row.uid;
    result.gid = row.gid;
    result.mode = row.mode;
    result.unchanged = true;
    result.outcome = row.outcome;
    result.reason = std::move(row.reason);
    result.protection = row.protection;
    result.content_readable = row.content_readable;
    result.container = std::move(row.container);
    record::FileTally& tally = result.tally;
    tally.records_read = row.records_read;
    tally.records = row.records;
    tally.people = row.people;
    tally.people_exact = row.people_exact;
    tally.items = row.items;
    tally.category4 = row.category4;
    tally.category3 = row.category3;
    tally.category2 = row.category2;
    tally.confidence = row.confidence.value_or(Confidence::kLow);
    return result;
  }

  std::mutex mutex_;
  std::unique_ptr<Database> db_;
  OpenOptions options_;
  std::string host_;
  std::set<int64_t> running_;
  Clock::time_point batch_started_;
  uint32_t batch_files_ = 0;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqlite(const std::string& path, const OpenOptions& options) {
  Result<std::unique_ptr<Database>> db = Database::Open(path);
  if (!db) return tl::unexpected(db.error());
  auto store = std::make_unique<SqliteStore>(std::move(*db), options);
  Status ready = store->Initialise();
  if (!ready) {
    return MakeError(ready.error().code, path + ": " + ready.error().message);
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace mamori::store::internal
