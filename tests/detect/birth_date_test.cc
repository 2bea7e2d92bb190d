#include "detect/internal/detectors.h"
#include "detect_test_util.h"

namespace mamori::detect {
namespace {

using internal::EraToGregorian;
using testing::Has;
using testing::Only;
using testing::ScanCell;
using testing::ScanRow;
using testing::ScanText;

std::string BirthValue(const std::vector<Finding>& findings) {
  const auto dates = Only(findings, Item::kBirthDate);
  return dates.size() == 1 ? dates[0].value : "";
}

TEST(BirthDateDetector, WesternFormsUnderHeader) {
  for (const char* text :
       {"1970/3/2", "1970-03-02", "1970.3.2", "1970年3月2日", "1970年 3月 2日", "19700302"}) {
    EXPECT_EQ(BirthValue(ScanCell("生年月日", text)), "1970-03-02") << text;
  }
}

TEST(BirthDateDetector, EraFormsUnderHeader) {
  for (const char* text : {"昭和45年3月2日", "昭和 45年3月2日", "S45.3.2", "S45/3/2", "s45-3-2",
                           "昭和45.3.2", "3450302"}) {
    EXPECT_EQ(BirthValue(ScanCell("生年月日", text)), "1970-03-02") << text;
  }
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "H2.5.1")), "1990-05-01");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "R1.5.1")), "2019-05-01");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "令和元年5月1日")), "2019-05-01");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "平成元年1月8日")), "1989-01-08");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "大正10年4月1日")), "1921-04-01");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "明治40年1月1日")), "1907-01-01");
}

TEST(BirthDateDetector, HeaderDateIsHigh) {
  const auto found = Only(ScanCell("生年月日", "1970/3/2"), Item::kBirthDate);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].confidence, Confidence::kHigh);
  EXPECT_EQ(found[0].basis, Basis::kHeader);
}

TEST(EraCalendar, Boundaries) {
  EXPECT_TRUE(EraToGregorian(0, 45, 7, 29));  // 明治45年7月29日, the last day of 明治
  EXPECT_FALSE(EraToGregorian(0, 45, 7, 30));
  EXPECT_FALSE(EraToGregorian(1, 1, 7, 29));  // 大正 starts 1912-07-30
  EXPECT_TRUE(EraToGregorian(1, 1, 7, 30));
  EXPECT_TRUE(EraToGregorian(1, 15, 12, 24));  // 大正 ends 1926-12-24
  EXPECT_FALSE(EraToGregorian(1, 15, 12, 25));
  EXPECT_FALSE(EraToGregorian(2, 1, 12, 24));  // 昭和 starts 1926-12-25
  EXPECT_TRUE(EraToGregorian(2, 1, 12, 25));
  EXPECT_TRUE(EraToGregorian(2, 64, 1, 7));  // 昭和64年1月7日, the last day of 昭和
  EXPECT_FALSE(EraToGregorian(2, 64, 1, 8));
  EXPECT_FALSE(EraToGregorian(2, 65, 1, 1));
  EXPECT_FALSE(EraToGregorian(3, 1, 1, 7));  // 平成 starts 1989-01-08
  EXPECT_TRUE(EraToGregorian(3, 1, 1, 8));
  EXPECT_TRUE(EraToGregorian(3, 31, 4, 30));  // 平成31年4月30日, the last day of 平成
  EXPECT_FALSE(EraToGregorian(3, 31, 5, 1));
  EXPECT_FALSE(EraToGregorian(4, 1, 4, 30));  // 令和 starts 2019-05-01
  EXPECT_TRUE(EraToGregorian(4, 1, 5, 1));
}

TEST(BirthDateDetector, EraBoundariesInText) {
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "昭和64年1月7日")), "1989-01-07");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "昭和64年1月8日")), "");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "昭和65年1月1日")), "");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "平成31年4月30日")), "2019-04-30");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "平成31年5月1日")), "");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "令和元年4月30日")), "");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "H31.4.30")), "2019-04-30");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "H31.5.1")), "");
}

TEST(BirthDateDetector, ImpossibleDatesAreRejected) {
  for (const char* text : {"1970/2/30", "1970/13/1", "1970-00-10", "1970/4/31", "昭和45年2月30日",
                           "S45.13.1", "19700230", "1900/2/29"}) {
    EXPECT_EQ(BirthValue(ScanCell("生年月日", text)), "") << text;
  }
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "2000/2/29")), "2000-02-29");
}

// "1970/03/02" and "S45.03.02" are read by a fast path of their own; its findings must be the
// general path's, which reads the same dates written in kanji.
TEST(BirthDateDetector, FixedShapesReadAsTheGeneralPath) {
  const auto two = [](int value) {
    return std::string(1, static_cast<char>('0' + value / 10)) +
           static_cast<char>('0' + value % 10);
  };
  const int kMonths[] = {0, 1, 2, 9, 10, 12, 13};
  const int kDays[] = {0, 1, 7, 8, 24, 25, 28, 29, 30, 31, 32};
  for (const int year : {1850, 1899, 1900, 1970, 2000, 2019, 2100, 2999}) {
    for (const int month : kMonths) {
      for (const int day : kDays) {
        const std::string general =
            std::to_string(year) + "年" + std::to_string(month) + "月" + std::to_string(day) + "日";
        const std::string expected = BirthValue(ScanCell("生年月日", general));
        for (const char* separator : {"/", "-", "."}) {
          const std::string fixed =
              std::to_string(year) + separator + two(month) + separator + two(day);
          EXPECT_EQ(BirthValue(ScanCell("生年月日", fixed)), expected) << fixed;
        }
        const std::string mixed = std::to_string(year) + "/" + two(month) + "-" + two(day);
        EXPECT_EQ(BirthValue(ScanCell("生年月日", mixed)), "") << mixed;
      }
    }
  }
  const std::pair<char, const char*> kEras[] = {
      {'M', "明治"}, {'T', "大正"}, {'S', "昭和"}, {'H', "平成"}, {'R', "令和"}};
  for (const auto& [letter, name] : kEras) {
    for (const int year : {0, 1, 2, 15, 31, 45, 64, 65, 99}) {
      for (const int month : kMonths) {
        for (const int day : kDays) {
          const std::string general = std::string(name) + std::to_string(year) + "年" +
                                      std::to_string(month) + "月" + std::to_string(day) + "日";
          const std::string expected = BirthValue(ScanCell("生年月日", general));
          for (const char* separator : {"/", "-", "."}) {
            const std::string fixed =
                std::string(1, letter) + two(year) + separator + two(month) + separator + two(day);
            EXPECT_EQ(BirthValue(ScanCell("生年月日", fixed)), expected) << fixed;
          }
        }
      }
    }
  }
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "X45.03.02")), "");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "S45.03/02")), "");
}

TEST(BirthDateDetector, ImplausibleBirthYearsAreRejected) {
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "1850/1/1")), "");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "2999/1/1")), "");
}

TEST(BirthDateDetector, KeywordInTextIsHigh) {
  for (const char* text : {"生年月日: 1970年3月2日", "誕生日は1970/3/2です", "昭和45年3月2日生",
                           "1970年3月2日生まれ", "S45.3.2 生"}) {
    const auto found = Only(ScanText(text), Item::kBirthDate);
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].confidence, Confidence::kHigh) << text;
  }
}

TEST(BirthDateDetector, DateWithoutEvidenceIsLowCandidateWithYear) {
  const auto found = Only(ScanText("2024年4月1日 定例会議を開催"), Item::kBirthDate);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].candidate());
  EXPECT_EQ(found[0].year, 2024);
  const auto in_table = Only(ScanRow({}, {"山田太郎", "1970/3/2"}), Item::kBirthDate);
  ASSERT_EQ(in_table.size(), 1u);
  EXPECT_TRUE(in_table[0].candidate());
  EXPECT_EQ(in_table[0].year, 1970);
}

TEST(BirthDateDetector, OtherDateColumnIsNotBirthDate) {
  EXPECT_TRUE(ScanCell("受付日", "1970/3/2").empty());
  EXPECT_TRUE(ScanCell("作成日", "昭和45年3月2日").empty());
  EXPECT_TRUE(ScanCell("日付", "2024-04-01").empty());
  EXPECT_TRUE(ScanCell("提出日", "R6.4.1").empty());
}

TEST(BirthDateDetector, OtherDateKeywordInTextIsNotBirthDate) {
  EXPECT_FALSE(Has(ScanText("受付日: 1970/3/2"), Item::kBirthDate));
}

TEST(BirthDateDetector, CompactFormsNeedEvidence) {
  EXPECT_FALSE(Has(ScanText("19700302"), Item::kBirthDate));
  EXPECT_TRUE(Has(ScanText("生年月日 19700302"), Item::kBirthDate));
  EXPECT_FALSE(Has(ScanText("3450302"), Item::kBirthDate));
  EXPECT_FALSE(Has(ScanRow({}, {"3450302"}), Item::kBirthDate));
}

// poppler puts a space around every number of a LibreOffice PDF's dates (lo_tsuuchi.pdf).
TEST(BirthDateDetector, SpacedKanjiFormsFromPdfText) {
  const std::string line =
      "基礎年金番号 3437-101028 氏名 小林 翔太 生年月日 昭和 28 年 11 月 1 日 住所 〒450-0002 "
      "愛知県名古屋市中村区名駅 5-19-5";
  const auto found = Only(ScanText(line), Item::kBirthDate);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].value, "1953-11-01");
  EXPECT_EQ(found[0].confidence, Confidence::kHigh);
  EXPECT_EQ(found[0].basis, Basis::kKeyword);
  EXPECT_TRUE(Has(ScanText(line), Item::kAddress));
  EXPECT_EQ(BirthValue(ScanText("生年月日 1970 年 3 月 2 日")), "1970-03-02");
  EXPECT_EQ(BirthValue(ScanText("生年月日 平成 5 年 10 月 8 日 住所")), "1993-10-08");
  EXPECT_EQ(BirthValue(ScanText("昭和 45 年 3 月 2 日生")), "1970-03-02");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "令和 元 年 5 月 1 日")), "2019-05-01");
  EXPECT_EQ(BirthValue(ScanCell("生年月日", "1970 年 3 月 2 日")), "1970-03-02");
}

TEST(BirthDateDetector, SpacedKanjiFormsNeedTheirDayAndEvidence) {
  // Not dates: a class, counts and a month without its 日 once spaces are in play.
  for (const char* text :
       {"生年月日 3 年 2 組", "生年月日 1970 年 3 月 2 人", "生年月日 昭和 45 年 3 月 2 回",
        "生年月日 2020 年 3 月 2 件", "生年月日 1970 年 3 月", "生年月日 1970 年 3 2 日"}) {
    EXPECT_FALSE(Has(ScanText(text), Item::kBirthDate)) << text;
  }
  EXPECT_FALSE(Has(ScanText("金額 1,970 年 3 月 2 日"), Item::kBirthDate));
  // Evidence as before: none gives a candidate, another date's keyword gives nothing.
  const auto plain = Only(ScanText("2024 年 4 月 1 日 定例会議を開催"), Item::kBirthDate);
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_TRUE(plain[0].candidate());
  EXPECT_FALSE(Has(ScanText("受付日 2024 年 4 月 1 日"), Item::kBirthDate));
  EXPECT_FALSE(Has(ScanText("作成日 昭和 45 年 3 月 2 日"), Item::kBirthDate));
}

TEST(BirthDateDetector, DateNumbersAreNotReadAsOtherItems) {
  const auto findings = ScanCell("生年月日", "昭和45年3月2日");
  EXPECT_EQ(findings.size(), 1u);
}

}  // namespace
}  // namespace mamori::detect
