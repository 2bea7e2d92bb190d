// The report's renderers on a model filled by hand: golden HTML (ja, en), CSV and JSONL,
// escaping of hostile file names, and no reference outside the page.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "inventory/internal/report_messages.h"
#include "inventory/report.h"

namespace mamori::inventory {
namespace {

constexpr int64_t kNow = 1795392900;  // 2026-11-23 09:15 JST
constexpr int64_t kDay = 86400;

store::FileRow File(int64_t id, std::string path, double risk, uint64_t people) {
  store::FileRow row;
  row.file_id = id;
  row.path = path;
  row.display_path = std::move(path);
  row.share = "/srv/share";
  row.size = 4096;
  row.mtime = kNow - 400 * kDay;
  row.uid = 1001;
  row.mode = 0100640;
  row.format = "csv";
  row.records = people;
  row.people = people;
  row.items[static_cast<size_t>(Item::kPensionNumber)] = people;
  row.items[static_cast<size_t>(Item::kName)] = people;
  row.category2 = people;
  row.confidence = Confidence::kHigh;
  row.assessment.owner = "tanaka";
  row.assessment.risk = risk;
  return row;
}

ReportData Model() {
  ReportData data;
  data.backend = "sqlite";
  data.store_label = "inventory.db";
  data.generated_at = kNow;

  store::FileRow internet = File(1, "/srv/share/公開/送付リスト.csv", 66.24, 1204);
  internet.share = "/srv/share";
  internet.mode = 0100644;
  internet.assessment.zone = "internet";
  internet.assessment.violations = {
      {"internet-share", policy::RuleKind::kForbiddenZone,
       R"({"v":1,"m":"zone","people":1204,"exact":true,"records":1204,)"
       R"("items":["pension_number","name"],"zone":"internet","label":"インターネット接続環境"})"},
      // Plain text, as a store written before the evidence was encoded holds it.
      {"world-readable", policy::RuleKind::kAccess, "mode 0644: readable by others"}};
  internet.acknowledgement = store::Acknowledgement{.id = 1,
                                                    .file_id = 1,
                                                    .rule = "",
                                                    .owner = "総務課 佐藤",
                                                    .due_date = "2026-11-20",
                                                    .note = "",
                                                    .by_user = "admin",
                                                    .at = kNow - 10 * kDay};
  store::FileRow hostile = File(2, "/srv/share/<script>alert('x')</script>.csv", 22.5, 12);
  hostile.assessment.zone = "isolated";
  hostile.assessment.owner = "\"><img src=x onerror=alert(1)>";
  hostile.assessment.violations = {
      {"mailing-90d", policy::RuleKind::kRetention,
       R"({"v":1,"m":"retention","mtime":"2025-10-19","age_days":400,"max_days":90,)"
       R"("people":12,"exact":true,"records":12,"items":["name"]})"}};
  hostile.acknowledgement = store::Acknowledgement{.id = 2,
                                                   .file_id = 2,
                                                   .rule = "mailing-90d",
                                                   .owner = "=HYPERLINK(\"x\")",
                                                   .due_date = "2026-12-31",
                                                   .note = "",
                                                   .by_user = "operator",
                                                   .at = kNow - kDay};
  store::FileRow member = File(3, "/srv/share/old.zip!/list.csv", 3.5, 2);
  member.container = {"/srv/share/old.zip"};
  member.mode = 0;
  member.protection = Protection::kPassword;
  member.people_exact = false;
  data.files = {internet, hostile, member};
  data.matching_files = 3;

  store::Overview& o = data.overview;
  o.latest_scan = 3;
  o.latest_scan_at = kNow - 3600;
  o.total = {"", 40, 3, 1218, 3, 1};
  o.by_share = {{"/srv/share", 40, 3, 1218, 3, 1}, {"/srv/<b>other</b>", 5, 0, 0, 0, 0}};
  o.by_zone = {
      {"internet", 10, 1, 1204, 2, 0}, {"isolated", 20, 1, 12, 1, 1}, {"", 10, 1, 2, 0, 0}};
  o.by_rule = {{"internet-share", 1, 1, 1204, 1, 0},
               {"world-readable", 1, 1, 1204, 1, 0},
               {"mailing-90d", 1, 1, 12, 1, 1}};
  o.by_item = {{"pension_number", 3, 3, 1218, 3, 1}, {"name", 3, 3, 1218, 3, 1}};

  data.trend = {
      {1, kNow - 2 * kDay, 5, 1500, 4}, {2, kNow - kDay, 4, 1300, 4}, {3, kNow - 3600, 3, 1218, 3}};
  for (int64_t id = 3; id >= 1; --id) {
    store::ScanRow scan;
    scan.id = id;
    scan.status = id == 2 ? store::ScanStatus::kInterrupted : store::ScanStatus::kCompleted;
    scan.info.roots = {"/srv/share"};
    scan.info.host = "fs01";
    scan.info.started_at = kNow - (4 - id) * kDay + kDay - 3600;
    scan.finished_at = scan.info.started_at + 125;
    scan.summary.files = 40;
    scan.summary.files_with_findings = 3;
    scan.summary.people = 1218;
    scan.summary.files_unchanged = id == 1 ? 0 : 37;
    scan.summary.seconds = 125;
    data.scans.push_back(scan);
  }
  return data;
}

ReportOptions Options(Lang lang) {
  ReportOptions options;
  options.lang = lang;
  options.now = kNow;
  return options;
}

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

std::string Export(ReportFormat format) {
  std::ostringstream out;
  const ReportData data = Model();
  if (format == ReportFormat::kCsv) WriteCsvHeader(out);
  for (size_t i = 0; i < data.files.size(); ++i) {
    if (format == ReportFormat::kCsv) {
      WriteCsvRow(data.files[i], i + 1, kNow, Lang::kJa, out);
    } else {
      WriteJsonlRow(data.files[i], i + 1, kNow, Lang::kJa, out);
    }
  }
  return out.str();
}

TEST(ReportRender, HtmlGoldenJa) {
  ExpectGolden("model_ja.html", RenderHtml(Model(), Options(Lang::kJa)));
}
TEST(ReportRender, HtmlGoldenEn) {
  ExpectGolden("model_en.html", RenderHtml(Model(), Options(Lang::kEn)));
}
TEST(ReportRender, CsvGolden) { ExpectGolden("model.csv", Export(ReportFormat::kCsv)); }
TEST(ReportRender, JsonlGolden) { ExpectGolden("model.jsonl", Export(ReportFormat::kJsonl)); }

TEST(ReportRender, HostileNamesAreEscaped) {
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    const std::string html = RenderHtml(Model(), Options(lang));
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("<b>other"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;.csv"), std::string::npos);
    EXPECT_NE(html.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  }
}

// True when a tag (not escaped text) of `html` has the attribute, e.g. " src=".
bool AnyTagHas(const std::string& html, std::string_view attribute) {
  for (size_t open = html.find('<'); open != std::string::npos; open = html.find('<', open + 1)) {
    const size_t close = html.find('>', open);
    if (close == std::string::npos) return false;
    if (std::string_view(html).substr(open, close - open).find(attribute) != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST(ReportRender, HtmlIsSelfContained) {
  const std::string html = RenderHtml(Model(), Options(Lang::kJa));
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_FALSE(AnyTagHas(html, " src="));
  EXPECT_FALSE(AnyTagHas(html, " href="));
  EXPECT_FALSE(AnyTagHas(html, " on"));  // no event handler
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
}

TEST(ReportRender, HtmlShowsTheFigures) {
  const std::string ja = RenderHtml(Model(), Options(Lang::kJa));
  EXPECT_NE(ja.find("<html lang=\"ja\">"), std::string::npos);
  EXPECT_NE(ja.find("<span class=\"figure\">1,218</span><span class=\"label\">リスクのある人数"),
            std::string::npos);
  EXPECT_NE(ja.find("期限超過"), std::string::npos);  // due 2026-11-20, now 11-23
  EXPECT_NE(ja.find("2026-11-23 08:15 JST"), std::string::npos);
  const std::string en = RenderHtml(Model(), Options(Lang::kEn));
  EXPECT_NE(en.find("<span class=\"figure\">3</span><span class=\"label\">Files with personal"),
            std::string::npos);
  EXPECT_NE(en.find("overdue"), std::string::npos);
}

TEST(ReportRender, EmptyStore) {
  ReportData data;
  data.backend = "sqlite";
  data.generated_at = kNow;
  const std::string html = RenderHtml(data, Options(Lang::kJa));
  EXPECT_NE(html.find("記録されたスキャンはありません"), std::string::npos);
  EXPECT_NE(html.find("該当するファイルはありません"), std::string::npos);
  EXPECT_NE(html.find("データなし"), std::string::npos);
}

TEST(ReportRender, CsvNeutralisesFormulas) {
  const std::string csv = Export(ReportFormat::kCsv);
  EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"x\"\")\","), std::string::npos);
}

TEST(ReportRender, CatalogIsWhole) {
  const std::vector<std::string> problems = CheckCatalog(internal::ReportMessageTable());
  EXPECT_TRUE(problems.empty()) << problems.front();
  for (Item item : kAllItems) {
    EXPECT_TRUE(internal::ReportMessages().Has("item." + std::string(ItemName(item))));
  }
}

TEST(ReportRender, StoreLabelHidesPasswords) {
  EXPECT_EQ(StoreLabel("postgresql://mamori:s3cret@db.example:5432/inv"),
            "postgresql://mamori@db.example:5432/inv");
  EXPECT_EQ(StoreLabel("postgresql://db/inv?password=s3cret"), "postgresql://db/inv");
  EXPECT_EQ(StoreLabel("/var/lib/mamori/inventory.db"), "/var/lib/mamori/inventory.db");
  EXPECT_EQ(StoreLabel("postgresql://u@h/d"), "postgresql://u@h/d");
}

TEST(ReportRender, FormatNames) {
  EXPECT_EQ(ReportFormatFromName("html"), ReportFormat::kHtml);
  EXPECT_EQ(ReportFormatFromName("jsonl"), ReportFormat::kJsonl);
  EXPECT_EQ(ReportFormatFromName("xml"), std::nullopt);
}

}  // namespace
}  // namespace mamori::inventory
