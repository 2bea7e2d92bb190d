#include "store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "base/mask.h"

namespace mamori::store {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mamori_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "inventory.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> OpenStore(const OpenOptions& options = {}) {
    Result<std::unique_ptr<Store>> store = Open(path_, options);
    EXPECT_TRUE(store) << (store ? "" : store.error().message);
    return store ? std::move(*store) : nullptr;
  }

  // One value from the database through the sqlite3 API, bypassing the store.
  int64_t Query(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
    int64_t value = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  static ScanInfo Info(int64_t started_at = 1000) {
    ScanInfo info;
    info.roots = {"/share"};
    info.started_at = started_at;
    info.options_digest = "digest";
    return info;
  }

  fs::path dir_;
  std::string path_;
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

report::FileResult FileWithFindings(const std::string& path, uint64_t records) {
  report::FileResult result = CleanFile(path);
  result.format = "csv";
  record::FileTally& tally = result.tally;
  tally.records = records;
  tally.people = records;
  tally.items[static_cast<size_t>(Item::kPensionNumber)] = records;
  tally.items[static_cast<size_t>(Item::kName)] = records;
  tally.category2 = records;
  tally.confidence = Confidence::kHigh;
  tally.samples.push_back(Mask(Item::kPensionNumber, "1234-567890"));
  tally.samples.push_back(Mask(Item::kName, "山田 太郎"));
  return result;
}

report::ScanSummary Summary(uint64_t files) {
  report::ScanSummary summary;
  summary.files = files;
  return summary;
}

TEST_F(StoreTest, OpenCreatesSchema) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  store.reset();
  EXPECT_EQ(Query("SELECT MAX(version) FROM schema_migrations"), 6);
  for (const char* table : {"scans", "scan_roots", "files", "samples", "errors", "scan_files",
                            "violations", "acknowledgements", "users", "scan_rollups"}) {
    EXPECT_EQ(Query(std::string("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
                                "name = '") +
                    table + "'"),
              1)
        << table;
  }
}

TEST_F(StoreTest, MigrationsAreIdempotent) {
  ASSERT_TRUE(OpenStore());
  ASSERT_TRUE(OpenStore());
  ASSERT_TRUE(OpenStore());
  EXPECT_EQ(Query("SELECT COUNT(*) FROM schema_migrations"), 6);
}

// A store written by the version-1 store itself (mamori at 53a839c; tests/store/data/README.md
// says how): opening it migrates to the current schema without losing a file, a sample, an
// error, a container's members or the history, and a rescan carries its files forward.
TEST_F(StoreTest, UpgradesARealVersion1Store) {
  {
    std::ifstream in(std::string(MAMORI_SOURCE_DIR) + "/tests/store/data/store_v1.sql");
    const std::string dump((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_FALSE(dump.empty());
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, dump.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  ASSERT_EQ(Query("SELECT MAX(version) FROM schema_migrations"), 1);
  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_EQ(Query("SELECT MAX(version) FROM schema_migrations"), 6);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM files"), 5);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM scan_files"), 9);
  EXPECT_EQ(Query("SELECT error_count FROM files WHERE display_path = '/share/broken.pdf'"), 1);
  EXPECT_EQ(Query("SELECT has_members FROM files WHERE display_path = '/share/a.zip'"), 1);

  const std::vector<FileRow> findings =
      store->ListFindings({.order = FindingOrder::kPath}, {}).value();
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].path, "/share/a.zip!/inner.csv");
  EXPECT_EQ(findings[0].container, std::vector<std::string>{"/share/a.zip"});
  EXPECT_EQ(findings[1].path, "/share/list.csv");
  EXPECT_EQ(findings[1].people, 3u);
  EXPECT_EQ(findings[1].mode, 0100640u);
  // Version 4 indexed the paths already stored: a path text finds them through trigrams.
  EXPECT_EQ(Query("SELECT COUNT(*) FROM files_path_trigram WHERE display_path GLOB '*list.c*'"), 1);
  const std::vector<FileRow> by_text = store->ListFindings({.path_contains = "list.c"}, {}).value();
  ASSERT_EQ(by_text.size(), 1u);
  EXPECT_EQ(by_text[0].path, "/share/list.csv");
  const FileRow list = store->GetFile(findings[1].file_id).value().value();
  ASSERT_EQ(list.samples.size(), 1u);
  EXPECT_EQ(list.samples[0].first, Item::kPensionNumber);
  EXPECT_EQ(list.samples[0].second, "1234-****90");
  EXPECT_EQ(list.first_seen_scan, 1);
  EXPECT_EQ(list.last_read_scan, 2);

  const int64_t broken = store->LookupPrevious("/share/broken.pdf").value().value().file_id;
  const FileRow pdf = store->GetFile(broken).value().value();
  EXPECT_EQ(pdf.outcome, report::Outcome::kPartial);
  ASSERT_EQ(pdf.errors.size(), 1u);
  EXPECT_EQ(pdf.errors[0].code, ErrorCode::kCorrupt);
  EXPECT_EQ(pdf.errors[0].message, "xref table unreadable");

  const std::vector<ScanRow> scans = store->ScanHistory().value();
  ASSERT_EQ(scans.size(), 2u);
  EXPECT_EQ(scans[0].status, ScanStatus::kCompleted);
  EXPECT_EQ(scans[1].info.roots, std::vector<std::string>{"/share"});
  const std::vector<FileChange> changes = store->DiffScans(1, 2).value();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].change, Change::kChanged);
  EXPECT_EQ(changes[0].people_before, 5u);
  const int64_t notes = store->LookupPrevious("/share/notes.txt").value().value().file_id;
  const std::vector<FileHistoryRow> history = store->FileHistory(notes).value();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_TRUE(history[1].unchanged);

  // The first rescan after the upgrade carries everything forward and assesses it once (the
  // v1 rows hold no assessment); the next one records clean files without assessing.
  ScanInfo info = Info(3000);
  info.options_digest = "v1-digest";
  for (int round = 0; round < 2; ++round) {
    info.started_at = 3000 + round;
    const int64_t scan = store->BeginScan(info).value();
    for (const char* path : {"/share/notes.txt", "/share/a.zip", "/share/list.csv"}) {
      const FileStat now{100, 500, std::string_view(path).size(), 7, 1000, 1000, 0100640, {}};
      const std::vector<report::FileResult> carried =
          store->CarryForward(path, now, info.options_digest).value();
      ASSERT_EQ(carried.size(), std::string_view(path) == "/share/a.zip" ? 2u : 1u) << path;
      for (const report::FileResult& result : carried) {
        const bool clean = result.container.empty() && !result.has_findings();
        const bool recorded = store->RecordUnchanged(scan, result, "/share", "policy").value();
        EXPECT_EQ(recorded, clean && round == 1) << path;
        if (recorded) continue;
        const policy::Assessment assessment;
        ASSERT_TRUE(store->RecordFile(scan, result, {"/share", &assessment, "policy"}));
      }
    }
    ASSERT_TRUE(store->FinishScan(scan, Summary(4), ScanStatus::kCompleted));
  }
  EXPECT_EQ(store->CountFindings({}).value(), 2u);
  EXPECT_EQ(store->FileHistory(notes).value().size(), 4u);
  // broken.pdf was not seen by the rescans: gone from the list of files seen, kept in store.
  EXPECT_TRUE(store->GetFile(broken).value().has_value());
}

TEST_F(StoreTest, OpenUsesWal) {
  ASSERT_TRUE(OpenStore());
  EXPECT_EQ(Query("SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
}

TEST_F(StoreTest, NewerSchemaIsRefused) {
  ASSERT_TRUE(OpenStore());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (99, 0)", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  Result<std::unique_ptr<Store>> store = Open(path_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnsupported);
}

TEST_F(StoreTest, UrlForms) {
  EXPECT_TRUE(Open("sqlite:" + path_));
  // Nothing listens on port 1: a connection error, not "unsupported".
  Result<std::unique_ptr<Store>> postgres = Open("postgresql://127.0.0.1:1/mamori");
  ASSERT_FALSE(postgres);
  EXPECT_EQ(postgres.error().code, ErrorCode::kIo);
  EXPECT_NE(postgres.error().message.find("postgresql"), std::string::npos);
}

TEST_F(StoreTest, RecordAndReadBack) {
  auto store = OpenStore();
  Result<int64_t> scan = store->BeginScan(Info());
  ASSERT_TRUE(scan);
  report::FileResult found = FileWithFindings("/share/list.csv", 5);
  found.uid = 1000;
  found.mode = 0100644;
  found.errors.push_back(Error{ErrorCode::kCorrupt, "row 3 cut"});
  found.outcome = report::Outcome::kPartial;
  found.reason = "malformed";
  ASSERT_TRUE(store->RecordFile(*scan, found, {}));
  ASSERT_TRUE(store->RecordFile(*scan, CleanFile("/share/notes.txt"), {}));
  ASSERT_TRUE(store->FinishScan(*scan, Summary(2), ScanStatus::kCompleted));

  Result<std::vector<FileRow>> rows = store->ListFindings({}, {});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  const FileRow& row = rows->front();
  EXPECT_EQ(row.path, "/share/list.csv");
  EXPECT_EQ(row.records, 5u);
  EXPECT_EQ(row.items[static_cast<size_t>(Item::kName)], 5u);
  EXPECT_EQ(row.category2, 5u);
  EXPECT_EQ(row.confidence, Confidence::kHigh);
  EXPECT_EQ(row.uid, 1000u);
  EXPECT_EQ(row.mode, 0100644u);
  EXPECT_EQ(row.outcome, report::Outcome::kPartial);
  ASSERT_EQ(row.samples.size(), 2u);
  EXPECT_EQ(row.samples[0].first, Item::kPensionNumber);
  EXPECT_EQ(row.samples[0].second, "1234-****90");
  ASSERT_EQ(row.errors.size(), 1u);
  EXPECT_EQ(row.errors[0].code, ErrorCode::kCorrupt);
  EXPECT_EQ(row.first_seen_scan, *scan);

  Result<std::optional<PreviousFile>> previous = store->LookupPrevious("/share/notes.txt");
  ASSERT_TRUE(previous && *previous);
  EXPECT_EQ((*previous)->inode, 42u);
  EXPECT_EQ((*previous)->read_by_status, ScanStatus::kCompleted);
  EXPECT_EQ((*previous)->read_by_options_digest, "digest");
  Result<std::optional<PreviousFile>> missing = store->LookupPrevious("/share/none");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);

  Result<std::vector<report::FileResult>> loaded = store->LoadResults((*previous)->file_id);
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->size(), 1u);
  EXPECT_TRUE(loaded->front().unchanged);
  EXPECT_EQ(loaded->front().tally.records_read, 3u);

  Result<std::vector<ScanRow>> history = store->ScanHistory();
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().status, ScanStatus::kCompleted);
  EXPECT_EQ(history->front().summary.files, 2u);
  EXPECT_EQ(history->front().info.roots, std::vector<std::string>{"/share"});
}

TEST_F(StoreTest, ListFindingsFilters) {
  auto store = OpenStore();
  Result<int64_t> scan = store->BeginScan(Info());
  ASSERT_TRUE(scan);
  ASSERT_TRUE(store->RecordFile(*scan, FileWithFindings("/share/a/big.csv", 100), {}));
  ASSERT_TRUE(store->RecordFile(*scan, FileWithFindings("/share/b/small.csv", 2), {}));
  ASSERT_TRUE(store->FinishScan(*scan, Summary(2), ScanStatus::kCompleted));
  auto paths = [&](const FindingFilter& filter, const Page& page) {
    std::vector<std::string> out;
    const std::vector<FileRow> rows = store->ListFindings(filter, page).value();
    for (const FileRow& row : rows) out.push_back(row.path);
    return out;
  };
  EXPECT_EQ(paths({}, {}), (std::vector<std::string>{"/share/a/big.csv", "/share/b/small.csv"}));
  EXPECT_EQ(paths({.path_prefix = "/share/b/"}, {}),
            std::vector<std::string>{"/share/b/small.csv"});
  EXPECT_EQ(paths({.min_people = 10}, {}), std::vector<std::string>{"/share/a/big.csv"});
  EXPECT_TRUE(paths({.item = Item::kMyNumber}, {}).empty());
  EXPECT_EQ(paths({}, {.offset = 1, .limit = 1}), std::vector<std::string>{"/share/b/small.csv"});
}

TEST_F(StoreTest, UnchangedFileIsMarkedSeen) {
  auto store = OpenStore();
  const int64_t first = store->BeginScan(Info()).value();
  ASSERT_TRUE(store->RecordFile(first, FileWithFindings("/share/list.csv", 5), {}));
  ASSERT_TRUE(store->FinishScan(first, Summary(1), ScanStatus::kCompleted));
  const int64_t second = store->BeginScan(Info(2000)).value();
  const PreviousFile previous = store->LookupPrevious("/share/list.csv").value().value();
  std::vector<report::FileResult> carried = store->LoadResults(previous.file_id).value();
  ASSERT_EQ(carried.size(), 1u);
  ASSERT_TRUE(store->RecordFile(second, carried.front(), {}));
  ASSERT_TRUE(store->FinishScan(second, Summary(1), ScanStatus::kCompleted));
  store.reset();
  EXPECT_EQ(Query("SELECT last_seen_scan FROM files"), second);
  EXPECT_EQ(Query("SELECT last_read_scan FROM files"), first);
  EXPECT_EQ(Query("SELECT unchanged FROM scan_files WHERE scan_id = " + std::to_string(second)), 1);
  // Samples recorded by the read stay with the file.
  EXPECT_EQ(Query("SELECT COUNT(*) FROM samples"), 2);
}

TEST_F(StoreTest, ContainerIsCarriedForwardWithItsMembers) {
  auto store = OpenStore();
  const int64_t scan = store->BeginScan(Info()).value();
  report::FileResult member = FileWithFindings("/share/a.zip!/list.csv", 3);
  member.container = {"/share/a.zip"};
  ASSERT_TRUE(store->RecordFile(scan, member, {}));
  ASSERT_TRUE(store->RecordFile(scan, CleanFile("/share/a.zip"), {}));
  ASSERT_TRUE(store->FinishScan(scan, Summary(2), ScanStatus::kCompleted));
  const PreviousFile previous = store->LookupPrevious("/share/a.zip").value().value();
  std::vector<report::FileResult> carried = store->LoadResults(previous.file_id).value();
  ASSERT_EQ(carried.size(), 2u);
  EXPECT_EQ(carried[0].path, "/share/a.zip!/list.csv");
  EXPECT_EQ(carried[0].container, std::vector<std::string>{"/share/a.zip"});
  EXPECT_EQ(carried[0].tally.records, 3u);
  EXPECT_EQ(carried[1].path, "/share/a.zip");
}

TEST_F(StoreTest, DiffScansNewChangedFixedDeleted) {
  auto store = OpenStore();
  const int64_t a = store->BeginScan(Info()).value();
  ASSERT_TRUE(store->RecordFile(a, FileWithFindings("/share/changed.csv", 5), {}));
  ASSERT_TRUE(store->RecordFile(a, FileWithFindings("/share/fixed.csv", 5), {}));
  ASSERT_TRUE(store->RecordFile(a, FileWithFindings("/share/deleted.csv", 5), {}));
  ASSERT_TRUE(store->RecordFile(a, FileWithFindings("/share/same.csv", 5), {}));
  ASSERT_TRUE(store->RecordFile(a, CleanFile("/share/new.csv"), {}));
  ASSERT_TRUE(store->FinishScan(a, Summary(5), ScanStatus::kCompleted));
  const int64_t b = store->BeginScan(Info(2000)).value();
  ASSERT_TRUE(store->RecordFile(b, FileWithFindings("/share/changed.csv", 7), {}));
  ASSERT_TRUE(store->RecordFile(b, CleanFile("/share/fixed.csv"), {}));
  ASSERT_TRUE(store->RecordFile(b, FileWithFindings("/share/same.csv", 5), {}));
  ASSERT_TRUE(store->RecordFile(b, FileWithFindings("/share/new.csv", 1), {}));
  ASSERT_TRUE(store->FinishScan(b, Summary(4), ScanStatus::kCompleted));

  Result<std::vector<FileChange>> changes = store->DiffScans(a, b);
  ASSERT_TRUE(changes);
  std::map<std::string, Change> by_path;
  for (const FileChange& change : *changes) by_path[change.display_path] = change.change;
  EXPECT_EQ(by_path, (std::map<std::string, Change>{{"/share/changed.csv", Change::kChanged},
                                                    {"/share/deleted.csv", Change::kDeleted},
                                                    {"/share/fixed.csv", Change::kFixed},
                                                    {"/share/new.csv", Change::kNew}}));
  for (const FileChange& change : *changes) {
    if (change.change == Change::kChanged) {
      EXPECT_EQ(change.records_before, 5u);
      EXPECT_EQ(change.records_after, 7u);
    }
  }
}

// A scanner killed mid-run (here a child that exits without closing anything) keeps every
// file it committed, and the next Open() marks its scan interrupted.
TEST_F(StoreTest, KilledScanIsMarkedInterruptedAndKeepsRecordedFiles) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Result<std::unique_ptr<Store>> store =
        Open(path_, {.batch_files = 1, .batch_millis = 0, .write_behind = false});
    if (!store) ::_exit(2);
    Result<int64_t> scan = (*store)->BeginScan(Info());
    if (!scan) ::_exit(3);
    for (int i = 0; i < 3; ++i) {
      if (!(*store)->RecordFile(*scan, CleanFile("/share/" + std::to_string(i)), {})) ::_exit(4);
    }
    ::_exit(0);  // no destructor, no FinishScan: as if killed
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(Query("SELECT status = 'running' FROM scans"), 1);
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Result<std::vector<ScanRow>> history = store->ScanHistory();
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().status, ScanStatus::kInterrupted);
  store.reset();
  EXPECT_EQ(Query("SELECT COUNT(*) FROM files"), 3);
}

// With write-behind (the default) a batch may still be committing when the process dies:
// at most the last two batches are lost, never a half-written one.
TEST_F(StoreTest, KilledScanWithWriteBehindLosesAtMostTwoBatches) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Result<std::unique_ptr<Store>> store = Open(path_, {.batch_files = 1, .batch_millis = 0});
    if (!store) ::_exit(2);
    Result<int64_t> scan = (*store)->BeginScan(Info());
    if (!scan) ::_exit(3);
    for (int i = 0; i < 5; ++i) {
      if (!(*store)->RecordFile(*scan, CleanFile("/share/" + std::to_string(i)), {})) ::_exit(4);
    }
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  ASSERT_TRUE(OpenStore());
  const int64_t files = Query("SELECT COUNT(*) FROM files");
  EXPECT_GE(files, 3);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM scan_files"), files);  // whole batches only
}

TEST_F(StoreTest, UnfinishedScanIsInterruptedWhenStoreCloses) {
  auto store = OpenStore();
  ASSERT_TRUE(store->BeginScan(Info()));
  store.reset();
  EXPECT_EQ(Query("SELECT status = 'interrupted' FROM scans"), 1);
}

TEST_F(StoreTest, RunningScanOfALiveProcessIsLeftAlone) {
  auto first = OpenStore();
  ASSERT_TRUE(first->BeginScan(Info()));
  auto second = OpenStore();  // same host, and this process is alive
  EXPECT_EQ(second->ScanHistory().value().front().status, ScanStatus::kRunning);
}

TEST_F(StoreTest, NoClearValueIsStored) {
  {
    auto store = OpenStore();
    const int64_t scan = store->BeginScan(Info()).value();
    report::FileResult result = FileWithFindings("/share/list.csv", 1);
    result.tally.samples = {Mask(Item::kPensionNumber, "9876-543210"),
                            Mask(Item::kMyNumber, "123456789018")};
    ASSERT_TRUE(store->RecordFile(scan, result, {}));
    ASSERT_TRUE(store->FinishScan(scan, Summary(1), ScanStatus::kCompleted));
  }
  std::string bytes;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    std::ifstream in(entry.path(), std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_NE(bytes.find("9876-****10"), std::string::npos);  // the masked sample is there
  for (const char* clear : {"9876-543210", "9876543210", "123456789018", "543210"}) {
    EXPECT_EQ(bytes.find(clear), std::string::npos) << clear;
  }
}

TEST(CanCarryForward, Rules) {
  PreviousFile previous;
  previous.size = 10;
  previous.mtime = 500;
  previous.inode = 42;
  previous.device = 7;
  previous.read_by_status = ScanStatus::kCompleted;
  previous.read_by_started_at = 1000;
  previous.read_by_options_digest = "d";
  const FileStat same{10, 500, 42, 7};
  EXPECT_TRUE(CanCarryForward(previous, same, "d"));
  EXPECT_FALSE(CanCarryForward(previous, {11, 500, 42, 7}, "d"));
  EXPECT_FALSE(CanCarryForward(previous, {10, 501, 42, 7}, "d"));
  EXPECT_FALSE(CanCarryForward(previous, {10, 500, 43, 7}, "d"));
  EXPECT_FALSE(CanCarryForward(previous, {10, 500, 42, 8}, "d"));
  EXPECT_FALSE(CanCarryForward(previous, same, "other options"));

  // ctime, when the caller knows it, must be the recorded one (touch -d restores mtime, not
  // ctime); a recorded 0 is unknown and never matches.
  PreviousFile with_ctime = previous;
  with_ctime.ctime_ns = 123;
  EXPECT_TRUE(CanCarryForward(
      with_ctime, {.size = 10, .mtime = 500, .inode = 42, .device = 7, .acl = {}, .ctime_ns = 123},
      "d"));
  EXPECT_FALSE(CanCarryForward(
      with_ctime, {.size = 10, .mtime = 500, .inode = 42, .device = 7, .acl = {}, .ctime_ns = 124},
      "d"));
  EXPECT_TRUE(CanCarryForward(with_ctime, same, "d"));
  EXPECT_FALSE(CanCarryForward(
      previous, {.size = 10, .mtime = 500, .inode = 42, .device = 7, .acl = {}, .ctime_ns = 123},
      "d"));

  PreviousFile racy = previous;
  racy.read_by_started_at = 500;  // modified in the second its scan started
  EXPECT_FALSE(CanCarryForward(racy, same, "d"));

  PreviousFile interrupted = previous;
  interrupted.read_by_status = ScanStatus::kInterrupted;
  EXPECT_FALSE(CanCarryForward(interrupted, same, "d"));

  PreviousFile partial = previous;
  partial.outcome = report::Outcome::kPartial;
  EXPECT_FALSE(CanCarryForward(partial, same, "d"));

  PreviousFile skipped = previous;
  skipped.outcome = report::Outcome::kSkipped;
  skipped.reason = "permission_denied";
  EXPECT_FALSE(CanCarryForward(skipped, same, "d"));
  skipped.reason = "unsupported_type";
  EXPECT_TRUE(CanCarryForward(skipped, same, "d"));
}

}  // namespace
}  // namespace mamori::store
