// The Store contract, run against every backend: SQLite in a temporary file and PostgreSQL
// in a fresh database of the cluster the ctest fixture started (scripts/pg-server.sh; URL
// from MAMORI_PG_URL or build/pg/url). Without a reachable PostgreSQL the PostgreSQL cases
// fail: they never skip.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "base/mask.h"
#include "store/store.h"

namespace mamori::store {
namespace {

namespace fs = std::filesystem;

std::string PostgresServerUrl() {
  if (const char* url = std::getenv("MAMORI_PG_URL"); url != nullptr && *url != '\0') return url;
  std::ifstream file(std::string(MAMORI_BINARY_DIR) + "/pg/url");
  std::string url;
  std::getline(file, url);
  return url;
}

// "postgresql://u@h:p/db" with the database replaced.
std::string WithDatabase(const std::string& url, const std::string& database) {
  const size_t slash = url.rfind('/');
  return url.substr(0, slash + 1) + database;
}

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    if (GetParam() == "sqlite") {
      dir_ = fs::temp_directory_path() / ("mamori_backend_test_" + std::to_string(::getpid()));
      fs::create_directories(dir_);
      url_ = (dir_ / "inventory.db").string();
      fs::remove(url_);
      return;
    }
    const std::string server = PostgresServerUrl();
    ASSERT_FALSE(server.empty())
        << "no PostgreSQL: set MAMORI_PG_URL or run the ctest fixture (scripts/pg-server.sh)";
    std::random_device random;
    database_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(random() % 1000000);
    try {
      pqxx::connection admin(server);
      pqxx::nontransaction(admin).exec("CREATE DATABASE " + database_);
    } catch (const std::exception& e) {
      FAIL() << "PostgreSQL at " << server << ": " << e.what();
    }
    url_ = WithDatabase(server, database_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
    if (!database_.empty()) {
      try {
        pqxx::connection admin(PostgresServerUrl());
        pqxx::nontransaction(admin).exec("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
      } catch (const std::exception&) {
        // A database left behind in a throw-away cluster is harmless.
      }
    }
  }

  std::unique_ptr<Store> OpenStore(const OpenOptions& options = {}) {
    Result<std::unique_ptr<Store>> store = Open(url_, options);
    EXPECT_TRUE(store) << (store ? "" : store.error().message);
    return store ? std::move(*store) : nullptr;
  }

  static ScanInfo Info(int64_t started_at = 1000, std::vector<std::string> roots = {"/share"}) {
    ScanInfo info;
    info.roots = std::move(roots);
    info.started_at = started_at;
    info.options_digest = "digest";
    return info;
  }

  fs::path dir_;
  std::string database_;
  std::string url_;
};

report::FileResult CleanFile(const std::string& path) {
  report::FileResult result;
  result.path = path;
  result.format = "text";
  result.encoding = "utf-8";
  result.size = 10;
  result.mtime = 500;
  result.inode = 42;
  result.device = 7;
  result.tally.records_read = 3;
  return result;
}

report::FileResult Found(const std::string& path, uint64_t people, Item item = Item::kName) {
  report::FileResult result = CleanFile(path);
  result.format = "csv";
  record::FileTally& tally = result.tally;
  tally.records = people;
  tally.people = people;
  tally.items[static_cast<size_t>(item)] = people;
  tally.category2 = people;
  tally.confidence = Confidence::kHigh;
  tally.samples.push_back(Mask(Item::kPensionNumber, "1234-567890"));
  return result;
}

policy::Assessment Assessed(std::string zone, double risk, std::vector<std::string> rules = {}) {
  policy::Assessment assessment;
  assessment.zone = std::move(zone);
  assessment.owner = "alice";
  assessment.risk = risk;
  for (std::string& rule : rules) {
    const policy::RuleKind kind =
        rule == "old" ? policy::RuleKind::kRetention : policy::RuleKind::kAccess;
    assessment.violations.push_back({std::move(rule), kind, "evidence"});
  }
  return assessment;
}

FileContext In(const std::string& share, const policy::Assessment& assessment) {
  return FileContext{share, &assessment, "policy-1"};
}

report::ScanSummary Summary(uint64_t files) {
  report::ScanSummary summary;
  summary.files = files;
  return summary;
}

std::string FindingsLabel(const FindingFilter& filter) {
  return "share=" + filter.share + " zone=" + filter.zone + " rule=" + filter.rule +
         " q=" + filter.path_contains + " min_risk=" + std::to_string(filter.min_risk);
}

std::vector<std::string> Paths(const std::vector<FileRow>& rows) {
  std::vector<std::string> out;
  for (const FileRow& row : rows) out.push_back(row.path);
  return out;
}

TEST_P(BackendTest, ReportsItsBackend) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->backend(), GetParam());
}

TEST_P(BackendTest, ReopenKeepsData) {
  {
    auto store = OpenStore();
    const int64_t scan = store->BeginScan(Info()).value();
    ASSERT_TRUE(store->RecordFile(scan, Found("/share/a.csv", 3), {}));
    ASSERT_TRUE(store->FinishScan(scan, Summary(1), ScanStatus::kCompleted));
  }
  auto store = OpenStore();
  EXPECT_EQ(store->CountFindings({}).value(), 1u);
}

TEST_P(BackendTest, RawPathBytesRoundTrip) {
  auto store = OpenStore();
  const std::string cp932 = std::string("/share/\x83\x65\x83\x58\x83\x67\0x.csv", 17);
  const int64_t scan = store->BeginScan(Info()).value();
  ASSERT_TRUE(store->RecordFile(scan, Found(cp932, 1), {}));
  ASSERT_TRUE(store->FinishScan(scan, Summary(1), ScanStatus::kCompleted));
  const std::vector<FileRow> rows = store->ListFindings({}, {}).value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].path, cp932);
  EXPECT_EQ(store->LookupPrevious(cp932).value().value().file_id, rows[0].file_id);
}

TEST_P(BackendTest, HistoryNewChangedFixedDeleted) {
  auto store = OpenStore();
  const int64_t a = store->BeginScan(Info(1000)).value();
  for (const char* path :
       {"/share/changed.csv", "/share/fixed.csv", "/share/deleted.csv", "/share/same.csv"}) {
    ASSERT_TRUE(store->RecordFile(a, Found(path, 5), {}));
  }
  ASSERT_TRUE(store->RecordFile(a, CleanFile("/share/new.csv"), {}));
  ASSERT_TRUE(store->FinishScan(a, Summary(5), ScanStatus::kCompleted));
  const int64_t b = store->BeginScan(Info(2000)).value();
  ASSERT_TRUE(store->RecordFile(b, Found("/share/changed.csv", 7), {}));
  ASSERT_TRUE(store->RecordFile(b, CleanFile("/share/fixed.csv"), {}));
  ASSERT_TRUE(store->RecordFile(b, Found("/share/same.csv", 5), {}));
  ASSERT_TRUE(store->RecordFile(b, Found("/share/new.csv", 1), {}));
  ASSERT_TRUE(store->FinishScan(b, Summary(4), ScanStatus::kCompleted));

  std::map<std::string, Change> changes;
  const std::vector<FileChange> diff = store->DiffScans(a, b).value();
  for (const FileChange& change : diff) changes[change.display_path] = change.change;
  EXPECT_EQ(changes, (std::map<std::string, Change>{{"/share/changed.csv", Change::kChanged},
                                                    {"/share/deleted.csv", Change::kDeleted},
                                                    {"/share/fixed.csv", Change::kFixed},
                                                    {"/share/new.csv", Change::kNew}}));
  // The deleted file leaves the default list, stays with include_deleted.
  EXPECT_EQ(Paths(store->ListFindings({.order = FindingOrder::kPath}, {}).value()),
            (std::vector<std::string>{"/share/changed.csv", "/share/new.csv", "/share/same.csv"}));
  EXPECT_EQ(store->CountFindings({.include_deleted = true}).value(), 4u);

  const int64_t changed = store->LookupPrevious("/share/changed.csv").value().value().file_id;
  const std::vector<FileHistoryRow> history = store->FileHistory(changed).value();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].scan_id, a);
  EXPECT_EQ(history[0].people, 5u);
  EXPECT_EQ(history[1].scan_id, b);
  EXPECT_EQ(history[1].people, 7u);
}

TEST_P(BackendTest, RescanCarriesForwardFromThePreload) {
  auto store = OpenStore();
  const int64_t first = store->BeginScan(Info(1000)).value();
  ASSERT_TRUE(store->RecordFile(first, Found("/share/list.csv", 5), {}));
  ASSERT_TRUE(store->RecordFile(first, CleanFile("/share/notes.txt"), {}));
  ASSERT_TRUE(store->FinishScan(first, Summary(2), ScanStatus::kCompleted));

  const int64_t second = store->BeginScan(Info(2000)).value();
  for (const char* path : {"/share/list.csv", "/share/notes.txt"}) {
    const PreviousFile previous = store->LookupPrevious(path).value().value();
    EXPECT_TRUE(CanCarryForward(previous, {10, 500, 42, 7}, "digest")) << path;
    const std::vector<report::FileResult> carried = store->LoadResults(previous.file_id).value();
    ASSERT_EQ(carried.size(), 1u);
    EXPECT_TRUE(carried[0].unchanged);
    EXPECT_EQ(carried[0].path, path);
    EXPECT_EQ(carried[0].tally.records_read, 3u);
    ASSERT_TRUE(store->RecordFile(second, carried[0], {}));
  }
  ASSERT_TRUE(store->FinishScan(second, Summary(2), ScanStatus::kCompleted));

  const std::vector<FileRow> rows = store->ListFindings({.seen_in_scan = second}, {}).value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].last_seen_scan, second);
  EXPECT_EQ(rows[0].last_read_scan, first);
  ASSERT_EQ(rows[0].samples.size(), 1u);  // kept from the read
  EXPECT_EQ(rows[0].samples[0].second, "1234-****90");
  const int64_t notes = store->LookupPrevious("/share/notes.txt").value().value().file_id;
  const std::vector<FileHistoryRow> history = store->FileHistory(notes).value();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_TRUE(history[1].unchanged);
  EXPECT_EQ(store->GetFile(notes).value().value().last_seen_scan, second);
}

// ctime as the rescan's change signal: a file is carried forward only with the ctime its
// read recorded, and then keeps the recorded owner, mode and ACL (the walk no longer reads
// the ACL of an unchanged file: setfacl, chmod and chown move ctime). A ctime not safely
// older than the scan that read it is recorded as unknown, so the next rescan reads again.
TEST_P(BackendTest, RescanComparesCtimeAndKeepsTheRecordedAcl) {
  constexpr int64_t kOld = 1'600'000'000'000'000'000;  // 2020, long before any scan here
  const int64_t just_now = static_cast<int64_t>(std::time(nullptr)) * 1'000'000'000;
  auto store = OpenStore();
  const int64_t first = store->BeginScan(Info(1000)).value();
  for (const char* path : {"/share/kept.txt", "/share/setfacl.txt", "/share/rewritten.txt"}) {
    report::FileResult file = CleanFile(path);
    file.ctime_ns = kOld;
    file.mode = 0100640;
    file.acl = "u::rw-,u:4000123:r--,g::r--,m::r--,o::---";
    ASSERT_TRUE(store->RecordFile(first, file, In("/share", Assessed("office", 0))));
  }
  report::FileResult racy = CleanFile("/share/racy.txt");
  racy.ctime_ns = just_now + 60'000'000'000;  // changed while (after) the scan began
  ASSERT_TRUE(store->RecordFile(first, racy, In("/share", Assessed("office", 0))));
  ASSERT_TRUE(store->FinishScan(first, Summary(4), ScanStatus::kCompleted));

  const int64_t second = store->BeginScan(Info(2000)).value();
  // The walk's view: same size, mtime and inode; the ACL not read.
  auto now = [](int64_t ctime_ns) {
    return FileStat{.size = 10,
                    .mtime = 500,
                    .inode = 42,
                    .device = 7,
                    .uid = 0,
                    .gid = 0,
                    .mode = 0100640,
                    .acl = {},
                    .ctime_ns = ctime_ns};
  };
  const std::vector<report::FileResult> kept =
      store->CarryForward("/share/kept.txt", now(kOld), "digest").value();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].acl, "u::rw-,u:4000123:r--,g::r--,m::r--,o::---");
  EXPECT_EQ(kept[0].ctime_ns, kOld);
  EXPECT_TRUE(store->RecordUnchanged(second, kept[0], "/share", "policy-1").value());
  // setfacl, or a rewrite whose size and mtime were restored (touch -d): ctime moved.
  EXPECT_TRUE(store->CarryForward("/share/setfacl.txt", now(kOld + 1), "digest").value().empty());
  EXPECT_TRUE(
      store->CarryForward("/share/rewritten.txt", now(kOld + 5'000'000), "digest").value().empty());
  EXPECT_TRUE(store->CarryForward("/share/racy.txt", now(racy.ctime_ns), "digest").value().empty());
  const std::optional<PreviousFile> previous = store->LookupPrevious("/share/racy.txt").value();
  ASSERT_TRUE(previous.has_value());
  EXPECT_EQ(previous->ctime_ns, 0);
  EXPECT_EQ(store->LookupPrevious("/share/kept.txt").value().value().ctime_ns, kOld);
  // A caller that knows no ctime (0) is not held to it, and gives today's permissions.
  const std::vector<report::FileResult> unknown =
      store->CarryForward("/share/setfacl.txt", now(0), "digest").value();
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].acl, "");
  ASSERT_TRUE(store->FinishScan(second, Summary(4), ScanStatus::kCompleted));
}

// Clean files carried forward are kept as runs of file ids per scan, not a scan_files row
// each: the history, the last sighting and a diff still see them in every scan.
TEST_P(BackendTest, CleanRunsKeepHistoryAndDiffs) {
  auto store = OpenStore();
  const std::vector<std::string> clean = {"/share/a.txt", "/share/b.txt", "/share/c.txt"};
  const int64_t first = store->BeginScan(Info(1000)).value();
  ASSERT_TRUE(store->RecordFile(first, Found("/share/list.csv", 5), In("/share", Assessed("", 9))));
  for (const std::string& path : clean) {
    ASSERT_TRUE(store->RecordFile(first, CleanFile(path), In("/share", Assessed("office", 0))));
  }
  ASSERT_TRUE(store->FinishScan(first, Summary(4), ScanStatus::kCompleted));
  const FileStat same{10, 500, 42, 7, 0, 0, 0, {}};
  auto carry_clean = [&](int64_t scan, const std::string& path) {
    const std::vector<report::FileResult> carried =
        store->CarryForward(path, same, "digest").value();
    ASSERT_EQ(carried.size(), 1u) << path;
    EXPECT_TRUE(store->RecordUnchanged(scan, carried[0], "/share", "policy-1").value()) << path;
  };
  // The list is fixed (read again, clean); then everything is carried forward clean.
  const int64_t second = store->BeginScan(Info(2000)).value();
  report::FileResult fixed = CleanFile("/share/list.csv");
  fixed.size = 11;
  ASSERT_TRUE(store->RecordFile(second, fixed, In("/share", Assessed("office", 0))));
  for (const std::string& path : clean) carry_clean(second, path);
  ASSERT_TRUE(store->FinishScan(second, Summary(4), ScanStatus::kCompleted));
  const int64_t third = store->BeginScan(Info(3000)).value();
  const std::vector<report::FileResult> list =
      store->CarryForward("/share/list.csv", {11, 500, 42, 7, 0, 0, 0, {}}, "digest").value();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_TRUE(store->RecordUnchanged(third, list[0], "/share", "policy-1").value());
  carry_clean(third, "/share/b.txt");  // a and c deleted
  ASSERT_TRUE(store->FinishScan(third, Summary(2), ScanStatus::kCompleted));

  const int64_t b = store->LookupPrevious("/share/b.txt").value().value().file_id;
  const std::vector<FileHistoryRow> history = store->FileHistory(b).value();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].scan_id, first);
  EXPECT_FALSE(history[0].unchanged);
  EXPECT_EQ(history[1].scan_id, second);
  EXPECT_TRUE(history[1].unchanged);
  EXPECT_EQ(history[2].scan_id, third);
  EXPECT_EQ(history[2].started_at, 3000);
  EXPECT_EQ(history[2].records, 0u);
  EXPECT_EQ(store->GetFile(b).value().value().last_seen_scan, third);
  const int64_t c = store->LookupPrevious("/share/c.txt").value().value().file_id;
  EXPECT_EQ(store->FileHistory(c).value().size(), 2u);
  EXPECT_EQ(store->GetFile(c).value().value().last_seen_scan, second);
  // Findings in the first scan, seen clean (carried forward) in the third: fixed, not deleted.
  const std::vector<FileChange> changes = store->DiffScans(first, third).value();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].change, Change::kFixed);
  const int64_t list_id = store->LookupPrevious("/share/list.csv").value().value().file_id;
  ASSERT_EQ(store->FileHistory(list_id).value().size(), 3u);
  EXPECT_TRUE(store->FileHistory(list_id).value()[2].unchanged);
}

// The CLI's rescan path: CarryForward answers from the preload, RecordUnchanged records a
// clean file without a new assessment, and declines whatever must be assessed again.
TEST_P(BackendTest, RescanRecordsCleanFilesWithoutAssessing) {
  auto store = OpenStore();
  const int64_t first = store->BeginScan(Info(1000)).value();
  ASSERT_TRUE(store->RecordFile(first, Found("/share/list.csv", 5), In("/share", Assessed("", 9))));
  for (const char* path : {"/share/notes.txt", "/share/chmod.txt", "/share/other.txt"}) {
    ASSERT_TRUE(store->RecordFile(first, CleanFile(path), In("/share", Assessed("office", 0))));
  }
  ASSERT_TRUE(store->FinishScan(first, Summary(4), ScanStatus::kCompleted));

  const int64_t second = store->BeginScan(Info(2000)).value();
  const FileStat same{10, 500, 42, 7, 0, 0, 0, {}};
  auto carry = [&](const std::string& path, const FileStat& now) {
    std::vector<report::FileResult> carried = store->CarryForward(path, now, "digest").value();
    EXPECT_EQ(carried.size(), 1u) << path;
    return carried.empty() ? report::FileResult{} : carried.back();
  };
  EXPECT_TRUE(store->CarryForward("/share/new.txt", same, "digest").value().empty());
  EXPECT_TRUE(store->CarryForward("/share/notes.txt", {11, 500, 42, 7, 0, 0, 0, {}}, "digest")
                  .value()
                  .empty());
  EXPECT_TRUE(store->CarryForward("/share/notes.txt", same, "other options").value().empty());

  const report::FileResult notes = carry("/share/notes.txt", same);
  EXPECT_TRUE(notes.unchanged);
  EXPECT_EQ(notes.format, "text");
  EXPECT_EQ(notes.tally.records_read, 3u);
  EXPECT_TRUE(store->RecordUnchanged(second, notes, "/share", "policy-1").value());
  // Another policy, or permissions changed since (chmod leaves mtime alone): assess again.
  const report::FileResult other = carry("/share/other.txt", same);
  EXPECT_FALSE(store->RecordUnchanged(second, other, "/share", "policy-2").value());
  ASSERT_TRUE(store->RecordFile(second, other, In("/share", Assessed("office", 0))));
  const report::FileResult chmod = carry("/share/chmod.txt", {10, 500, 42, 7, 0, 0, 0100644, {}});
  EXPECT_EQ(chmod.mode, 0100644u);
  EXPECT_FALSE(store->RecordUnchanged(second, chmod, "/share", "policy-1").value());
  ASSERT_TRUE(store->RecordFile(second, chmod, In("/share", Assessed("office", 0))));
  // Findings: retention depends on age, so always assessed again.
  const report::FileResult list = carry("/share/list.csv", same);
  EXPECT_EQ(list.tally.records, 5u);
  EXPECT_FALSE(store->RecordUnchanged(second, list, "/share", "policy-1").value());
  ASSERT_TRUE(store->RecordFile(second, list, In("/share", Assessed("", 9, {"old"}))));
  ASSERT_TRUE(store->FinishScan(second, Summary(4), ScanStatus::kCompleted));

  for (const char* path : {"/share/notes.txt", "/share/chmod.txt", "/share/other.txt"}) {
    const int64_t id = store->LookupPrevious(path).value().value().file_id;
    const std::vector<FileHistoryRow> history = store->FileHistory(id).value();
    ASSERT_EQ(history.size(), 2u) << path;
    EXPECT_TRUE(history[1].unchanged) << path;
  }
  const int64_t chmod_id = store->LookupPrevious("/share/chmod.txt").value().value().file_id;
  EXPECT_EQ(store->GetFile(chmod_id).value().value().mode, 0100644u);
  const Overview overview = store->Summarize().value();
  EXPECT_EQ(overview.total.files, 4u);
  EXPECT_EQ(overview.total.files_with_findings, 1u);
  EXPECT_EQ(overview.total.violations, 1u);
  ASSERT_EQ(overview.by_zone.size(), 2u);
  for (const Overview::Group& zone : overview.by_zone) {
    EXPECT_EQ(zone.files, zone.key == "office" ? 3u : 1u) << zone.key;
  }
}

// An encrypted file on an internet-connected share: no records (the content is unknown), but
// a violation. It needs attention like a file with personal data.
TEST_P(BackendTest, Issue5_ViolationWithoutRecordsIsAFinding) {
  auto store = OpenStore();
  report::FileResult locked = CleanFile("/share/locked.zip");
  locked.protection = Protection::kEncrypted;
  locked.content_readable = false;
  locked.tally.records_read = 0;
  policy::Assessment unknown = Assessed("internet", 40);
  unknown.violations.push_back(
      {"internet", policy::RuleKind::kForbiddenZone, "content could not be read"});
  const int64_t first = store->BeginScan(Info(1000)).value();
  ASSERT_TRUE(store->RecordFile(first, locked, In("/share", unknown)));
  ASSERT_TRUE(
      store->RecordFile(first, CleanFile("/share/notes.txt"), In("/share", Assessed("", 0))));
  ASSERT_TRUE(store->FinishScan(first, Summary(2), ScanStatus::kCompleted));

  const std::vector<FileRow> rows = store->ListFindings({}, {}).value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].path, "/share/locked.zip");
  EXPECT_EQ(rows[0].records, 0u);
  for (FindingOrder order :
       {FindingOrder::kRisk, FindingOrder::kPeople, FindingOrder::kPath, FindingOrder::kModified}) {
    EXPECT_EQ(store->ListFindings({.order = order}, {}).value().size(), 1u);
  }
  EXPECT_EQ(store->CountFindings({}).value(), 1u);
  EXPECT_EQ(store->CountFindings({.zone = "internet"}).value(), 1u);
  EXPECT_EQ(store->CountFindings({.share = "/share"}).value(), 1u);
  EXPECT_EQ(store->CountFindings({.rule = "internet"}).value(), 1u);
  EXPECT_EQ(store->CountFindings({.only_violations = true}).value(), 1u);
  const Overview overview = store->Summarize().value();
  EXPECT_EQ(overview.total.files, 2u);
  EXPECT_EQ(overview.total.files_with_findings, 1u);
  EXPECT_EQ(overview.total.people, 0u);
  EXPECT_EQ(overview.total.violations, 1u);
  EXPECT_EQ(overview.total.unacknowledged, 1u);

  // Carried forward unchanged, it is assessed again (never the clean fast path).
  const int64_t second = store->BeginScan(Info(2000)).value();
  const std::vector<report::FileResult> carried =
      store->CarryForward("/share/locked.zip", {10, 500, 42, 7, 0, 0, 0, {}}, "digest").value();
  ASSERT_EQ(carried.size(), 1u);
  EXPECT_FALSE(store->RecordUnchanged(second, carried[0], "/share", "policy-1").value());
  ASSERT_TRUE(store->FinishScan(second, Summary(0), ScanStatus::kCompleted));
  // The second scan did not see it: gone from the list, kept with include_deleted.
  EXPECT_EQ(store->CountFindings({}).value(), 0u);
  EXPECT_EQ(store->CountFindings({.include_deleted = true}).value(), 1u);
}

TEST_P(BackendTest, FiltersOrderAndPages) {
  auto store = OpenStore();
  const int64_t scan = store->BeginScan(Info(1000, {"/a", "/b"})).value();
  const auto internet = Assessed("internet", 90, {"no-internet"});
  const auto office = Assessed("office", 40, {"old"});
  const auto quiet = Assessed("office", 10);
  report::FileResult big = Found("/a/big.csv", 100);
  big.mtime = 300;
  ASSERT_TRUE(store->RecordFile(scan, big, In("/a", office)));
  ASSERT_TRUE(
      store->RecordFile(scan, Found("/a/risky.csv", 5, Item::kMyNumber), In("/a", internet)));
  ASSERT_TRUE(store->RecordFile(scan, Found("/b/quiet.csv", 2), In("/b", quiet)));
  ASSERT_TRUE(store->RecordFile(scan, CleanFile("/b/clean.txt"), In("/b", quiet)));
  ASSERT_TRUE(store->FinishScan(scan, Summary(4), ScanStatus::kCompleted));

  auto list = [&](const FindingFilter& filter, const Page& page = {}) {
    return Paths(store->ListFindings(filter, page).value());
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(list({}), (V{"/a/risky.csv", "/a/big.csv", "/b/quiet.csv"}));
  EXPECT_EQ(list({.order = FindingOrder::kPeople}),
            (V{"/a/big.csv", "/a/risky.csv", "/b/quiet.csv"}));
  EXPECT_EQ(list({.order = FindingOrder::kPath}),
            (V{"/a/big.csv", "/a/risky.csv", "/b/quiet.csv"}));
  EXPECT_EQ(list({.order = FindingOrder::kModified}),
            (V{"/a/big.csv", "/a/risky.csv", "/b/quiet.csv"}));
  EXPECT_EQ(list({.share = "/b"}), (V{"/b/quiet.csv"}));
  EXPECT_EQ(list({.zone = "internet"}), (V{"/a/risky.csv"}));
  EXPECT_EQ(list({.rule = "old"}), (V{"/a/big.csv"}));
  EXPECT_EQ(list({.kind = policy::RuleKind::kAccess}), (V{"/a/risky.csv"}));
  EXPECT_EQ(list({.only_violations = true}), (V{"/a/risky.csv", "/a/big.csv"}));
  EXPECT_EQ(list({.min_risk = 40}), (V{"/a/risky.csv", "/a/big.csv"}));
  EXPECT_EQ(list({.item = Item::kMyNumber}), (V{"/a/risky.csv"}));
  EXPECT_EQ(list({.path_prefix = "/a/"}), (V{"/a/risky.csv", "/a/big.csv"}));
  EXPECT_EQ(list({.path_contains = "quiet"}), (V{"/b/quiet.csv"}));
  EXPECT_EQ(list({.min_people = 50}), (V{"/a/big.csv"}));
  EXPECT_EQ(list({}, {.offset = 1, .limit = 1}), (V{"/a/big.csv"}));
  EXPECT_EQ(list({}, {.offset = 3, .limit = 10}), V{});
  EXPECT_EQ(store->CountFindings({.share = "/a"}).value(), 2u);
  EXPECT_EQ(store->CountFindings({.zone = "office", .min_risk = 20}).value(), 1u);

  const FileRow risky = store->ListFindings({.zone = "internet"}, {}).value().at(0);
  EXPECT_EQ(risky.share, "/a");
  EXPECT_EQ(risky.assessment.zone, "internet");
  EXPECT_EQ(risky.assessment.owner, "alice");
  EXPECT_DOUBLE_EQ(risky.assessment.risk, 90);
  ASSERT_EQ(risky.assessment.violations.size(), 1u);
  EXPECT_EQ(risky.assessment.violations[0].rule, "no-internet");
  EXPECT_EQ(risky.assessment.violations[0].kind, policy::RuleKind::kAccess);
  EXPECT_EQ(risky.policy_digest, "policy-1");
}

TEST_P(BackendTest, AcknowledgementsAreKeptWithWhoAndWhen) {
  auto store = OpenStore();
  const int64_t scan = store->BeginScan(Info()).value();
  const auto bad = Assessed("office", 50, {"old"});
  ASSERT_TRUE(store->RecordFile(scan, Found("/share/a.csv", 3), In("/share", bad)));
  ASSERT_TRUE(store->RecordFile(scan, Found("/share/b.csv", 3), In("/share", bad)));
  ASSERT_TRUE(store->FinishScan(scan, Summary(2), ScanStatus::kCompleted));
  const int64_t file = store->LookupPrevious("/share/a.csv").value().value().file_id;

  Acknowledgement first{.file_id = file,
                        .rule = "old",
                        .owner = "bob",
                        .due_date = "2025-01-31",
                        .note = "mailing done",
                        .by_user = "carol",
                        .at = 1700000000};
  const int64_t first_id = store->Acknowledge(first).value();
  Acknowledgement second{
      .file_id = file, .owner = "dave", .due_date = "2025-02-28", .by_user = "erin"};
  const int64_t second_id = store->Acknowledge(second).value();
  EXPECT_GT(second_id, first_id);

  const std::vector<Acknowledgement> acks = store->ListAcknowledgements(file).value();
  ASSERT_EQ(acks.size(), 2u);  // never deleted, newest first
  EXPECT_EQ(acks[0].id, second_id);
  EXPECT_EQ(acks[0].by_user, "erin");
  EXPECT_GT(acks[0].at, 1700000000);  // stamped now
  EXPECT_EQ(acks[1].owner, "bob");
  EXPECT_EQ(acks[1].due_date, "2025-01-31");
  EXPECT_EQ(acks[1].note, "mailing done");
  EXPECT_EQ(acks[1].at, 1700000000);

  const FileRow row = store->GetFile(file).value().value();
  ASSERT_TRUE(row.acknowledgement);
  EXPECT_EQ(row.acknowledgement->owner, "dave");
  EXPECT_EQ(Paths(store->ListFindings({.ack = AckState::kAcknowledged}, {}).value()),
            std::vector<std::string>{"/share/a.csv"});
  EXPECT_EQ(Paths(store->ListFindings({.ack = AckState::kOpen}, {}).value()),
            std::vector<std::string>{"/share/b.csv"});
  EXPECT_EQ(store->Summarize().value().total.unacknowledged, 1u);

  // Kept across a rescan, and still counted as acknowledged in the new rollup.
  const int64_t again = store->BeginScan(Info(2000)).value();
  ASSERT_TRUE(store->RecordFile(again, Found("/share/a.csv", 3), In("/share", bad)));
  ASSERT_TRUE(store->RecordFile(again, Found("/share/b.csv", 3), In("/share", bad)));
  ASSERT_TRUE(store->FinishScan(again, Summary(2), ScanStatus::kCompleted));
  EXPECT_EQ(store->ListAcknowledgements(file).value().size(), 2u);
  const Overview overview = store->Summarize().value();
  EXPECT_EQ(overview.latest_scan, again);
  EXPECT_EQ(overview.total.unacknowledged, 1u);
  EXPECT_FALSE(store->Acknowledge({.file_id = 987654}));
}

// The dashboard's rollups against a brute-force count over ListFindings.
TEST_P(BackendTest, RollupsEqualABruteForceCount) {
  auto store = OpenStore();
  std::mt19937 random(7);
  const std::vector<std::string> zones = {"internet", "office", ""};
  const std::vector<std::string> rules = {"no-internet", "old", "world-readable"};
  for (int round = 0; round < 2; ++round) {
    const int64_t scan = store->BeginScan(Info(1000 + round, {"/s1", "/s2"})).value();
    for (int i = 0; i < 300; ++i) {
      const std::string share = i % 3 == 0 ? "/s2" : "/s1";
      const std::string path = share + "/f" + std::to_string(i);
      std::vector<std::string> violated;
      for (const std::string& rule : rules) {
        if (random() % 4 == 0) violated.push_back(rule);
      }
      const auto assessment =
          Assessed(zones[random() % 3], static_cast<double>(random() % 100), violated);
      const uint64_t people = random() % 3 == 0 ? 0 : 1 + random() % 50;
      const Item item = random() % 2 == 0 ? Item::kName : Item::kMyNumber;
      const report::FileResult file = people == 0 ? CleanFile(path) : Found(path, people, item);
      ASSERT_TRUE(
          store->RecordFile(scan, file, In(share, people == 0 ? Assessed("", 0) : assessment)));
    }
    ASSERT_TRUE(store->FinishScan(scan, Summary(300), ScanStatus::kCompleted));
  }
  // Acknowledge a few, then compare.
  const std::vector<FileRow> violating =
      store->ListFindings({.only_violations = true}, {.limit = 5}).value();
  for (const FileRow& row : violating) {
    ASSERT_TRUE(store->Acknowledge({.file_id = row.file_id, .owner = "x", .by_user = "y"}));
  }

  const std::vector<FileRow> all = store->ListFindings({}, {.limit = 10000}).value();
  Overview::Group total;
  std::map<std::string, Overview::Group> by_zone, by_rule, by_item;
  for (const FileRow& row : all) {
    const uint64_t violations = row.assessment.violations.size();
    const bool open = violations > 0 && !row.acknowledgement;
    auto add = [&](Overview::Group& group, uint64_t count) {
      ++group.files_with_findings;
      group.people += row.people;
      group.violations += count;
      if (open) ++group.unacknowledged;
    };
    add(total, violations);
    add(by_zone[row.assessment.zone], violations);
    std::map<std::string, uint64_t> rule_counts;
    for (const policy::Violation& v : row.assessment.violations) ++rule_counts[v.rule];
    for (const auto& [rule, count] : rule_counts) add(by_rule[rule], count);
    for (size_t i = 0; i < kItemCount; ++i) {
      if (row.items[i] > 0) add(by_item[std::string(ItemName(static_cast<Item>(i)))], violations);
    }
  }
  const Overview overview = store->Summarize().value();
  EXPECT_EQ(overview.total.files, 300u);
  EXPECT_EQ(overview.total.files_with_findings, total.files_with_findings);
  EXPECT_EQ(overview.total.people, total.people);
  EXPECT_EQ(overview.total.violations, total.violations);
  EXPECT_EQ(overview.total.unacknowledged, total.unacknowledged);
  EXPECT_EQ(overview.total.unacknowledged + violating.size(),
            store->CountFindings({.only_violations = true}).value());
  auto check = [](const std::vector<Overview::Group>& groups,
                  std::map<std::string, Overview::Group>& expected, const char* what) {
    for (const Overview::Group& group : groups) {
      if (group.files_with_findings == 0) continue;  // a zone of clean files only
      const Overview::Group& want = expected[group.key];
      EXPECT_EQ(group.files_with_findings, want.files_with_findings) << what << " " << group.key;
      EXPECT_EQ(group.people, want.people) << what << " " << group.key;
      EXPECT_EQ(group.violations, want.violations) << what << " " << group.key;
      EXPECT_EQ(group.unacknowledged, want.unacknowledged) << what << " " << group.key;
      expected.erase(group.key);
    }
    EXPECT_TRUE(expected.empty()) << what;
  };
  check(overview.by_zone, by_zone, "zone");
  check(overview.by_rule, by_rule, "rule");
  check(overview.by_item, by_item, "item");
  ASSERT_EQ(overview.by_share.size(), 2u);
  EXPECT_EQ(overview.by_share[0].key, "/s1");
  EXPECT_EQ(overview.by_share[0].files, 200u);
  EXPECT_EQ(overview.by_share[1].files, 100u);

  const std::vector<TrendPoint> trend = store->Trend().value();
  ASSERT_EQ(trend.size(), 2u);
  EXPECT_LT(trend[0].scan_id, trend[1].scan_id);
  EXPECT_EQ(trend[1].violations, total.violations);
}

TEST_P(BackendTest, Users) {
  auto store = OpenStore();
  ASSERT_TRUE(
      store->PutUser({.name = "admin", .role = Role::kAdmin, .password_hash = "$argon2id$x"}));
  ASSERT_TRUE(store->PutUser({.name = "viewer", .role = Role::kViewer, .password_hash = "h1"}));
  ASSERT_TRUE(store->PutUser(
      {.name = "viewer", .role = Role::kOperator, .password_hash = "h2", .disabled = true}));
  const std::optional<User> viewer = store->FindUser("viewer").value();
  ASSERT_TRUE(viewer);
  EXPECT_EQ(viewer->role, Role::kOperator);
  EXPECT_EQ(viewer->password_hash, "h2");
  EXPECT_TRUE(viewer->disabled);
  EXPECT_GT(viewer->created_at, 0);
  EXPECT_FALSE(store->FindUser("nobody").value());
  const std::vector<User> users = store->ListUsers().value();
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].name, "admin");
  EXPECT_EQ(users[0].role, Role::kAdmin);
}

// Readers on the pool while a writer records: no error, no torn file.
TEST_P(BackendTest, ConcurrentReadersDuringAScan) {
  auto store = OpenStore({.batch_files = 10, .batch_millis = 0});
  const int64_t scan = store->BeginScan(Info()).value();
  std::atomic<bool> done = false;
  std::atomic<int> failures = 0;
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      while (!done) {
        Result<std::vector<FileRow>> rows = store->ListFindings({}, {.limit = 20});
        if (!rows || !store->CountFindings({}) || !store->Summarize()) ++failures;
        if (rows) {
          for (const FileRow& row : *rows) {
            if (row.records != row.people) ++failures;
          }
        }
      }
    });
  }
  for (int i = 0; i < 300; ++i) {
    const auto people = static_cast<uint64_t>(1 + i % 7);
    ASSERT_TRUE(store->RecordFile(scan, Found("/share/f" + std::to_string(i), people), {}));
  }
  ASSERT_TRUE(store->FinishScan(scan, Summary(300), ScanStatus::kCompleted));
  done = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(store->CountFindings({}).value(), 300u);
}

// Two scanners (two connections, as on two hosts) recording into one store at once.
TEST_P(BackendTest, TwoScannersAtOnce) {
  auto first = OpenStore({.batch_files = 7, .batch_millis = 0});
  auto second = OpenStore({.batch_files = 5, .batch_millis = 0});
  ASSERT_TRUE(first && second);
  const int64_t a = first->BeginScan(Info(1000, {"/a"})).value();
  const int64_t b = second->BeginScan(Info(1000, {"/b"})).value();
  auto run = [](Store& store, int64_t scan, const std::string& root) {
    for (int i = 0; i < 200; ++i) {
      if (!store.RecordFile(scan, Found(root + "/f" + std::to_string(i), 2), {})) return false;
    }
    return static_cast<bool>(store.FinishScan(scan, Summary(200), ScanStatus::kCompleted));
  };
  bool ok_a = false;
  bool ok_b = false;
  std::thread ta([&] { ok_a = run(*first, a, "/a"); });
  std::thread tb([&] { ok_b = run(*second, b, "/b"); });
  ta.join();
  tb.join();
  EXPECT_TRUE(ok_a);
  EXPECT_TRUE(ok_b);
  EXPECT_EQ(first->CountFindings({}).value(), 400u);
  EXPECT_EQ(first->Summarize().value().by_share.size(), 2u);
}

// Console queries at a million files (issue 5): a count bounded for a page view, path text
// through a trigram index, keyset pages and the export's stream.
TEST_P(BackendTest, BoundedCountIsExactUnderTheBoundAndAtLeastAbove) {
  auto store = OpenStore();
  const int64_t scan = store->BeginScan(Info()).value();
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(store->RecordFile(scan, Found("/share/f" + std::to_string(i) + ".csv", 5),
                                  In("/share", Assessed("", 10 + i))));
  }
  ASSERT_TRUE(store->FinishScan(scan, Summary(30), ScanStatus::kCompleted));
  const FindingCount under = store->CountFindingsUpTo({.min_risk = 1}, 100).value();
  EXPECT_EQ(under.files, 30u);
  EXPECT_TRUE(under.exact);
  const FindingCount at = store->CountFindingsUpTo({.min_risk = 1}, 30).value();
  EXPECT_EQ(at.files, 30u);
  EXPECT_TRUE(at.exact);
  const FindingCount above = store->CountFindingsUpTo({.min_risk = 1}, 10).value();
  EXPECT_EQ(above.files, 10u);
  EXPECT_FALSE(above.exact);  // "more than 10"
  EXPECT_EQ(store->CountFindingsUpTo({.min_risk = 35}, 10).value().files, 5u);
  // The unfiltered list's figure is the dashboard's rollup: exact beyond the bound.
  const FindingCount rolled_up = store->CountFindingsUpTo({}, 10).value();
  EXPECT_EQ(rolled_up.files, 30u);
  EXPECT_TRUE(rolled_up.exact);
  EXPECT_EQ(store->CountFindingsUpTo({.share = "/share"}, 10).value().files, 30u);
  EXPECT_EQ(store->CountFindingsUpTo({.rule = "none"}, 10).value().files, 0u);
}

TEST_P(BackendTest, PathTextFindsSubstringsLongAndShort) {
  auto store = OpenStore();
  const int64_t scan = store->BeginScan(Info()).value();
  for (const std::string path : {"/share/人事/社員名簿.csv", "/share/総務/名簿.xlsx",
                                 "/share/abc_100%.csv", "/share/a*c[1].csv", "/share/ABC.csv"}) {
    ASSERT_TRUE(store->RecordFile(scan, Found(path, 3), In("/share", Assessed("", 5))));
  }
  ASSERT_TRUE(
      store->RecordFile(scan, CleanFile("/share/名簿の控え.txt"), In("/share", Assessed("", 0))));
  ASSERT_TRUE(store->FinishScan(scan, Summary(6), ScanStatus::kCompleted));
  auto find = [&](const std::string& text) {
    std::vector<std::string> paths = Paths(
        store->ListFindings({.path_contains = text, .order = FindingOrder::kPath}, {}).value());
    EXPECT_EQ(store->CountFindingsUpTo({.path_contains = text}, 100).value().files, paths.size())
        << text;
    return paths;
  };
  // Two characters: too short for a trigram, still found (the clean file is not a finding).
  EXPECT_EQ(find("名簿"),
            (std::vector<std::string>{"/share/人事/社員名簿.csv", "/share/総務/名簿.xlsx"}));
  EXPECT_EQ(find("社員名簿"), std::vector<std::string>{"/share/人事/社員名簿.csv"});
  EXPECT_EQ(find("名"), find("名簿"));
  // Case-sensitive, and pattern characters are plain text.
  EXPECT_EQ(find("abc"), std::vector<std::string>{"/share/abc_100%.csv"});
  EXPECT_EQ(find("ABC"), std::vector<std::string>{"/share/ABC.csv"});
  EXPECT_EQ(find("100%"), std::vector<std::string>{"/share/abc_100%.csv"});
  EXPECT_EQ(find("a*c[1]"), std::vector<std::string>{"/share/a*c[1].csv"});
  EXPECT_EQ(find("a_c"), std::vector<std::string>{});  // "_" is no wildcard
  EXPECT_EQ(find("zzz"), std::vector<std::string>{});
}

TEST_P(BackendTest, KeysetPagesCrossEqualSortKeys) {
  auto store = OpenStore();
  const int64_t scan = store->BeginScan(Info()).value();
  // Ties on every key but the path: risk, people, records and mtime alike.
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(store->RecordFile(scan, Found("/share/t" + std::to_string(i) + ".csv", 4),
                                  In("/share", Assessed("", 12.5))));
  }
  ASSERT_TRUE(store->RecordFile(scan, Found("/share/top.csv", 9), In("/share", Assessed("", 50))));
  ASSERT_TRUE(store->FinishScan(scan, Summary(8), ScanStatus::kCompleted));
  for (FindingOrder order :
       {FindingOrder::kRisk, FindingOrder::kPeople, FindingOrder::kPath, FindingOrder::kModified}) {
    const FindingFilter filter{.order = order};
    const std::vector<FileRow> all = store->ListFindings(filter, {}).value();
    ASSERT_EQ(all.size(), 8u);
    std::vector<std::string> paged;
    std::vector<FileRow> page = store->ListFindings(filter, {.limit = 3}).value();
    while (!page.empty()) {
      for (const FileRow& row : page) paged.push_back(row.path);
      const int64_t last = page.back().file_id;
      page = store->ListFindings(filter, {.limit = 3, .after_file = last}).value();
      if (!page.empty()) {
        // Back from this page: the three rows before its first one.
        const std::vector<FileRow> back =
            store->ListFindings(filter, {.limit = 3, .before_file = page.front().file_id}).value();
        ASSERT_FALSE(back.empty());
        EXPECT_EQ(back.back().file_id, last);
      }
    }
    EXPECT_EQ(paged, Paths(all)) << static_cast<int>(order);
    // An offset counts from the cursor.
    EXPECT_EQ(
        Paths(store->ListFindings(filter, {.offset = 2, .limit = 2, .after_file = all[1].file_id})
                  .value()),
        (std::vector<std::string>{all[4].path, all[5].path}));
  }
}

TEST_P(BackendTest, DenseAndSparsePlansListTheSameFiles) {
  auto store = OpenStore({.batch_files = 5000});
  const int64_t scan = store->BeginScan(Info(1000, {"/a", "/b"})).value();
  // Over the sparse plan's threshold (a few thousand candidates), so that the rule, the share
  // and the minimum risk are read both ways.
  constexpr int kFiles = 4500;
  for (int i = 0; i < kFiles; ++i) {
    const std::string share = i % 3 == 0 ? "/b" : "/a";
    std::vector<std::string> rules;
    if (i % 2 == 0) rules.push_back("old");
    if (i % 500 == 0) rules.push_back("rare");
    if (i % 10 != 0) rules.push_back("most");  // 4,050 files: dense
    ASSERT_TRUE(store->RecordFile(
        scan,
        Found(share + "/d" + std::to_string(i % 10) + "/f" + std::to_string(i) + ".csv",
              1 + static_cast<uint64_t>(i % 13), i % 700 == 3 ? Item::kEmail : Item::kName),
        In(share, Assessed(i % 5 == 0 ? "internet" : "", i % 40, rules))));
  }
  ASSERT_TRUE(store->FinishScan(scan, Summary(kFiles), ScanStatus::kCompleted));
  const std::vector<FileRow> all =
      store->ListFindings({.order = FindingOrder::kPath}, {.limit = kFiles}).value();
  ASSERT_EQ(all.size(), static_cast<size_t>(kFiles));
  auto expected = [&](auto keep) {
    std::vector<std::string> out;
    for (const FileRow& row : all) {
      if (keep(row)) out.push_back(row.path);
    }
    return out;
  };
  auto has_rule = [](const FileRow& row, const std::string& rule) {
    for (const policy::Violation& v : row.assessment.violations) {
      if (v.rule == rule) return true;
    }
    return false;
  };
  auto has_item = [](const FileRow& row, Item item) {
    return row.items[static_cast<size_t>(item)] > 0;
  };
  auto has_text = [](const FileRow& row, std::string_view text) {
    return row.display_path.find(text) != std::string::npos;
  };
  struct Case {
    FindingFilter filter;
    std::function<bool(const FileRow&)> keep;
  };
  const std::vector<Case> cases = {
      {{.rule = "old"}, [&](const FileRow& r) { return has_rule(r, "old"); }},
      {{.rule = "rare"}, [&](const FileRow& r) { return has_rule(r, "rare"); }},
      {{.share = "/b", .rule = "old"},
       [&](const FileRow& r) { return r.share == "/b" && has_rule(r, "old"); }},
      {{.zone = "internet", .min_risk = 20},
       [](const FileRow& r) { return r.assessment.zone == "internet" && r.assessment.risk >= 20; }},
      {{.path_contains = "/d3/"},
       [](const FileRow& r) { return r.display_path.find("/d3/") != std::string::npos; }},
      {{.path_contains = "f12"},
       [](const FileRow& r) { return r.display_path.find("f12") != std::string::npos; }},
      {{.kind = policy::RuleKind::kRetention},
       [&](const FileRow& r) { return has_rule(r, "old"); }},
      // Items: a few files (read through files_items), most files, none (empty at once).
      {{.item = Item::kEmail}, [&](const FileRow& r) { return has_item(r, Item::kEmail); }},
      {{.item = Item::kName}, [&](const FileRow& r) { return has_item(r, Item::kName); }},
      {{.item = Item::kPhone}, [](const FileRow&) { return false; }},
      {{.item = Item::kEmail, .rule = "most"},
       [&](const FileRow& r) { return has_item(r, Item::kEmail) && has_rule(r, "most"); }},
      // Path texts through the trigram candidates: rare, common, trigrams present in paths
      // but never together, one absent, quotes, and an end of path.
      {{.path_contains = "/f123"}, [&](const FileRow& r) { return has_text(r, "/f123"); }},
      {{.path_contains = "d1/f2"}, [&](const FileRow& r) { return has_text(r, "d1/f2"); }},
      {{.path_contains = "d3/f4"}, [&](const FileRow& r) { return has_text(r, "d3/f4"); }},
      {{.path_contains = "/b/d2/f1"}, [&](const FileRow& r) { return has_text(r, "/b/d2/f1"); }},
      {{.path_contains = "f9.csv"}, [&](const FileRow& r) { return has_text(r, "f9.csv"); }},
      {{.path_contains = "csv/d"}, [](const FileRow&) { return false; }},
      {{.path_contains = "xyz"}, [](const FileRow&) { return false; }},
      {{.path_contains = "\"f1\""}, [](const FileRow&) { return false; }},
      {{.path_contains = "/d7/f1237.csv"},
       [&](const FileRow& r) { return has_text(r, "/d7/f1237.csv"); }},
      // A dense rule and another dense condition that overlap less than the sparse bound
      // (the rule's files joined to the condition), or not at all.
      {{.rule = "most", .min_risk = 2},
       [&](const FileRow& r) { return has_rule(r, "most") && r.assessment.risk >= 2; }},
      {{.min_people = 100, .rule = "most"}, [](const FileRow&) { return false; }},
      {{.rule = "most", .kind = policy::RuleKind::kAccess},
       [&](const FileRow& r) { return has_rule(r, "most"); }},
      {{.share = "/a", .rule = "most", .min_risk = 30},
       [&](const FileRow& r) {
         return r.share == "/a" && has_rule(r, "most") && r.assessment.risk >= 30;
       }},
  };
  for (const Case& c : cases) {
    const std::vector<std::string> want = expected(c.keep);
    for (FindingOrder order : {FindingOrder::kPath, FindingOrder::kRisk}) {
      FindingFilter filter = c.filter;
      filter.order = order;
      std::vector<std::string> got;
      Status streamed = store->ForEachFinding(filter, [&](const FileRow& row) -> Status {
        got.push_back(row.path);
        return Ok();
      });
      ASSERT_TRUE(streamed);
      if (order == FindingOrder::kPath) {
        EXPECT_EQ(got, want) << FindingsLabel(c.filter);
      }
      EXPECT_EQ(got.size(), want.size());
      EXPECT_EQ(Paths(store->ListFindings(filter, {.limit = 20}).value()),
                std::vector<std::string>(
                    got.begin(), got.begin() + std::min<std::ptrdiff_t>(
                                                   20, static_cast<std::ptrdiff_t>(got.size()))));
      const FindingCount count = store->CountFindingsUpTo(filter, 10000).value();
      EXPECT_EQ(count.files, want.size()) << FindingsLabel(c.filter);
      EXPECT_TRUE(count.exact);
      EXPECT_EQ(store->CountFindings(filter).value(), want.size()) << FindingsLabel(c.filter);
      // A generous budget changes nothing.
      EXPECT_EQ(Paths(store->ListFindings(filter, {.limit = 20, .budget = std::chrono::seconds(60)})
                          .value()),
                Paths(store->ListFindings(filter, {.limit = 20}).value()));
    }
  }
}

// The console's safety net: past its time budget a list or a count fails with
// kLimitExceeded (never a partial list), the connection keeps no budget for the next query,
// and exports, given none, are never cut.
TEST_P(BackendTest, TimeBudgetCutsAListRatherThanHoldIt) {
  auto store = OpenStore({.batch_files = 5000});
  const int64_t scan = store->BeginScan(Info()).value();
  constexpr int kFiles = 3000;
  for (int i = 0; i < kFiles; ++i) {
    ASSERT_TRUE(store->RecordFile(
        scan, Found("/share/d" + std::to_string(i % 10) + "/f" + std::to_string(i) + ".csv", 4),
        In("/share", Assessed("", i % 40, {"old"}))));
  }
  ASSERT_TRUE(store->FinishScan(scan, Summary(kFiles), ScanStatus::kCompleted));
  // Two characters no path holds: no index serves them, the list walks every file.
  const FindingFilter walk{
      .path_contains = "zq", .min_people = 1, .order = FindingOrder::kModified};
  // One microsecond: SQLite's progress check and PostgreSQL's statement_timeout (rounded up
  // to a millisecond) both end the walk of 3,000 rows.
  const std::chrono::microseconds tiny{1};
  Result<std::vector<FileRow>> cut = store->ListFindings(walk, {.limit = 10, .budget = tiny});
  if (GetParam() == "sqlite") {
    ASSERT_FALSE(cut);
    EXPECT_EQ(cut.error().code, ErrorCode::kLimitExceeded);
    Result<FindingCount> count = store->CountFindingsUpTo(walk, 10000, tiny);
    ASSERT_FALSE(count);
    EXPECT_EQ(count.error().code, ErrorCode::kLimitExceeded);
  } else if (!cut) {
    // PostgreSQL counts whole milliseconds: a fast server may finish the walk in one.
    EXPECT_EQ(cut.error().code, ErrorCode::kLimitExceeded);
  } else {
    EXPECT_TRUE(cut->empty());
  }
  // The same connections answer the next queries without a budget, in full.
  EXPECT_TRUE(store->ListFindings(walk, {.limit = 10}).value().empty());
  EXPECT_EQ(store->CountFindingsUpTo({.min_people = 1}, 10000).value().files,
            static_cast<uint64_t>(kFiles));
  size_t streamed = 0;
  ASSERT_TRUE(
      store->ForEachFinding({.order = FindingOrder::kModified}, [&](const FileRow&) -> Status {
        ++streamed;
        return Ok();
      }));
  EXPECT_EQ(streamed, static_cast<size_t>(kFiles));
}

TEST_P(BackendTest, ForEachFindingStreamsTheListInOrder) {
  auto store = OpenStore();
  const int64_t scan = store->BeginScan(Info()).value();
  for (int i = 0; i < 2500; ++i) {
    ASSERT_TRUE(store->RecordFile(
        scan, Found("/share/s" + std::to_string(i) + ".csv", 1 + static_cast<uint64_t>(i % 7)),
        In("/share", Assessed("", i % 9, {"old"}))));
  }
  ASSERT_TRUE(store->FinishScan(scan, Summary(2500), ScanStatus::kCompleted));
  std::vector<FileRow> streamed;
  ASSERT_TRUE(store->ForEachFinding({}, [&](const FileRow& row) -> Status {
    streamed.push_back(row);
    return Ok();
  }));
  const std::vector<FileRow> listed = store->ListFindings({}, {.limit = 5000}).value();
  EXPECT_EQ(Paths(streamed), Paths(listed));
  ASSERT_EQ(streamed.size(), 2500u);
  EXPECT_EQ(streamed[7].assessment.violations.size(), 1u);
  EXPECT_TRUE(streamed[7].samples.empty());  // an export prints none
  // The visitor's error ends the walk and comes back.
  int visited = 0;
  const Status stopped = store->ForEachFinding({}, [&](const FileRow&) -> Status {
    if (++visited == 3) return MakeError(ErrorCode::kIo, "disk full");
    return Ok();
  });
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().message, "disk full");
  EXPECT_EQ(visited, 3);
}

INSTANTIATE_TEST_SUITE_P(Store, BackendTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

}  // namespace
}  // namespace mamori::store
