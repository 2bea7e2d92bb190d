#include <string>

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

// Every prefecture, each found from its suffix: the four 島県 share the character before the
// suffix, 京都府 and 東京都 share 都, and one lookup must still tell them apart.
TEST(AddressDetector, EveryPrefectureIsFound) {
  for (const char* prefecture :
       {"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県",   "福島県", "茨城県",
        "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",
        "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",   "愛知県", "三重県",
        "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
        "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県",   "高知県", "福岡県",
        "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"}) {
    const std::string text = std::string("住所 ") + prefecture + "中央市本町1-2";
    const auto found = Only(ScanText(text), Item::kAddress);
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].value, std::string(prefecture) + "中央市") << text;
  }
  // A prefecture's suffix after a character that starts no prefecture name.
  EXPECT_TRUE(Only(ScanText("住所 西島県中央市本町1-2"), Item::kAddress).empty());
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
