#include "base/mask.h"

#include <gtest/gtest.h>

namespace mamori {
namespace {

TEST(Mask, PensionNumberKeepsOfficeCodeAndLastTwo) {
  EXPECT_EQ(Mask(Item::kPensionNumber, "1234567890").text(), "1234-****90");
  EXPECT_EQ(Mask(Item::kPensionNumber, "1234-567890").text(), "1234-****90");
}

TEST(Mask, MyNumberKeepsOnlyLastTwo) {
  EXPECT_EQ(Mask(Item::kMyNumber, "123456789018").text(), "****-****-**18");
}

TEST(Mask, NameKeepsFirstCharacter) {
  EXPECT_EQ(Mask(Item::kName, "山田 太郎").text(), "山* **");
  EXPECT_EQ(Mask(Item::kName, "ヤマダタロウ").text(), "ヤ*****");
}

TEST(Mask, BirthDateKeepsYear) {
  EXPECT_EQ(Mask(Item::kBirthDate, "1970-03-02").text(), "1970-**-**");
}

TEST(Mask, AddressKeepsMunicipality) {
  EXPECT_EQ(Mask(Item::kAddress, "東京都千代田区霞が関1-2-3").text(), "東京都千代田区****");
}

TEST(Mask, EmailKeepsDomain) {
  EXPECT_EQ(Mask(Item::kEmail, "taro@example.jp").text(), "t***@example.jp");
}

TEST(Mask, PhoneKeepsAreaPrefixAndLastTwo) {
  EXPECT_EQ(Mask(Item::kPhone, "09012345678").text(), "090-****-**78");
}

TEST(Mask, NoMaskedValueContainsTheMiddleDigits) {
  const std::string masked = Mask(Item::kPensionNumber, "9876543210").text();
  EXPECT_EQ(masked.find("5432"), std::string::npos);
}

}  // namespace
}  // namespace mamori
