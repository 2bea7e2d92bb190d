#include "detect_test_util.h"

namespace mamori::detect {
namespace {

using testing::Has;
using testing::Only;
using testing::ScanCell;
using testing::ScanText;

TEST(EmailDetector, AddressIsFoundAndLowerCased) {
  const auto found = Only(ScanText("連絡先: Taro.Yamada+jp@Example.CO.JP まで"), Item::kEmail);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].value, "taro.yamada+jp@example.co.jp");
  EXPECT_EQ(found[0].confidence, Confidence::kMedium);
}

TEST(EmailDetector, HeaderMakesHigh) {
  const auto found = Only(ScanCell("メールアドレス", "a@b.jp"), Item::kEmail);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].confidence, Confidence::kHigh);
}

TEST(EmailDetector, NonAddressesAreNothing) {
  for (const char* text : {"@", "a@", "@example.jp", "user@localhost", "a@b.c", "a@b..jp",
                           "@@example.jp", "x@-a.jp", "price @ 100"}) {
    EXPECT_FALSE(Has(ScanText(text), Item::kEmail)) << text;
  }
}

TEST(EmailDetector, TwoAddressesInOneLine) {
  EXPECT_EQ(Only(ScanText("a@example.jp, b@example.jp"), Item::kEmail).size(), 2u);
}

}  // namespace
}  // namespace mamori::detect
