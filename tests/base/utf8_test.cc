#include "base/utf8.h"

#include <gtest/gtest.h>

namespace mamori {
namespace {

TEST(Utf8, AcceptsJapanese) { EXPECT_TRUE(IsValidUtf8("山田 太郎 １９７０")); }

TEST(Utf8, RejectsShiftJisBytes) { EXPECT_FALSE(IsValidUtf8("\x8E\x52\x93\x63")); }

TEST(Utf8, RejectsOverlongAndSurrogates) {
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));
}

TEST(Utf8, PrefixStopsBeforeACutSequence) {
  const std::string text = "ab\xE5\xB1";  // 山 cut after two bytes
  EXPECT_EQ(ValidUtf8Prefix(text), 2u);
}

TEST(Utf8, CodePointsRoundTrip) {
  const std::string text = "年金𠮷";
  std::string rebuilt;
  size_t pos = 0;
  while (pos < text.size()) AppendUtf8(NextCodePoint(text, pos), rebuilt);
  EXPECT_EQ(rebuilt, text);
  EXPECT_EQ(CodePointCount(text), 3u);
}

}  // namespace
}  // namespace mamori
