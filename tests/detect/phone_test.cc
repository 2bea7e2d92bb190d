#include "detect_test_util.h"

namespace mamori::detect {
namespace {

using testing::Has;
using testing::Only;
using testing::ScanCell;
using testing::ScanRow;
using testing::ScanText;

TEST(PhoneDetector, HyphenatedShapesAreMedium) {
  for (const char* text : {"03-1234-5678", "045-123-4567", "0466-12-3456", "090-1234-5678",
                           "080-1234-5678", "0120-123-456", "03(1234)5678", "(03)1234-5678"}) {
    const auto found = Only(ScanText(text), Item::kPhone);
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].confidence, Confidence::kMedium) << text;
    EXPECT_FALSE(Has(ScanText(text), Item::kPensionNumber)) << text;
  }
}

TEST(PhoneDetector, BareMobileIsMedium) { EXPECT_TRUE(Has(ScanText("09012345678"), Item::kPhone)); }

TEST(PhoneDetector, BareTenDigitsNeedEvidence) {
  EXPECT_FALSE(Has(ScanText("0312345678"), Item::kPhone));
  EXPECT_TRUE(Has(ScanText("TEL 0312345678"), Item::kPhone));
  EXPECT_TRUE(Has(ScanCell("電話番号", "0312345678"), Item::kPhone));
}

TEST(PhoneDetector, PhoneColumnNeverGivesPension) {
  const auto findings = ScanCell("電話番号", "1234-567890");
  EXPECT_FALSE(Has(findings, Item::kPensionNumber));
}

TEST(PhoneDetector, NonPhonesAreNothing) {
  for (const char* text : {"1234-5678", "03-1234-56789", "AB03-1234-5678", "2024-04-01"}) {
    EXPECT_FALSE(Has(ScanText(text), Item::kPhone)) << text;
  }
  EXPECT_FALSE(Has(ScanRow({}, {"0312345678"}), Item::kPhone));
}

}  // namespace
}  // namespace mamori::detect
