#include "detect_test_util.h"

namespace mamori::detect {
namespace {

using testing::Has;
using testing::Only;
using testing::ScanCell;
using testing::ScanRow;
using testing::ScanText;

TEST(PensionDetector, HyphenatedIsMediumWithoutEvidence) {
  const auto found = Only(ScanText("番号 1234-567890 を確認"), Item::kPensionNumber);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].confidence, Confidence::kMedium);
  EXPECT_EQ(found[0].basis, Basis::kPattern);
  EXPECT_EQ(found[0].value, "1234567890");
}

TEST(PensionDetector, WideHyphenVariantsAreHyphens) {
  for (const char* text : {"1234ー567890", "1234−567890", "1234‐567890", "1234―567890"}) {
    EXPECT_TRUE(Has(ScanText(text), Item::kPensionNumber)) << text;
  }
}

TEST(PensionDetector, BareTenDigitsWithKeywordIsHigh) {
  const auto found = Only(ScanText("基礎年金番号:1234567890"), Item::kPensionNumber);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].confidence, Confidence::kHigh);
  EXPECT_EQ(found[0].basis, Basis::kKeyword);
}

TEST(PensionDetector, KeywordAfterTheNumberIsNotAUnit) {
  // "個" of 個人番号 after a space once read as the counter 個 ("10 個") and hid the number.
  const auto findings = ScanText("基礎年金番号:6192912396 個人番号:888555052520");
  EXPECT_TRUE(Has(findings, Item::kPensionNumber));
  EXPECT_TRUE(Has(findings, Item::kMyNumber));
}

TEST(PensionDetector, KeywordInPrecedingTextCounts) {
  EXPECT_TRUE(
      Has(ScanText("1234567890", "下記の年金番号をご確認ください。\n"), Item::kPensionNumber));
}

TEST(PensionDetector, KeywordFartherThan300CharactersDoesNotCount) {
  std::string filler;
  for (int i = 0; i < 310; ++i) filler += "あ";
  EXPECT_FALSE(Has(ScanText(filler + "1234567890", "基礎年金番号\n"), Item::kPensionNumber));
  EXPECT_FALSE(Has(ScanText("基礎年金番号" + filler + "1234567890"), Item::kPensionNumber));
}

TEST(PensionDetector, BareTenDigitsWithoutEvidenceIsNotPension) {
  EXPECT_FALSE(Has(ScanText("お問い合わせ番号 1234567890"), Item::kPensionNumber));
}

TEST(PensionDetector, BareTenDigitsInHeaderlessColumnIsNothing) {
  EXPECT_TRUE(ScanRow({}, {"1234567890", "5000"}).empty());
}

TEST(PensionDetector, HeaderMakesBareDigitsHigh) {
  const auto found = Only(ScanCell("基礎年金番号", "1234567890"), Item::kPensionNumber);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].confidence, Confidence::kHigh);
  EXPECT_EQ(found[0].basis, Basis::kHeader);
}

TEST(PensionDetector, HeaderColumnWithPlaceholderGivesNothing) {
  EXPECT_TRUE(ScanCell("年金番号", "不明").empty());
  EXPECT_TRUE(ScanCell("年金番号", "12345").empty());
}

TEST(PensionDetector, LabelCellBeforeValueIsKeyword) {
  EXPECT_TRUE(Has(ScanRow({}, {"基礎年金番号", "1234567890"}), Item::kPensionNumber));
}

TEST(PensionDetector, PhoneNumbersAreNotPension) {
  for (const char* text : {"03-1234-5678", "090-1234-5678", "0120-123-456", "0312345678",
                           "0120-123456", "0312-345678", "045-123-4567"}) {
    EXPECT_FALSE(Has(ScanText(text), Item::kPensionNumber)) << text;
    EXPECT_FALSE(Has(ScanText(std::string("年金番号 ") + text), Item::kPensionNumber)) << text;
  }
}

TEST(PensionDetector, OrderNumberColumnIsNotPension) {
  EXPECT_TRUE(ScanCell("注文番号", "1234-567890").empty());
  EXPECT_TRUE(ScanCell("受付番号", "1234567890").empty());
  EXPECT_FALSE(Has(ScanCell("電話番号", "1234-567890"), Item::kPensionNumber));
}

TEST(PensionDetector, LongerDigitRunsContainNoPensionNumber) {
  EXPECT_FALSE(Has(ScanText("年金番号 12345678901"), Item::kPensionNumber));
  EXPECT_FALSE(Has(ScanText("12345-567890"), Item::kPensionNumber));
  EXPECT_FALSE(Has(ScanText("1234-5678901"), Item::kPensionNumber));
}

TEST(PensionDetector, ProductCodesAndAmountsAreNotPension) {
  EXPECT_FALSE(Has(ScanText("AB-1234-567890"), Item::kPensionNumber));
  EXPECT_FALSE(Has(ScanText("SKU1234-567890"), Item::kPensionNumber));
  EXPECT_FALSE(Has(ScanText("1234-567890-01"), Item::kPensionNumber));
  EXPECT_FALSE(Has(ScanText("年金番号の件 1234567890円"), Item::kPensionNumber));
}

TEST(PensionDetector, PostalCodesAreNotPension) {
  EXPECT_FALSE(Has(ScanText("〒123-4567"), Item::kPensionNumber));
  EXPECT_FALSE(Has(ScanCell("郵便番号", "1234567"), Item::kPensionNumber));
}

}  // namespace
}  // namespace mamori::detect
