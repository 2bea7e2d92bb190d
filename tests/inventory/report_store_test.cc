// The report from a real SQLite store built with the Store API at fixed times: golden HTML
// (ja), CSV and JSONL, and the filters reaching the store.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "inventory/report.h"

namespace mamori::inventory {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kDay = 86400;
constexpr int64_t kScan1 = 1795300000;  // 2026-11-22 08:46:40 JST
constexpr int64_t kScan2 = kScan1 + kDay;
constexpr int64_t kNow = kScan2 + 3600;

report::FileResult File(const std::string& path, uint64_t people, uint32_t mode) {
  report::FileResult result;
  result.path = path;
  result.format = "csv";
  result.encoding = "utf-8";
  result.size = 100 + people;
  result.mtime = kScan1 - 400 * kDay;
  result.inode = std::hash<std::string>()(path) % 100000;
  result.device = 7;
  result.uid = 1001;
  result.mode = 0100000 | mode;
  result.tally.records_read = people + 1;
  result.tally.records = people;
  result.tally.people = people;
  result.tally.items[static_cast<size_t>(Item::kPensionNumber)] = people;
  result.tally.items[static_cast<size_t>(Item::kName)] = people;
  result.tally.category2 = people;
  result.tally.confidence = Confidence::kHigh;
  return result;
}

policy::Assessment Assess(std::string zone, double risk, std::vector<policy::Violation> v) {
  return {.zone = std::move(zone), .owner = "tanaka", .risk = risk, .violations = std::move(v)};
}

class ReportStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mamori_report_store_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Result<std::unique_ptr<store::Store>> opened = store::Open((dir_ / "inventory.db").string());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    Fill();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  void Record(int64_t scan, const report::FileResult& file, const policy::Assessment& a) {
    ASSERT_TRUE(store_->RecordFile(
        scan, file, {.share = "/share", .assessment = &a, .policy_digest = "policy-1"}));
  }

  // Scan 1 sees three files with personal data; by scan 2 one was cleaned and one acknowledged.
  void Fill() {
    const policy::Assessment internet =
        Assess("internet", 66.24,
               {{"internet-share", policy::RuleKind::kForbiddenZone,
                 "120 people (pension number, name) on zone internet (/share/public/**)"},
                {"world-readable", policy::RuleKind::kAccess, "mode 0644: readable by others"}});
    const policy::Assessment hostile =
        Assess("isolated", 22.5,
               {{"mailing-90d", policy::RuleKind::kRetention,
                 "last modified 2025-10-18, 401 days ago; rule allows 90"}});
    const policy::Assessment quiet = Assess("", 4.5, {});
    const policy::Assessment clean = Assess("", 0, {});

    Result<int64_t> first = store_->BeginScan(
        {.roots = {"/share"}, .host = "fs01", .started_at = kScan1, .options_digest = "d"});
    ASSERT_TRUE(first);
    Record(*first, File("/share/public/list.csv", 120, 0644), internet);
    Record(*first, File("/share/<script>alert(1)</script>.csv", 12, 0600), hostile);
    Record(*first, File("/share/\x82\xA0-cp932.csv", 3, 0600), quiet);
    Record(*first, File("/share/old/done.csv", 5, 0600), quiet);
    report::ScanSummary summary{
        .files = 5, .files_with_findings = 4, .records = 140, .people = 140, .seconds = 12.5};
    ASSERT_TRUE(store_->FinishScan(*first, summary, store::ScanStatus::kCompleted));

    Result<int64_t> second = store_->BeginScan(
        {.roots = {"/share"}, .host = "fs01", .started_at = kScan2, .options_digest = "d"});
    ASSERT_TRUE(second);
    Record(*second, File("/share/public/list.csv", 120, 0644), internet);
    Record(*second, File("/share/<script>alert(1)</script>.csv", 12, 0600), hostile);
    Record(*second, File("/share/\x82\xA0-cp932.csv", 3, 0600), quiet);
    report::FileResult cleaned = File("/share/old/done.csv", 0, 0600);
    cleaned.tally = {};
    cleaned.tally.records_read = 4;
    Record(*second, cleaned, clean);
    summary = {.files = 5, .files_with_findings = 3, .records = 135, .people = 135, .seconds = 3};
    ASSERT_TRUE(store_->FinishScan(*second, summary, store::ScanStatus::kCompleted));

    Result<std::vector<store::FileRow>> rows = store_->ListFindings({}, {});
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 3u);
    Result<int64_t> ack = store_->Acknowledge({.file_id = rows->front().file_id,
                                               .owner = "総務課 佐藤",
                                               .due_date = "2026-11-20",
                                               .note = "moving it to the isolated server",
                                               .by_user = "admin",
                                               .at = kScan2 + 60});
    ASSERT_TRUE(ack) << ack.error().message;
  }

  std::string Write(ReportFormat format, Lang lang, store::FindingFilter filter = {}) {
    ReportOptions options{.format = format,
                          .lang = lang,
                          .filter = std::move(filter),
                          .now = kNow,
                          .store_label = "inventory.db"};
    std::ostringstream out;
    const Status written = WriteReport(*store_, options, out);
    EXPECT_TRUE(written) << written.error().message;
    return out.str();
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
};

// Compares with tests/golden/report/<name>; MAMORI_UPDATE_GOLDEN=1 rewrites the file instead.
void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(MAMORI_SOURCE_DIR) + "/tests/golden/report/" + name;
  if (std::getenv("MAMORI_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "missing golden file " << path;
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "golden " << name << " differs";
}

TEST_F(ReportStoreTest, HtmlGolden) {
  ExpectGolden("store_ja.html", Write(ReportFormat::kHtml, Lang::kJa));
}
TEST_F(ReportStoreTest, CsvGolden) {
  ExpectGolden("store.csv", Write(ReportFormat::kCsv, Lang::kJa));
}
TEST_F(ReportStoreTest, JsonlGolden) {
  ExpectGolden("store.jsonl", Write(ReportFormat::kJsonl, Lang::kEn));
}

TEST_F(ReportStoreTest, FiguresComeFromTheLatestScan) {
  const std::string html = Write(ReportFormat::kHtml, Lang::kEn);
  EXPECT_NE(html.find("<span class=\"figure\">3</span><span class=\"label\">Files with"),
            std::string::npos);
  EXPECT_NE(html.find("<span class=\"figure\">135</span>"), std::string::npos);
  EXPECT_NE(html.find("\u3042-cp932.csv"), std::string::npos);  // CP932 name decoded
  EXPECT_EQ(html.find("done.csv"), std::string::npos);          // cleaned by scan 2
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;.csv"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("overdue"), std::string::npos);
}

TEST_F(ReportStoreTest, FiltersNarrowTheExports) {
  const std::string zone = Write(ReportFormat::kJsonl, Lang::kJa, {.zone = "isolated"});
  EXPECT_EQ(std::count(zone.begin(), zone.end(), '\n'), 1);
  EXPECT_NE(zone.find("mailing-90d"), std::string::npos);
  const std::string jsonl = Write(ReportFormat::kJsonl, Lang::kJa);
  EXPECT_NE(jsonl.find("\"path_b64\":\"L3NoYXJlL4KgLWNwOTMyLmNzdg==\""), std::string::npos);
  const std::string risky = Write(ReportFormat::kCsv, Lang::kJa, {.min_risk = 50});
  EXPECT_EQ(std::count(risky.begin(), risky.end(), '\n'), 2);  // header + one file
  const std::string rule = Write(ReportFormat::kCsv, Lang::kJa, {.rule = "world-readable"});
  EXPECT_NE(rule.find("/share/public/list.csv"), std::string::npos);
  EXPECT_EQ(rule.find("script"), std::string::npos);
}

}  // namespace
}  // namespace mamori::inventory
