#include "inventory/html.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>

namespace mamori::inventory {
namespace {

TEST(Html, EscapesMarkupAndQuotes) {
  EXPECT_EQ(EscapeText("<script>alert('x')</script>.csv"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;.csv");
  EXPECT_EQ(EscapeAttribute("a\" onmouseover=\"x"), "a&quot; onmouseover=&quot;x");
  EXPECT_EQ(EscapeText("R&D/名簿.xlsx"), "R&amp;D/名簿.xlsx");
}

TEST(Html, InvalidUtf8AndControlsBecomeReplacementCharacters) {
  EXPECT_EQ(EscapeText(std::string_view("a\x82\xA0z", 4)), "a\uFFFD\uFFFDz");
  EXPECT_EQ(EscapeText(std::string_view("a\0b\x1b", 4)), "a\uFFFDb\uFFFD");
  EXPECT_EQ(EscapeText("tab\tnew\nline"), "tab\tnew\nline");
  EXPECT_EQ(EscapeText("\xC2\x85"), "\uFFFD");  // U+0085, a C1 control
}

TEST(Html, AppendEscaped) {
  std::string out = "<td>";
  AppendEscaped(out, "<b>");
  EXPECT_EQ(out, "<td>&lt;b&gt;");
}

TEST(Html, FormatCountGroupsThousands) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1204), "1,204");
  EXPECT_EQ(FormatCount(1000000), "1,000,000");
  EXPECT_EQ(FormatCount(std::numeric_limits<uint64_t>::max()), "18,446,744,073,709,551,615");
  EXPECT_EQ(FormatSigned(-1204), "-1,204");
  EXPECT_EQ(FormatSigned(std::numeric_limits<int64_t>::min()), "-9,223,372,036,854,775,808");
}

TEST(Html, FormatDecimal) {
  EXPECT_EQ(FormatDecimal(1234.5, 1), "1,234.5");
  EXPECT_EQ(FormatDecimal(0.04, 1), "0.0");
  EXPECT_EQ(FormatDecimal(-0.04, 1), "0.0");
  EXPECT_EQ(FormatDecimal(-1234567.25, 2), "-1,234,567.25");
  EXPECT_EQ(FormatDecimal(99.96, 1), "100.0");
  EXPECT_EQ(FormatDecimal(std::numeric_limits<double>::quiet_NaN(), 1), "-");
  EXPECT_EQ(FormatDecimal(12.0, 0), "12");
}

TEST(Html, TimesAreInTokyoWhateverTheProcessTimeZone) {
  setenv("TZ", "America/New_York", 1);
  // 2026-11-23 00:15:00 UTC is 09:15 in Tokyo.
  EXPECT_EQ(FormatDateTime(1795392900), "2026-11-23 09:15 JST");
  EXPECT_EQ(FormatDate(1795392900), "2026-11-23");
  // 15:00 UTC on Dec 31 is already the new year in Tokyo.
  EXPECT_EQ(FormatDateTime(1798729200), "2027-01-01 00:00 JST");
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDateTime(-32400), "1970-01-01 00:00 JST");
  EXPECT_EQ(FormatDateTime(-32401), "1969-12-31 23:59 JST");
  // 2024-02-29 (leap day) 12:34:56 JST.
  const CivilTime t = TokyoTime(1709177696);
  EXPECT_EQ(t.year, 2024);
  EXPECT_EQ(t.month, 2);
  EXPECT_EQ(t.day, 29);
  EXPECT_EQ(t.hour, 12);
  EXPECT_EQ(t.minute, 34);
  EXPECT_EQ(t.second, 56);
}

TEST(Html, FormatDuration) {
  EXPECT_EQ(FormatDuration(2.5, Lang::kJa), "2.5 秒");
  EXPECT_EQ(FormatDuration(12, Lang::kEn), "12 s");
  EXPECT_EQ(FormatDuration(125, Lang::kJa), "2 分 5 秒");
  EXPECT_EQ(FormatDuration(7500, Lang::kEn), "2 h 5 min");
  EXPECT_EQ(FormatDuration(-1, Lang::kEn), "-");
}

TEST(Html, PageIsSelfContained) {
  const std::string page = PageStart(Lang::kEn, "<Report>") + std::string(PageEnd());
  EXPECT_NE(page.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(page.find("<title>&lt;Report&gt;</title>"), std::string::npos);
  EXPECT_NE(page.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_EQ(page.find("http"), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  EXPECT_EQ(page.find("url("), std::string::npos);
  EXPECT_NE(StyleSheet().find("@media print"), std::string::npos);
  EXPECT_NE(StyleSheet().find("Hiragino"), std::string::npos);
}

}  // namespace
}  // namespace mamori::inventory
