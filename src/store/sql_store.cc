// The write path of the one Store implementation: migrations, scans, recording in batches,
// the rescan preload and the per-scan rollups.
//
// Recording: RecordFile only queues the file; Flush writes the queue in one transaction
// (retried whole on a PostgreSQL serialization failure or deadlock, which concurrent
// scanners of one central store can cause). A clean file carried forward unchanged, most of
// a rescan, costs no statement of its own: it joins a run of consecutive file ids in
// scan_clean_runs.
#include "store/internal/sql_store.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <ctime>
#include <system_error>
#include <thread>
#include <utility>

#include "store/internal/migrations.h"
#include "store/internal/names.h"
#include "store/internal/query_params.h"
#include "store/internal/share.h"

namespace mamori::store::internal {

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

uint64_t ItemsMask(const std::array<uint64_t, kItemCount>& items) {
  uint64_t mask = 0;
  for (size_t i = 0; i < kItemCount; ++i) {
    if (items[i] > 0) mask |= uint64_t{1} << i;
  }
  return mask;
}

namespace {

using Clock = std::chrono::steady_clock;

std::string HostName() {
  char buffer[256] = {};
  if (::gethostname(buffer, sizeof(buffer) - 1) != 0) return "localhost";
  return buffer;
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

constexpr int kMaxFlushAttempts = 5;
constexpr size_t kPreloadChunk = 50'000;
// The preload's ranges: at most this many, each of at least kMinRowsPerPart rows.
constexpr size_t kPreloadParts = 4;
constexpr size_t kMinRowsPerPart = 100'000;
// Linux stamps ctime from a clock that lags the real one by up to a tick (1 to 10 ms): a
// change made just after a scan began may carry a ctime a little before it.
constexpr int64_t kCtimeMarginNs = 20'000'000;

int64_t RealtimeNs() {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}
constexpr size_t kCleanPerFile = 16;  // clean files carried forward weigh 1/16 of a file
// A running scan of another host whose last commit is older than this is taken for dead.
constexpr int64_t kStaleSeconds = 3600;

}  // namespace

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
  file.acl = row.Text(36);
  file.share = row.Text(37);
  file.assessment.zone = row.Text(38);
  file.assessment.owner = row.Text(39);
  file.assessment.risk = row.Double(40);
  file.policy_digest = row.Text(41);
  if (row.Int(42) != 0) {
    file.acknowledgement = Acknowledgement{};
    file.acknowledgement->id = row.Int(42);
  }
  return file;
}

report::FileResult ToFileResult(FileRow row) {
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
  result.acl = std::move(row.acl);
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

SqlStore::SqlStore(std::unique_ptr<Connection> writer, Pool::Opener open_reader,
                   const OpenOptions& options)
    : writer_(std::move(writer)),
      readers_(std::move(open_reader), 16),
      options_(options),
      host_(HostName()) {}

SqlStore::~SqlStore() {
  std::lock_guard lock(mutex_);
  (void)Flush();
  // A scan begun here and never finished (an error ended the run): interrupted now, rather
  // than by the next Open().
  for (int64_t scan_id : running_) (void)SetStatus(scan_id, ScanStatus::kInterrupted);
}

std::string_view SqlStore::backend() const {
  return writer_->dialect() == Dialect::kSqlite ? "sqlite" : "postgresql";
}

Status SqlStore::Initialise() {
  STORE_TRY(Migrate());
  return MarkStaleScans();
}

Status SqlStore::Migrate() {
  Connection& db = *writer_;
  // Exclusive: two processes opening a new store migrate one after the other.
  STORE_TRY(db.Begin(/*exclusive=*/true));
  Status migrated = [&]() -> Status {
    STORE_TRY(
        db.Exec(TranslateSchema("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
                                Dialect::kSqlite)));
    int64_t version = 0;
    {
      STORE_PREPARE(db, select, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
      Result<bool> row = select->Step();
      if (!row) return tl::unexpected(row.error());
      version = select->Int(0);
    }
    const std::span<const Migration> migrations = Migrations();
    if (version > static_cast<int64_t>(migrations.size())) {
      return MakeError(ErrorCode::kUnsupported, "store schema version " + std::to_string(version) +
                                                    " is newer than this mamori knows (" +
                                                    std::to_string(migrations.size()) + ")");
    }
    for (size_t next = static_cast<size_t>(version); next < migrations.size(); ++next) {
      STORE_TRY(db.Exec(MigrationSql(migrations[next], db.dialect())));
      STORE_PREPARE(db, insert,
                    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)");
      insert->Bind(1, static_cast<int64_t>(next + 1)).Bind(2, Now());
      STORE_TRY(insert->Run());
    }
    return Ok();
  }();
  if (!migrated) {
    db.Rollback();
    return migrated;
  }
  return db.Commit();
}

// Scans left running by a process of this host that is gone (killed, crashed), or by
// another host that has not committed for kStaleSeconds.
Status SqlStore::MarkStaleScans() {
  Connection& db = *writer_;
  std::vector<int64_t> stale;
  {
    STORE_PREPARE(db, select,
                  "SELECT id, pid, host, heartbeat_at FROM scans WHERE status = 'running'");
    while (true) {
      Result<bool> row = select->Step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      if (select->Text(2) == host_) {
        const auto pid = static_cast<pid_t>(select->Int(1));
        if (::kill(pid, 0) != 0 && errno == ESRCH) stale.push_back(select->Int(0));
      } else if (select->Int(3) < Now() - kStaleSeconds) {
        stale.push_back(select->Int(0));
      }
    }
  }
  for (int64_t scan_id : stale) STORE_TRY(SetStatus(scan_id, ScanStatus::kInterrupted));
  return Ok();
}

Status SqlStore::SetStatus(int64_t scan_id, ScanStatus status) {
  STORE_PREPARE(*writer_, update,
                "UPDATE scans SET status = $2 WHERE id = $1 AND status = 'running'");
  update->Bind(1, scan_id).BindText(2, ScanStatusName(status));
  return update->Run();
}

Result<int64_t> SqlStore::BeginScan(const ScanInfo& info) {
  std::lock_guard lock(mutex_);
  STORE_TRY(Flush());
  Connection& db = *writer_;
  STORE_TRY(db.Begin());
  const int64_t started = info.started_at != 0 ? info.started_at : Now();
  int64_t scan_id = 0;
  Status inserted = [&]() -> Status {
    {
      STORE_PREPARE(db, insert, R"sql(
        INSERT INTO scans (status, started_at, heartbeat_at, host, pid, options_digest)
        VALUES ('running', $1, $1, $2, $3, $4) RETURNING id)sql");
      insert->Bind(1, started)
          .BindText(2, info.host.empty() ? host_ : info.host)
          .Bind(3, static_cast<int64_t>(::getpid()))
          .BindText(4, info.options_digest);
      Result<bool> row = insert->Step();
      if (!row) return tl::unexpected(row.error());
      scan_id = insert->Int(0);
      STORE_TRY(insert->Run());
    }
    for (size_t i = 0; i < info.roots.size(); ++i) {
      STORE_PREPARE(db, root, R"sql(
        INSERT INTO scan_roots (scan_id, ordinal, path, display_path) VALUES ($1, $2, $3, $4))sql");
      root->Bind(1, scan_id)
          .Bind(2, static_cast<int64_t>(i))
          .BindBlob(3, info.roots[i])
          .BindText(4, report::DisplayPath(info.roots[i]));
      STORE_TRY(root->Run());
    }
    return Ok();
  }();
  if (!inserted) {
    db.Rollback();
    return tl::unexpected(inserted.error());
  }
  STORE_TRY(db.Commit());
  running_.insert(scan_id);
  ctime_trusted_before_[scan_id] = RealtimeNs() - kCtimeMarginNs;
  roots_ = info.roots;
  ResetRollups();
  tops_with_members_.clear();
  STORE_TRY(Preload(info));
  return scan_id;
}

// Loads the top-level files under the scan's roots before the walk needs them. The roots are
// cut into ranges of paths loaded at once, one on the writer and the others on readers of the
// pool, each into its own table sized up front from the largest earlier scan: at a million
// files the preload was a serial second and a half before the walk could start.
Status SqlStore::Preload(const ScanInfo& info) {
  std::unique_lock preload_lock(preload_mutex_);
  preload_.clear();
  preload_scans_.clear();
  preload_active_ = false;
  Connection& db = *writer_;
  size_t expected = 0;
  {
    STORE_PREPARE(db, select, "SELECT id, status, started_at, options_digest, files FROM scans");
    while (true) {
      Result<bool> row = select->Step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      preload_scans_[select->Int(0)] =
          ReadBy{ScanStatusFromName(select->Text(1)), select->Int(2), select->Text(3)};
      expected = std::max(expected, static_cast<size_t>(select->UInt(4)));
    }
  }
  const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, kPreloadParts);
  STORE_TRY(PlanPreload(info, std::max(kMinRowsPerPart, expected / threads + 1)));
  for (auto& part : preload_) part->table.Reserve(expected / preload_.size() + 1);
  std::vector<std::future<Status>> others;
  for (size_t i = 1; i < preload_.size(); ++i) {
    PreloadPart* part = preload_[i].get();
    auto load = [this, part]() -> Status {
      Result<std::unique_ptr<Pool::Lease>> lease = readers_.Acquire();
      if (!lease) return tl::unexpected(lease.error());
      return LoadPreloadPart(***lease, *part);
    };
    try {
      others.push_back(std::async(std::launch::async, load));
    } catch (const std::system_error&) {
      others.push_back(std::async(std::launch::deferred, load));  // no thread to spare
    }
  }
  Status loaded = preload_.empty() ? Ok() : LoadPreloadPart(db, *preload_[0]);
  for (std::future<Status>& other : others) {
    Status status = other.get();
    if (loaded && !status) loaded = std::move(status);
  }
  STORE_TRY(loaded);
  std::sort(preload_.begin(), preload_.end(),
            [](const auto& a, const auto& b) { return a->begin < b->begin; });
  preload_active_ = true;
  return Ok();
}

// Cuts each root's range of paths every `rows_per_part` index entries (members included:
// the cut only has to be roughly even), at most kPreloadParts parts in all.
Status SqlStore::PlanPreload(const ScanInfo& info, size_t rows_per_part) {
  Connection& db = *writer_;
  for (const std::string& root : info.roots) {
    const std::string end = PrefixEnd(root);
    std::string begin = root;
    while (preload_.size() + 1 < kPreloadParts) {
      STORE_PREPARE(db, cut, R"sql(
        SELECT path FROM files WHERE path > $1 AND ($3 = 0 OR path < $2)
        ORDER BY path LIMIT 1 OFFSET $4)sql");
      cut->BindBlob(1, begin)
          .BindBlob(2, end)
          .Bind(3, end.empty() ? 0 : 1)
          .Bind(4, static_cast<int64_t>(rows_per_part));
      Result<bool> row = cut->Step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      std::string next = cut->Text(0);
      auto part = std::make_unique<PreloadPart>();
      part->begin = std::exchange(begin, next);
      part->end = std::move(next);
      preload_.push_back(std::move(part));
    }
    auto last = std::make_unique<PreloadPart>();
    last->begin = std::move(begin);
    last->end = end;
    preload_.push_back(std::move(last));
  }
  return Ok();
}

// Loads one range in chunks (keyset on path) so a million rows never sit in one result.
Status SqlStore::LoadPreloadPart(Connection& db, PreloadPart& part) {
  PreloadTable& table = part.table;
  // One "last id" per interned column (PreloadTable::Intern).
  std::array<uint32_t, 7> last;
  last.fill(PreloadTable::kNoString);
  std::string after = part.begin;
  bool first = part.include_begin;
  while (true) {
    STORE_PREPARE(db, select, R"sql(
      SELECT id, path, size, mtime, inode, device, outcome, reason, last_read_scan, uid, gid,
             mode, format, encoding, protection, content_readable, records_read, records,
             error_count, has_members, acl, policy_digest, violation_count, share, zone, ctime
      FROM files
      WHERE (path > $1 OR ($3 = 1 AND path = $1)) AND ($4 = 0 OR path < $2)
        AND length(container) = 0
      ORDER BY path LIMIT $5)sql");
    select->BindBlob(1, after)
        .BindBlob(2, part.end)
        .Bind(3, first ? 1 : 0)
        .Bind(4, part.end.empty() ? 0 : 1)
        .Bind(5, static_cast<int64_t>(kPreloadChunk));
    size_t rows = 0;
    while (true) {
      Result<bool> row = select->Step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      ++rows;
      after = select->Text(1);
      Preloaded& entry = table.Upsert(after);
      entry.file_id = select->Int(0);
      entry.size = select->UInt(2);
      entry.mtime = select->Int(3);
      entry.inode = select->UInt(4);
      entry.device = select->UInt(5);
      entry.outcome = OutcomeFromName(select->Text(6));
      entry.reason = table.Intern(select->Text(7), last[0]);
      entry.last_read_scan = select->Int(8);
      entry.uid = static_cast<uint32_t>(select->Int(9));
      entry.gid = static_cast<uint32_t>(select->Int(10));
      entry.mode = static_cast<uint32_t>(select->Int(11));
      entry.format = table.Intern(select->Text(12), last[1]);
      entry.encoding = table.Intern(select->Text(13), last[2]);
      entry.protection = ProtectionFromName(select->Text(14));
      entry.content_readable = select->Int(15) != 0;
      entry.records_read = select->UInt(16);
      entry.clean = select->Int(17) == 0 && select->Int(22) == 0;
      entry.simple = entry.clean && select->Int(18) == 0 && select->Int(19) == 0;
      entry.acl = table.Intern(select->Text(20), last[3]);
      entry.policy_digest = table.Intern(select->Text(21), last[4]);
      entry.share = table.Intern(select->Text(23), last[5]);
      entry.zone = table.Intern(select->Text(24), last[6]);
      entry.ctime_ns = select->Int(25);
    }
    first = false;
    if (rows < kPreloadChunk) return Ok();
  }
}

SqlStore::PreloadHit SqlStore::FindPreloaded(std::string_view path) const {
  // The last part beginning at or before `path`; overlapping roots may need an earlier one.
  auto it = std::upper_bound(preload_.begin(), preload_.end(), path,
                             [](std::string_view p, const auto& part) { return p < part->begin; });
  while (it != preload_.begin()) {
    --it;
    const PreloadPart& part = **it;
    if (!part.end.empty() && path >= part.end) continue;
    if (const Preloaded* entry = part.table.Find(path)) return PreloadHit{entry, &part.table};
  }
  return PreloadHit{};
}

bool SqlStore::EntryCarriesForward(const PreloadHit& hit, const FileStat& now,
                                   std::string_view options_digest) const {
  const Preloaded& entry = *hit.entry;
  auto it = preload_scans_.find(entry.last_read_scan);
  const ReadBy read_by = it != preload_scans_.end() ? it->second : ReadBy{};
  return CarriesForward(FileStat{.size = entry.size,
                                 .mtime = entry.mtime,
                                 .inode = entry.inode,
                                 .device = entry.device,
                                 .acl = {},
                                 .ctime_ns = entry.ctime_ns},
                        now, read_by.status, read_by.started_at, read_by.digest, entry.outcome,
                        hit.String(entry.reason), options_digest);
}

Result<std::vector<report::FileResult>> SqlStore::CarryForward(std::string_view path,
                                                               const FileStat& now,
                                                               std::string_view options_digest) {
  std::vector<report::FileResult> carried;
  {
    std::shared_lock preload_lock(preload_mutex_);
    if (preload_active_) {
      const PreloadHit hit = FindPreloaded(path);
      // Not preloaded: never recorded under these roots (or read again since): read it.
      if (hit.entry == nullptr) return carried;
      const Preloaded& entry = *hit.entry;
      if (!EntryCarriesForward(hit, now, options_digest)) return carried;
      // Same ctime: the recorded permissions stand. Without one, the walk's are today's.
      const bool now_permissions = now.mode != 0 && now.ctime_ns == 0;
      if (entry.simple) {
        report::FileResult& result = carried.emplace_back();
        result.path = path;
        result.format = hit.String(entry.format);
        result.encoding = hit.String(entry.encoding);
        result.size = entry.size;
        result.mtime = entry.mtime;
        result.inode = entry.inode;
        result.device = entry.device;
        result.ctime_ns = entry.ctime_ns;
        result.uid = now_permissions ? now.uid : entry.uid;
        result.gid = now_permissions ? now.gid : entry.gid;
        result.mode = now_permissions ? now.mode : entry.mode;
        result.acl = now_permissions ? now.acl : hit.String(entry.acl);
        result.unchanged = true;
        result.outcome = entry.outcome;
        result.reason = hit.String(entry.reason);
        result.protection = entry.protection;
        result.content_readable = entry.content_readable;
        result.tally.records_read = entry.records_read;
        return carried;
      }
    }
  }
  // Files with findings, errors or members: the few a rescan rebuilds with queries.
  return Store::CarryForward(path, now, options_digest);
}

Result<bool> SqlStore::RecordUnchanged(int64_t scan_id, const report::FileResult& result,
                                       std::string_view share, std::string_view policy_digest) {
  if (!result.unchanged || !result.container.empty()) return false;
  std::lock_guard lock(mutex_);
  if (HasPending() && pending_scan_ != scan_id) STORE_TRY(Flush());
  if (!HasPending()) batch_started_ = Clock::now();
  pending_scan_ = scan_id;
  if (!QueueKnownClean(result, share, policy_digest, nullptr)) return false;
  STORE_TRY(FlushIfDue());
  return true;
}

bool SqlStore::QueueKnownClean(const report::FileResult& result, std::string_view share,
                               std::string_view policy_digest, const std::string* zone) {
  std::shared_lock preload_lock(preload_mutex_);
  if (!preload_active_) return false;
  const PreloadHit hit = FindPreloaded(result.path);
  if (hit.entry == nullptr) return false;
  const Preloaded& entry = *hit.entry;
  // The recorded assessment (no violations, this zone) stands only for the same policy,
  // share and permissions; the bytes are the same since the result is carried forward.
  if (!entry.clean || hit.String(entry.policy_digest) != policy_digest ||
      hit.String(entry.share) != share || entry.uid != result.uid || entry.gid != result.gid ||
      entry.mode != result.mode || hit.String(entry.acl) != result.acl) {
    return false;
  }
  if (zone != nullptr && *zone != hit.String(entry.zone)) return false;
  if (entry.queued) return true;
  entry.queued = true;
  pending_clean_.emplace_back(entry.file_id, entry.outcome);
  AccumulateClean(share, hit.String(entry.zone));
  return true;
}

void SqlStore::ResetRollups() {
  rollups_.clear();
  clean_total_ = nullptr;
  clean_by_zone_ = nullptr;
}

void SqlStore::AccumulateClean(std::string_view share, std::string_view zone) {
  if (clean_total_ == nullptr || share != clean_share_ || zone != clean_zone_) {
    clean_share_ = share;
    clean_zone_ = zone;
    clean_total_ = &rollups_[{clean_share_, "total", ""}];
    clean_by_zone_ = &rollups_[{clean_share_, "zone", clean_zone_}];
  }
  ++clean_total_->files;
  ++clean_by_zone_->files;
}

Status SqlStore::RecordFile(int64_t scan_id, const report::FileResult& result,
                            const FileContext& context) {
  std::lock_guard lock(mutex_);
  if (HasPending() && pending_scan_ != scan_id) STORE_TRY(Flush());
  if (!HasPending()) batch_started_ = Clock::now();
  pending_scan_ = scan_id;
  const std::string_view share = context.share.empty() ? ShareOf(result, roots_) : context.share;
  const bool has_violations =
      context.assessment != nullptr && !context.assessment->violations.empty();
  if (result.unchanged && result.container.empty() && !has_violations) {
    static const std::string kNoZone;
    const std::string* zone = context.assessment != nullptr ? &context.assessment->zone : &kNoZone;
    if (QueueKnownClean(result, share, context.policy_digest, zone)) return FlushIfDue();
  }
  Pending pending;
  pending.share = share;
  Accumulate(result, pending.share, context.assessment);
  pending.policy_digest = context.policy_digest;
  pending.result = result;
  if (context.assessment != nullptr) pending.assessment = *context.assessment;
  if (!result.unchanged) {
    if (!result.container.empty()) {
      tops_with_members_.insert(result.container.front());
    } else {
      pending.has_members = tops_with_members_.erase(result.path) > 0;
      // Read again: its preloaded state is no longer the stored one.
      std::unique_lock preload_lock(preload_mutex_);
      for (auto& part : preload_) part->table.Erase(result.path);
    }
  }
  pending_.push_back(std::move(pending));
  return FlushIfDue();
}

void SqlStore::Accumulate(const report::FileResult& result, const std::string& share,
                          const policy::Assessment* assessment) {
  const bool findings = result.has_findings();
  const uint64_t people = result.tally.people;
  const uint64_t violations = assessment != nullptr ? assessment->violations.size() : 0;
  auto add = [&](std::string dimension, std::string key, uint64_t count) {
    Figures& figures = rollups_[{share, std::move(dimension), std::move(key)}];
    ++figures.files;
    // "With findings" as in the findings list: files that need attention.
    if (findings || violations > 0) ++figures.files_with_findings;
    if (findings) figures.people += people;
    figures.violations += count;
    if (violations > 0) ++figures.unacknowledged;
  };
  add("total", "", violations);
  add("zone", assessment != nullptr ? assessment->zone : std::string(), violations);
  for (size_t i = 0; i < kItemCount; ++i) {
    if (result.tally.items[i] > 0)
      add("item", std::string(ItemName(static_cast<Item>(i))), violations);
  }
  if (assessment != nullptr) {
    std::map<std::string, uint64_t> by_rule;
    for (const policy::Violation& violation : assessment->violations) ++by_rule[violation.rule];
    for (const auto& [rule, count] : by_rule) add("rule", rule, count);
  }
}

SqlStore::Batch SqlStore::TakeBatch() {
  Batch batch;
  batch.scan_id = pending_scan_;
  if (auto it = ctime_trusted_before_.find(pending_scan_); it != ctime_trusted_before_.end()) {
    batch.ctime_trusted_before = it->second;
  }
  batch.files.swap(pending_);
  batch.clean.swap(pending_clean_);
  return batch;
}

Status SqlStore::WaitForWrite() {
  if (!in_flight_.valid()) return Ok();
  return in_flight_.get();
}

Status SqlStore::Flush() {
  STORE_TRY(WaitForWrite());
  if (!HasPending()) return Ok();
  Batch batch = TakeBatch();
  return WriteBatch(batch);
}

// The batch is written on another thread while the scan goes on queueing the next one: the
// walk never waits for a commit unless the previous batch is still being written.
Status SqlStore::FlushIfDue() {
  // A clean file carried forward costs a place in a run of file ids and is carried forward
  // again if its batch is lost: batches of them are larger, and commits (each rewriting
  // the touched index pages into the WAL) fewer.
  if (pending_.size() + pending_clean_.size() / kCleanPerFile < options_.batch_files &&
      Clock::now() - batch_started_ < std::chrono::milliseconds(options_.batch_millis)) {
    return Ok();
  }
  STORE_TRY(WaitForWrite());
  if (!options_.write_behind) return Flush();
  auto batch = std::make_shared<Batch>(TakeBatch());
  try {
    in_flight_ = std::async(std::launch::async, [this, batch] { return WriteBatch(*batch); });
    return Ok();
  } catch (const std::system_error&) {
    return WriteBatch(*batch);  // no thread to spare: write it here
  }
}

Status SqlStore::WriteBatch(Batch& batch) {
  Status written = Ok();
  for (int attempt = 0; attempt < kMaxFlushAttempts; ++attempt) {
    written = WriteBatchOnce(batch);
    if (written || !writer_->IsTransient(written.error())) break;
  }
  return written;
}

Status SqlStore::WriteBatchOnce(Batch& batch) {
  Connection& db = *writer_;
  const int64_t scan_id = batch.scan_id;
  STORE_TRY(db.Begin());
  Status written = [&]() -> Status {
    std::vector<const Pending*> reads;
    for (const Pending& pending : batch.files) {
      if (!pending.result.unchanged) reads.push_back(&pending);
    }
    STORE_TRY(WriteReads(scan_id, batch.ctime_trusted_before, reads));
    for (const Pending& pending : batch.files) {
      if (pending.result.unchanged) STORE_TRY(WriteUnchanged(scan_id, pending));
    }
    STORE_TRY(WriteSeenClean(scan_id, batch.clean));
    STORE_PREPARE(db, heartbeat, "UPDATE scans SET heartbeat_at = $2 WHERE id = $1");
    heartbeat->Bind(1, scan_id).Bind(2, Now());
    return heartbeat->Run();
  }();
  if (!written) {
    db.Rollback();
    return written;
  }
  return db.Commit();
}

Status SqlStore::WriteUnchanged(int64_t scan_id, const Pending& pending) {
  Connection& db = *writer_;
  const policy::Assessment* assessment = pending.assessment ? &*pending.assessment : nullptr;
  int64_t file_id = 0;
  std::string outcome;
  int64_t records = 0;
  int64_t people = 0;
  int64_t items_mask = 0;
  {
    STORE_PREPARE(db, update, R"sql(
      UPDATE files SET last_seen_scan = $1, present = 1, share = $3, zone = $4, owner = $5,
        risk = $6, policy_digest = $7, violation_count = $8, uid = $9, gid = $10, mode = $11,
        acl = $12
      WHERE path = $2
      RETURNING id, outcome, records, people, items_mask)sql");
    update->Bind(1, scan_id)
        .BindBlob(2, pending.result.path)
        .BindBlob(3, pending.share)
        .BindText(4, assessment != nullptr ? assessment->zone : "")
        .BindText(5, assessment != nullptr ? assessment->owner : "")
        .BindDouble(6, assessment != nullptr ? assessment->risk : 0)
        .BindText(7, pending.policy_digest)
        .Bind(8, assessment != nullptr ? static_cast<int64_t>(assessment->violations.size()) : 0)
        .Bind(9, pending.result.uid)
        .Bind(10, pending.result.gid)
        .Bind(11, pending.result.mode)
        .BindBlob(12, pending.result.acl);
    Result<bool> row = update->Step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "an unchanged file that the store does not hold: " +
                           report::DisplayPath(pending.result.path));
    }
    file_id = update->Int(0);
    outcome = update->Text(1);
    records = update->Int(2);
    people = update->Int(3);
    items_mask = update->Int(4);
    STORE_TRY(update->Run());
  }
  STORE_TRY(WriteViolations(file_id, assessment));
  return InsertScanFile(scan_id, file_id, true, outcome, records, people, items_mask);
}

Status SqlStore::WriteViolations(int64_t file_id, const policy::Assessment* assessment) {
  Connection& db = *writer_;
  {
    STORE_PREPARE(db, clear, "DELETE FROM violations WHERE file_id = $1");
    clear->Bind(1, file_id);
    STORE_TRY(clear->Run());
  }
  if (assessment == nullptr) return Ok();
  for (size_t i = 0; i < assessment->violations.size(); ++i) {
    const policy::Violation& violation = assessment->violations[i];
    STORE_PREPARE(db, insert, R"sql(
      INSERT INTO violations (file_id, ordinal, rule, kind, evidence)
      VALUES ($1, $2, $3, $4, $5))sql");
    insert->Bind(1, file_id)
        .Bind(2, static_cast<int64_t>(i))
        .BindText(3, violation.rule)
        .BindText(4, policy::RuleKindName(violation.kind))
        .BindText(5, violation.evidence);
    STORE_TRY(insert->Run());
  }
  return Ok();
}

Status SqlStore::InsertScanFile(int64_t scan_id, int64_t file_id, bool unchanged,
                                std::string_view outcome, int64_t records, int64_t people,
                                int64_t items_mask) {
  STORE_PREPARE(*writer_, insert, R"sql(
    INSERT INTO scan_files (scan_id, file_id, unchanged, outcome, records, people, items_mask)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (scan_id, file_id) DO UPDATE SET unchanged = excluded.unchanged,
      outcome = excluded.outcome, records = excluded.records, people = excluded.people,
      items_mask = excluded.items_mask)sql");
  insert->Bind(1, scan_id)
      .Bind(2, file_id)
      .Bind(3, unchanged ? 1 : 0)
      .BindText(4, outcome)
      .Bind(5, records)
      .Bind(6, people)
      .Bind(7, items_mask);
  return insert->Run();
}

Status SqlStore::FinishScan(int64_t scan_id, const report::ScanSummary& summary,
                            ScanStatus status) {
  std::lock_guard lock(mutex_);
  STORE_TRY(Flush());
  Connection& db = *writer_;
  std::vector<std::string> shares;
  {
    STORE_PREPARE(db, select, "SELECT path FROM scan_roots WHERE scan_id = $1 ORDER BY ordinal");
    select->Bind(1, scan_id);
    while (true) {
      Result<bool> row = select->Step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      shares.push_back(select->Text(0));
    }
  }
  STORE_TRY(db.Begin());
  Status finished = [&]() -> Status {
    uint64_t violations = 0;
    for (const auto& [key, figures] : rollups_) {
      if (std::get<1>(key) == "total") violations += figures.violations;
    }
    STORE_PREPARE(db, update, R"sql(
      UPDATE scans SET status = $2, finished_at = $3, heartbeat_at = $3, files = $4,
        files_with_findings = $5, files_partial = $6, files_skipped = $7, files_unchanged = $8,
        bytes = $9, records = $10, people = $11, seconds = $12, violations = $13
      WHERE id = $1)sql");
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
        .BindDouble(12, summary.seconds)
        .BindU(13, violations);
    STORE_TRY(update->Run());
    // The rollups and "no longer present" only mean something for a scan that saw the
    // whole of its shares.
    if (status == ScanStatus::kCompleted) STORE_TRY(WriteRollups(scan_id, shares));
    return Ok();
  }();
  if (!finished) {
    db.Rollback();
    return finished;
  }
  STORE_TRY(db.Commit());
  running_.erase(scan_id);
  ctime_trusted_before_.erase(scan_id);
  ResetRollups();
  {
    std::unique_lock preload_lock(preload_mutex_);
    preload_active_ = false;
    preload_.clear();
    preload_scans_.clear();
  }
  return Ok();
}

Status SqlStore::WriteRollups(int64_t scan_id, const std::vector<std::string>& shares) {
  Connection& db = *writer_;
  for (const std::string& share : shares) {
    STORE_PREPARE(db, absent, R"sql(
      UPDATE files SET present = 0
      WHERE share = $1 AND (records > 0 OR violation_count > 0) AND present = 1
        AND last_seen_scan < $2)sql");
    absent->BindBlob(1, share).Bind(2, scan_id);
    STORE_TRY(absent->Run());
  }
  // Files seen by this scan that were acknowledged before it are not "unacknowledged".
  auto take = [&](const std::string& file_share, const std::string& dimension,
                  const std::string& key) {
    auto it = rollups_.find({file_share, dimension, key});
    if (it != rollups_.end() && it->second.unacknowledged > 0) --it->second.unacknowledged;
  };
  {
    // The acknowledged files through their partial index: as a join, SQLite's planner scanned
    // every file (a tenth of a rescan at a million files).
    STORE_PREPARE(db, rules, R"sql(
      SELECT DISTINCT f.share, f.id, v.rule
      FROM files f JOIN violations v ON v.file_id = f.id
      WHERE f.id IN (SELECT id FROM files WHERE acknowledgement > 0 AND last_seen_scan = $1))sql");
    rules->Bind(1, scan_id);
    while (true) {
      Result<bool> row = rules->Step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      take(rules->Text(0), "rule", rules->Text(2));
    }
  }
  {
    // The per-file dimensions (total, zone, items), once per acknowledged file.
    STORE_PREPARE(db, files, R"sql(
      SELECT share, zone, items_mask FROM files
      WHERE acknowledgement > 0 AND violation_count > 0 AND last_seen_scan = $1)sql");
    files->Bind(1, scan_id);
    while (true) {
      Result<bool> row = files->Step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      const std::string file_share = files->Text(0);
      take(file_share, "total", "");
      take(file_share, "zone", files->Text(1));
      const auto mask = static_cast<uint64_t>(files->Int(2));
      for (size_t i = 0; i < kItemCount; ++i) {
        if ((mask >> i) & 1) take(file_share, "item", std::string(ItemName(static_cast<Item>(i))));
      }
    }
  }
  for (const auto& [key, figures] : rollups_) {
    STORE_PREPARE(db, insert, R"sql(
      INSERT INTO scan_rollups (scan_id, share, dimension, key, files, files_with_findings,
                                people, violations, unacknowledged)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9))sql");
    insert->Bind(1, scan_id)
        .BindBlob(2, std::get<0>(key))
        .BindText(3, std::get<1>(key))
        .BindBlob(4, std::get<2>(key))
        .BindU(5, figures.files)
        .BindU(6, figures.files_with_findings)
        .BindU(7, figures.people)
        .BindU(8, figures.violations)
        .BindU(9, figures.unacknowledged);
    STORE_TRY(insert->Run());
  }
  return Ok();
}

Status SqlStore::FlushForRead() {
  std::lock_guard lock(mutex_);
  return Flush();
}

Result<std::optional<PreviousFile>> SqlStore::LookupPrevious(std::string_view path) {
  {
    std::shared_lock preload_lock(preload_mutex_);
    if (const PreloadHit hit = preload_active_ ? FindPreloaded(path) : PreloadHit{}; hit.entry) {
      const Preloaded& entry = *hit.entry;
      PreviousFile previous;
      previous.file_id = entry.file_id;
      previous.size = entry.size;
      previous.mtime = entry.mtime;
      previous.inode = entry.inode;
      previous.device = entry.device;
      previous.ctime_ns = entry.ctime_ns;
      previous.outcome = entry.outcome;
      previous.reason = hit.String(entry.reason);
      if (auto scan = preload_scans_.find(entry.last_read_scan); scan != preload_scans_.end()) {
        previous.read_by_status = scan->second.status;
        previous.read_by_started_at = scan->second.started_at;
        previous.read_by_options_digest = scan->second.digest;
      }
      return std::optional<PreviousFile>(std::move(previous));
    }
  }
  Result<std::unique_ptr<Pool::Lease>> lease = readers_.Acquire();
  if (!lease) return tl::unexpected(lease.error());
  Connection& db = ***lease;
  STORE_PREPARE(db, select, R"sql(
    SELECT f.id, f.size, f.mtime, f.inode, f.device, f.outcome, f.reason, s.status,
           s.started_at, s.options_digest, f.ctime
    FROM files f JOIN scans s ON s.id = f.last_read_scan
    WHERE f.path = $1)sql");
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
  previous.ctime_ns = select->Int(10);
  return std::optional<PreviousFile>(std::move(previous));
}

Result<std::vector<report::FileResult>> SqlStore::LoadResults(int64_t file_id) {
  Result<std::unique_ptr<Pool::Lease>> lease = readers_.Acquire();
  if (!lease) return tl::unexpected(lease.error());
  Connection& db = ***lease;
  std::vector<report::FileResult> results;
  std::vector<int64_t> ids;
  {
    // The members recorded by the read that recorded the file itself: members of an
    // earlier version of a container are not carried forward with it.
    STORE_PREPARE(db, select, "SELECT " MAMORI_FILE_COLUMNS R"sql(
      FROM files
      WHERE top_path = (SELECT path FROM files WHERE id = $1)
        AND last_read_scan = (SELECT last_read_scan FROM files WHERE id = $1)
      ORDER BY id = $1, id)sql");
    select->Bind(1, file_id);
    while (true) {
      Result<bool> row = select->Step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      ids.push_back(select->Int(0));
      results.push_back(ToFileResult(ReadFileRow(*select)));
    }
  }
  for (size_t i = 0; i < results.size(); ++i) {
    Result<std::vector<Error>> errors = LoadErrors(db, ids[i]);
    if (!errors) return tl::unexpected(errors.error());
    results[i].errors = std::move(*errors);
  }
  return results;
}

Result<std::vector<Error>> SqlStore::LoadErrors(Connection& db, int64_t file_id) {
  STORE_PREPARE(db, select, "SELECT code, message FROM errors WHERE file_id = $1 ORDER BY ordinal");
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

}  // namespace mamori::store::internal
