#include "report/reporter.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace mamori::report {
namespace {

// Two findings files, one clean file and one skipped file with a CP932 name: the cases
// every output format must render.
std::vector<FileResult> SampleResults() {
  std::vector<FileResult> results;
  FileResult pension;
  pension.path = "share/沖縄/記録突合.csv";
  pension.format = "csv";
  pension.encoding = "shift_jis";
  pension.size = 123456;
  pension.mtime = 1432166400;  // 2015-05-21
  pension.tally.records_read = 1000;
  pension.tally.records = 1000;
  pension.tally.people = 950;
  pension.tally.items[static_cast<size_t>(Item::kPensionNumber)] = 1000;
  pension.tally.items[static_cast<size_t>(Item::kName)] = 1000;
  pension.tally.items[static_cast<size_t>(Item::kBirthDate)] = 990;
  pension.tally.category3 = 990;
  pension.tally.category2 = 10;
  pension.tally.confidence = Confidence::kHigh;
  pension.tally.samples = {Mask(Item::kPensionNumber, "1234567890"),
                           Mask(Item::kName, "山田 太郎")};
  results.push_back(pension);

  FileResult memo;
  memo.path = "share/memo, \"draft\".txt";
  memo.format = "text";
  memo.encoding = "utf-8";
  memo.size = 900;
  memo.mtime = 1432166400;
  memo.tally.records_read = 30;
  memo.tally.records = 2;
  memo.tally.people = 2;
  memo.tally.items[static_cast<size_t>(Item::kName)] = 2;
  memo.tally.items[static_cast<size_t>(Item::kBirthDate)] = 2;
  memo.tally.confidence = Confidence::kMedium;
  results.push_back(memo);

  FileResult clean;
  clean.path = "share/orders.csv";
  clean.format = "csv";
  clean.encoding = "utf-8";
  clean.size = 50;
  clean.mtime = 1432166400;
  clean.tally.records_read = 3;
  results.push_back(clean);

  FileResult locked;
  locked.path = std::string("share/\x8E\x81\x96\xBC.csv");  // 氏名.csv in CP932
  locked.format = "";
  locked.outcome = Outcome::kSkipped;
  locked.reason = "permission_denied";
  locked.errors.push_back(Error{ErrorCode::kPermissionDenied, "open: Permission denied"});
  locked.mtime = 1432166400;
  results.push_back(locked);
  return results;
}

std::string Render(OutputFormat format, bool all) {
  std::ostringstream out;
  auto reporter = MakeReporter(format, out, ReportOptions{.all = all});
  reporter->Begin();
  ScanSummary summary;
  for (const FileResult& result : SampleResults()) {
    ++summary.files;
    reporter->File(result);
  }
  summary.files_with_findings = 2;
  summary.records = 1002;
  summary.people = 952;
  summary.files_skipped = 1;
  summary.seconds = 1.5;
  reporter->End(summary);
  return out.str();
}

// Compares with tests/golden/<name>; MAMORI_UPDATE_GOLDEN=1 rewrites the file instead.
void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(MAMORI_SOURCE_DIR) + "/tests/golden/" + name;
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

TEST(Reporter, JsonlGolden) {
  ExpectGolden("report_all.jsonl", Render(OutputFormat::kJsonl, true));
}
TEST(Reporter, CsvGolden) { ExpectGolden("report_all.csv", Render(OutputFormat::kCsv, true)); }
TEST(Reporter, TableGolden) { ExpectGolden("report.table", Render(OutputFormat::kTable, false)); }
TEST(Reporter, SarifGolden) { ExpectGolden("report.sarif", Render(OutputFormat::kSarif, false)); }

TEST(Reporter, JsonlWithoutAllListsOnlyFindings) {
  std::istringstream lines(Render(OutputFormat::kJsonl, false));
  std::string line;
  size_t count = 0;
  while (std::getline(lines, line)) ++count;
  EXPECT_EQ(count, 2u);
}

TEST(Reporter, EveryJsonlLineIsValidJsonEvenForNonUtf8Names) {
  std::istringstream lines(Render(OutputFormat::kJsonl, true));
  std::string line;
  bool saw_b64 = false;
  while (std::getline(lines, line)) {
    const auto object = nlohmann::json::parse(line);  // throws on invalid JSON
    if (object.contains("path_b64")) {
      saw_b64 = true;
      EXPECT_EQ(object["path"], "share/氏名.csv");
      EXPECT_EQ(object["path_b64"], Base64(std::string("share/\x8E\x81\x96\xBC.csv")));
    }
  }
  EXPECT_TRUE(saw_b64);
}

TEST(Reporter, NoOutputHoldsAClearValue) {
  for (OutputFormat format :
       {OutputFormat::kJsonl, OutputFormat::kCsv, OutputFormat::kTable, OutputFormat::kSarif}) {
    const std::string text = Render(format, true);
    EXPECT_EQ(text.find("567890"), std::string::npos);
    EXPECT_EQ(text.find("太郎"), std::string::npos);
  }
}

TEST(DisplayPath, InvalidBytesThatAreNotCp932AreReplaced) {
  bool lossless = true;
  EXPECT_EQ(DisplayPath("a\xFF"
                        "b",
                        &lossless),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_FALSE(lossless);
}

TEST(DisplayPath, Cp932FileNameInUtf8FolderIsDecodedPerComponent) {
  bool lossless = true;
  EXPECT_EQ(DisplayPath("事務センター/\x8E\x81\x96\xBC.csv", &lossless), "事務センター/氏名.csv");
  EXPECT_FALSE(lossless);
}

TEST(Base64, EncodesPadding) {
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("fo"), "Zm8=");
  EXPECT_EQ(Base64("foo"), "Zm9v");
}

}  // namespace
}  // namespace mamori::report
