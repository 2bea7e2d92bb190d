#include "detect_test_util.h"

namespace mamori::detect {
namespace {

using testing::Has;
using testing::Only;
using testing::ScanCell;
using testing::ScanText;

// The National Tax Agency's own corporate number.
constexpr const char* kValid = "7000012050002";

TEST(CorporateNumberCheckDigit, KnownValues) {
  EXPECT_TRUE(IsValidCorporateNumber(kValid));
  EXPECT_FALSE(IsValidCorporateNumber("1000012050002"));
}

TEST(CorporateNumberDetector, KeywordMakesHigh) {
  const auto found = Only(ScanText(std::string("法人番号 ") + kValid), Item::kCorporateNumber);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].confidence, Confidence::kHigh);
}

TEST(CorporateNumberDetector, HeaderMakesHigh) {
  const auto found = Only(ScanCell("法人番号", kValid), Item::kCorporateNumber);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].basis, Basis::kHeader);
}

TEST(CorporateNumberDetector, InvoiceNumberWithTPrefixIsCorporate) {
  EXPECT_TRUE(Has(ScanText(std::string("登録番号 T") + kValid), Item::kCorporateNumber));
}

TEST(CorporateNumberDetector, ValidCorporateNumberIsNeverMyNumber) {
  const auto findings = ScanText(std::string("個人番号 ") + kValid);
  EXPECT_FALSE(Has(findings, Item::kMyNumber));
  EXPECT_TRUE(Has(findings, Item::kCorporateNumber));
  EXPECT_FALSE(Has(ScanCell("個人番号", kValid), Item::kMyNumber));
}

TEST(CorporateNumberDetector, WrongCheckDigitIsNothing) {
  EXPECT_TRUE(ScanText("法人番号 1000012050002").empty());
}

}  // namespace
}  // namespace mamori::detect
