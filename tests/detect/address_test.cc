#include "detect_test_util.h"

namespace mamori::detect {
namespace {

using testing::Has;
using testing::Only;
using testing::ScanCell;
using testing::ScanRow;
using testing::ScanText;

TEST(AddressDetector, PrefectureAndMunicipalityIsMedium) {
  for (const char* text :
       {"東京都新宿区西新宿2-8-1", "北海道札幌市中央区北1条西2丁目", "大阪府大阪市北区",
        "京都府京都市上京区", "神奈川県足柄上郡箱根町", "鹿児島県鹿児島市山下町11-1",
        "福島県郡山市朝日1-15-12", "住所は 愛知県 名古屋市中区 です"}) {
    const auto found = Only(ScanText(text), Item::kAddress);
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].confidence, Confidence::kMedium) << text;
  }
}

TEST(AddressDetector, PrefectureAloneIsNothing) {
  EXPECT_FALSE(Has(ScanText("東京都の人口"), Item::kAddress));
  EXPECT_FALSE(Has(ScanText("千葉県内"), Item::kAddress));
  EXPECT_FALSE(Has(ScanText("新宿区"), Item::kAddress));
}

TEST(AddressDetector, HeaderMakesHigh) {
  const auto found = Only(ScanCell("住所", "東京都港区芝公園4-2-8"), Item::kAddress);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].confidence, Confidence::kHigh);
  EXPECT_TRUE(Has(ScanCell("住所", "港区芝公園4-2-8"), Item::kAddress));
  EXPECT_TRUE(ScanCell("住所", "不明").empty());
}

TEST(AddressDetector, PostalMarkIsEvidence) {
  for (const char* text : {"〒123-4567", "〒 1234567", "〒160−0023"}) {
    EXPECT_TRUE(Has(ScanText(text), Item::kAddress)) << text;
  }
}

TEST(AddressDetector, PostalCodeNeedsHeaderOrKeyword) {
  EXPECT_TRUE(Has(ScanCell("郵便番号", "123-4567"), Item::kAddress));
  EXPECT_TRUE(Has(ScanCell("郵便番号", "1234567"), Item::kAddress));
  EXPECT_TRUE(Has(ScanText("郵便番号 123-4567"), Item::kAddress));
  EXPECT_FALSE(Has(ScanText("注文 123-4567"), Item::kAddress));
  EXPECT_FALSE(Has(ScanRow({}, {"1234567"}), Item::kAddress));
}

}  // namespace
}  // namespace mamori::detect
