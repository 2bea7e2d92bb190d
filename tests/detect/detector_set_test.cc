// The whole pipeline through DetectorSet: headers, records, text with preceding lines.
#include <fstream>

#include "detect_test_util.h"

namespace mamori::detect {
namespace {

using testing::Has;
using testing::Only;
using testing::ScanRow;
using testing::ScanText;

TEST(DetectorSet, HeaderedRecordGivesEveryItem) {
  const std::vector<std::string> headers = {"基礎年金番号", "氏名",    "フリガナ", "生年月日",
                                            "郵便番号",     "住所",    "電話番号", "メール",
                                            "受付日",       "注文番号"};
  const std::vector<std::string> row = {"1234-567890",   "山田 太郎",
                                        "ヤマダ タロウ", "昭和45年3月2日",
                                        "160-0023",      "東京都新宿区西新宿2-8-1",
                                        "03-1234-5678",  "taro@example.jp",
                                        "2024/04/01",    "9876543210"};
  const auto findings = ScanRow(headers, row);
  EXPECT_EQ(Only(findings, Item::kPensionNumber).size(), 1u);
  EXPECT_EQ(Only(findings, Item::kName).size(), 2u);
  EXPECT_EQ(Only(findings, Item::kBirthDate).size(), 1u);
  EXPECT_EQ(Only(findings, Item::kAddress).size(), 2u);
  EXPECT_EQ(Only(findings, Item::kPhone).size(), 1u);
  EXPECT_EQ(Only(findings, Item::kEmail).size(), 1u);
  for (const Finding& f : findings) {
    EXPECT_EQ(f.confidence, Confidence::kHigh) << ItemName(f.item);
    EXPECT_LT(f.column, 8u) << "受付日 and 注文番号 must give nothing";
  }
}

TEST(DetectorSet, FindingsCarryTheirColumn) {
  const auto findings = ScanRow({"備考", "氏名"}, {"", "山田 太郎"});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].column, 1u);
}

TEST(DetectorSet, HeaderlessDecoyRowsGiveNoIdentifiers) {
  // An order list: order number, product code, amount, date, phone.
  const auto findings =
      ScanRow({}, {"1234567890", "ABC-1234-567890", "12800", "2024/04/01", "03-1234-5678"});
  EXPECT_FALSE(Has(findings, Item::kPensionNumber));
  EXPECT_FALSE(Has(findings, Item::kMyNumber));
  EXPECT_FALSE(Has(findings, Item::kName));
}

TEST(DetectorSet, TextLineWithSeveralItems) {
  const auto findings = ScanText(
      "氏名:山田太郎 生年月日:昭和45年3月2日 基礎年金番号:1234567890 住所:東京都港区芝公園4-2-8");
  EXPECT_TRUE(Has(findings, Item::kName));
  EXPECT_TRUE(Has(findings, Item::kBirthDate));
  EXPECT_TRUE(Has(findings, Item::kPensionNumber));
  EXPECT_TRUE(Has(findings, Item::kAddress));
  for (const Finding& f : findings) EXPECT_FALSE(f.candidate()) << ItemName(f.item);
}

TEST(DetectorSet, ScratchIsReusableAcrossRecords) {
  auto scratch = testing::Detectors().NewScratch();
  const PartEvidence part = testing::Detectors().BeginPart({}, false);
  std::vector<Finding> out;
  for (int i = 0; i < 3; ++i) {
    const CellText cell{"佐藤 花子 090-1234-5678", 0};
    testing::Detectors().Scan(part, std::span<const CellText>(&cell, 1), "", *scratch, out);
  }
  EXPECT_EQ(Only(out, Item::kPhone).size(), 3u);
  EXPECT_EQ(Only(out, Item::kName).size(), 3u);
}

TEST(DetectorSet, TriggersAreSeenAtEveryOffset) {
  // The cell pre-check reads eight bytes at a time; a trigger in any lane or the tail counts.
  for (size_t offset = 0; offset < 20; ++offset) {
    const std::string pad(offset, 'x');
    EXPECT_TRUE(Has(ScanRow({}, {pad + " 03-1234-5678"}), Item::kPhone)) << offset;
    EXPECT_TRUE(Has(ScanRow({}, {pad + " a@example.jp"}), Item::kEmail)) << offset;
    EXPECT_TRUE(Has(ScanRow({}, {pad + " 〒160-0023"}), Item::kAddress)) << offset;
  }
}

TEST(DetectorSet, CustomSurnameDictionary) {
  const std::string path = ::testing::TempDir() + "/surnames.txt";
  {
    std::ofstream out(path);
    out << "# test\n鬼塚\tオニヅカ\n";
  }
  Result<DetectorSet> set = DetectorSet::Build({.surname_dictionary_path = path});
  ASSERT_TRUE(set.has_value());
  auto scratch = set->NewScratch();
  const PartEvidence part = set->BeginPart({}, true);
  std::vector<Finding> out;
  const CellText cells[] = {{"鬼塚 太郎", 0}, {"山田 太郎", 1}};
  set->Scan(part, cells, "", *scratch, out);
  // 山田 is not in this dictionary: 山田 太郎 is a candidate by its shape only.
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].column, 0u);
  EXPECT_EQ(out[0].basis, Basis::kDictionary);
  EXPECT_EQ(out[1].column, 1u);
  EXPECT_EQ(out[1].basis, Basis::kPattern);
}

TEST(DetectorSet, MissingDictionaryIsAnError) {
  EXPECT_FALSE(DetectorSet::Build({.surname_dictionary_path = "/nonexistent/dictionary"}));
}

}  // namespace
}  // namespace mamori::detect
