#include <random>

#include "detect_test_util.h"

namespace mamori::detect {
namespace {

using testing::Has;
using testing::Only;
using testing::ScanCell;
using testing::ScanRow;
using testing::ScanText;

// 12345678901 + check digit 8 (r = 3 → 11 − 3).
constexpr const char* kValid = "123456789018";

TEST(MyNumberCheckDigit, KnownValues) {
  EXPECT_TRUE(IsValidMyNumber(kValid));
  EXPECT_FALSE(IsValidMyNumber("123456789012"));
  EXPECT_TRUE(IsValidMyNumber("000000000000"));
}

TEST(MyNumberCheckDigit, ExactlyOneCheckDigitPerPrefix) {
  std::mt19937_64 random(42);
  for (int trial = 0; trial < 2000; ++trial) {
    std::string prefix;
    for (int i = 0; i < 11; ++i) prefix.push_back(static_cast<char>('0' + random() % 10));
    int valid = 0;
    for (char check = '0'; check <= '9'; ++check) valid += IsValidMyNumber(prefix + check);
    ASSERT_EQ(valid, 1) << prefix;
  }
}

TEST(MyNumberDetector, KeywordMakesHigh) {
  const auto found = Only(ScanText(std::string("個人番号: ") + kValid), Item::kMyNumber);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].confidence, Confidence::kHigh);
  EXPECT_EQ(found[0].value, kValid);
}

TEST(MyNumberDetector, GroupedFormsAreRead) {
  EXPECT_TRUE(Has(ScanText("マイナンバー 1234-5678-9018"), Item::kMyNumber));
  EXPECT_TRUE(Has(ScanText("マイナンバー 1234 5678 9018"), Item::kMyNumber));
}

TEST(MyNumberDetector, HeaderMakesHigh) {
  const auto found = Only(ScanCell("個人番号", kValid), Item::kMyNumber);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].basis, Basis::kHeader);
}

TEST(MyNumberDetector, ChecksumAloneIsLowCandidate) {
  const auto in_text = Only(ScanText(kValid), Item::kMyNumber);
  ASSERT_EQ(in_text.size(), 1u);
  EXPECT_EQ(in_text[0].confidence, Confidence::kLow);
  EXPECT_EQ(in_text[0].basis, Basis::kChecksum);
  const auto in_table = Only(ScanRow({}, {kValid}), Item::kMyNumber);
  ASSERT_EQ(in_table.size(), 1u);
  EXPECT_TRUE(in_table[0].candidate());
}

TEST(MyNumberDetector, WrongCheckDigitIsNothing) {
  EXPECT_FALSE(Has(ScanText("個人番号 123456789012"), Item::kMyNumber));
  EXPECT_TRUE(ScanCell("マイナンバー", "123456789012").empty());
}

TEST(MyNumberDetector, OtherNumberColumnIsNothing) {
  EXPECT_TRUE(ScanCell("注文番号", kValid).empty());
}

TEST(MyNumberDetector, TwelveDigitsInsideThirteenAreNotMyNumber) {
  // 1 + kValid is 13 digits; its 12-digit tail must not be read as a My Number.
  EXPECT_FALSE(Has(ScanText(std::string("個人番号 1") + kValid), Item::kMyNumber));
  EXPECT_FALSE(Has(ScanText(std::string("個人番号 ") + kValid + "7"), Item::kMyNumber));
}

}  // namespace
}  // namespace mamori::detect
