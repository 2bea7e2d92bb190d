// The role-driven fast path of DetectorSet::Scan (only the passes a column's role can use,
// digits and triggers found a word at a time) against the general path (every pass on every
// cell): the same findings on random cells built from the fragments detectors react to.
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "detect/detector.h"
#include "detect/internal/detectors.h"
#include "detect_test_util.h"

namespace mamori::detect {
namespace {

constexpr auto kFragments = std::to_array<std::string_view>({
    "0",
    "1",
    "7",
    "12",
    "1234",
    "567890",
    "2024",
    "19700302",
    "03",
    "090",
    "1234567",
    "123456789012",
    "-",
    "/",
    ".",
    "(",
    ")",
    " ",
    "  ",
    "\t",
    "\u3000",
    "ー",
    "−",
    "‐",
    "年",
    "月",
    "日",
    "元",
    "昭和",
    "平成",
    "令和",
    "明治",
    "大正",
    "S",
    "H",
    "R",
    "T",
    "〒",
    "東京都",
    "大阪府",
    "北海道",
    "神奈川県",
    "新宿区",
    "札幌市",
    "梅田",
    "@",
    "user",
    "example.jp",
    ".co.jp",
    "山田",
    "太郎",
    "佐藤",
    "花子",
    "ヤマダ",
    "タロウ",
    "やまだ",
    "様",
    "氏名",
    "名前",
    ":",
    "基礎年金番号",
    "個人番号",
    "法人番号",
    "電話",
    "TEL",
    "郵便番号",
    "住所",
    "生年月日",
    "生",
    "受付日",
    "円",
    "%",
    "¥",
    "#",
    "$",
    "A",
    "x",
    "_",
    "+",
    "会社",
    "(株)",
    "不明",
    "商店",
    "中野",
});

// Headers naming every role, and a blank one (kNone).
const std::vector<std::string> kHeaders = {
    "",         "基礎年金番号", "個人番号", "法人番号", "氏名",     "生年月日", "住所",
    "郵便番号", "電話番号",     "メール",   "受付日",   "注文番号", "備考"};

std::string RandomCell(std::mt19937& random) {
  std::string cell;
  const size_t parts = random() % 9;
  for (size_t i = 0; i < parts; ++i) cell += kFragments[random() % kFragments.size()];
  return cell;
}

std::string Describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += std::to_string(static_cast<int>(f.item)) + "/" +
           std::to_string(static_cast<int>(f.confidence)) + "/" +
           std::to_string(static_cast<int>(f.basis)) + "/" + std::to_string(f.column) + "/" +
           f.value + "/" + std::to_string(f.year) + "\n";
  }
  return out;
}

// The role-driven path and the general path (every pass on every cell) over one part, each
// with its own scratch.
class TwoPaths {
 public:
  explicit TwoPaths(const PartEvidence& part) : part_(part) {
    internal::SetAllPassesForTesting(*general_, true);
  }

  struct Described {
    std::string fast;
    std::string general;
    size_t fast_count = 0;  // findings of the fast path
  };

  Described Scan(const std::vector<CellText>& cells, std::string_view preceding = "") {
    std::vector<Finding> a;
    std::vector<Finding> b;
    set_.Scan(part_, cells, preceding, *fast_, a);
    set_.Scan(part_, cells, preceding, *general_, b);
    return {Describe(a), Describe(b), a.size()};
  }

 private:
  const DetectorSet& set_ = testing::Detectors();
  const PartEvidence& part_;
  std::unique_ptr<Scratch> fast_ = set_.NewScratch();
  std::unique_ptr<Scratch> general_ = set_.NewScratch();
};

void ExpectSamePaths(const PartEvidence& part, bool tabular, uint32_t seed) {
  TwoPaths paths(part);
  std::mt19937 random(seed);
  for (int round = 0; round < 20000; ++round) {
    std::vector<std::string> texts;
    const size_t columns = tabular ? kHeaders.size() : 1;
    for (size_t c = 0; c < columns; ++c) texts.push_back(RandomCell(random));
    std::vector<CellText> cells;
    for (size_t c = 0; c < columns; ++c) cells.push_back({texts[c], static_cast<uint32_t>(c)});
    const std::string preceding = tabular ? "" : RandomCell(random);
    const TwoPaths::Described found = paths.Scan(cells, preceding);
    ASSERT_EQ(found.fast, found.general) << "round " << round << ", first cell: " << texts[0];
  }
}

TEST(FastPath, AgreesWithGeneralPathInEveryColumnRole) {
  const PartEvidence part = testing::Detectors().BeginPart(kHeaders, /*tabular=*/true);
  ExpectSamePaths(part, /*tabular=*/true, 1);
}

TEST(FastPath, AgreesWithGeneralPathWithoutHeaders) {
  const PartEvidence part = testing::Detectors().BeginPart({}, /*tabular=*/true);
  ExpectSamePaths(part, /*tabular=*/true, 2);
}

TEST(FastPath, AgreesWithGeneralPathInText) {
  const PartEvidence part = testing::Detectors().BeginPart({}, /*tabular=*/false);
  ExpectSamePaths(part, /*tabular=*/false, 3);
}

// Cells that are one value, or nearly: the pension, My Number, birth-date, postal-code and
// phone columns read such a cell whole (DetectPensionCell, DetectMyNumberCell,
// DetectBirthDateCell, DetectPostalCodeCell, DetectPhoneCell) and must find what
// the passes find, for valid and failing check digits and dates, and near misses of the shape.
TEST(FastPath, AgreesOnWholeValueCells) {
  const PartEvidence part = testing::Detectors().BeginPart(kHeaders, /*tabular=*/true);
  TwoPaths paths(part);
  std::mt19937 random(5);
  const auto digits = [&](size_t count) {
    std::string out;
    for (size_t i = 0; i < count; ++i) out.push_back(static_cast<char>('0' + random() % 10));
    return out;
  };
  const auto valid_my_number = [&] {
    std::string number = digits(11);
    for (char check = '0'; check <= '9'; ++check) {
      if (IsValidMyNumber(number + check)) return number + check;
    }
    return number + '0';
  };
  const auto number = [&](unsigned below) { return std::to_string(random() % below); };
  constexpr auto kEras = std::to_array<std::string_view>({"明治", "大正", "昭和", "平成", "令和"});
  constexpr auto kSeparators = std::to_array<std::string_view>({"/", "-", ".", "年"});
  size_t valid_found = 0;
  for (int round = 0; round < 5000; ++round) {
    const std::string era(kEras[random() % kEras.size()]);
    const std::string separator(kSeparators[random() % kSeparators.size()]);
    const std::string year = std::to_string(1890 + random() % 140);
    const std::string letter(1, "MTSHRshx"[random() % 8]);
    const std::string my_number = round % 2 == 0 ? valid_my_number() : digits(12);
    const std::vector<std::string> shapes = {
        digits(4) + "-" + digits(6),
        digits(10),
        "0" + digits(3) + "-" + digits(6),
        my_number,
        my_number.substr(0, 4) + "-" + my_number.substr(4, 4) + "-" + my_number.substr(8),
        digits(4) + "-" + digits(5) + "x",
        digits(11),
        " " + digits(10),
        digits(4) + "ー" + digits(6),
        my_number.substr(0, 4) + "-" + my_number.substr(4, 4) + "/" + my_number.substr(8),
        digits(3) + "-" + digits(7),
        era + number(70) + "年" + number(14) + "月" + number(33) + "日",
        era + "元年" + number(13) + "月" + number(32) + "日",
        era + " " + number(70) + " 年 " + number(13) + " 月 " + number(32) + " 日",
        era + number(70) + "." + number(13) + "." + number(32),
        era + number(70) + "年" + number(13) + "月" + number(32) + "日生",
        era + number(700) + "/" + number(13) + "/" + number(32),
        era + number(700) + "年" + digits(2) + "月" + digits(2) + "日",
        era + number(70) + "年" + number(13) + "月" + number(32),
        era + number(70) + "年" + number(13) + "月" + digits(3) + "日",
        era + number(70) + "年" + number(13) + "月" + number(32) + "日 ",
        era + number(70) + "年" + number(13) + " 月" + number(32),
        // 平, 朋 and 旦 share their first two bytes with 年, 月 and 日.
        era + number(70) + "平" + number(13) + "月" + number(32) + "日",
        era + number(70) + "年" + number(13) + "朋" + number(32) + "日",
        era + number(70) + "年" + number(13) + "月" + number(32) + "旦",
        year + "年" + number(13) + "月" + number(32) + "旦",
        year + "/" + number(14) + "/" + number(33),
        year + "-" + digits(2) + "-" + digits(2),
        year + separator + number(13) + separator + number(32),
        year + "/" + number(13) + "-" + number(32),
        year + "/" + number(13) + "/" + digits(3),
        year + "年" + number(13) + "月" + number(32) + "日",
        year + "年 " + number(13) + " 月 " + number(32) + "日",
        year + "年" + number(13) + "月" + number(32) + "日生",
        year + "年" + digits(2) + "月" + number(32),
        year + "年" + digits(3) + "月" + number(32) + "日",
        year + " 年" + number(13) + "月" + number(32) + "日",
        "S" + number(70) + "." + number(13) + "." + number(32),
        letter + number(70) + separator + number(14) + separator + number(33),
        letter + digits(2) + "." + digits(2) + "." + digits(2),
        letter + number(70) + "." + number(13),
        letter + letter + number(70) + "." + number(13) + "." + number(32),
        year + digits(2) + digits(2),
        year + "0" + number(10) + (random() % 2 ? "0" : "") + number(29),
        digits(8),
        std::to_string(1 + random() % 6) + digits(2) + digits(2) + digits(2),
        digits(7),
        year.substr(2) + "/" + number(13) + "/" + number(32),
        "0" + digits(2) + "-" + digits(4) + "-" + digits(4),
        "0" + digits(1) + "-" + digits(4) + "-" + digits(4),
        "0" + digits(3) + "-" + digits(3) + "-" + digits(3),
        "0" + digits(9),
        "0" + digits(10),
        "0" + digits(11),
        "0" + digits(8),
        "0" + digits(3) + "--" + digits(6),
        "0" + digits(9) + "-",
        "-0" + digits(9),
        "0" + digits(1) + "-" + digits(2) + "-" + digits(3) + "-" + digits(4),
        "0" + digits(2) + "/" + digits(3) + "/" + digits(4),
        "0" + digits(2) + "(" + digits(4) + ")" + digits(4),
        "0" + digits(2) + "-" + digits(4) + "-" + digits(4) + "円",
        "0" + digits(2) + " " + digits(4) + " " + digits(4),
        digits(3) + "-" + digits(4),
        digits(7),
        digits(3) + "ー" + digits(4),
        digits(3) + "-" + digits(4) + "-",
        digits(4) + "-" + digits(3),
        digits(3) + "-" + digits(4) + "x",
        "〒" + digits(3) + "-" + digits(4),
        digits(3) + "." + digits(4),
    };
    for (const std::string& text : shapes) {
      // 基礎年金番号, 個人番号, 生年月日, 郵便番号, 電話番号
      for (uint32_t column : {1u, 2u, 5u, 7u, 8u}) {
        const TwoPaths::Described found = paths.Scan({{text, column}});
        ASSERT_EQ(found.fast, found.general) << "column " << column << ": " << text;
        valid_found += found.fast_count;
      }
    }
  }
  EXPECT_GT(valid_found, 40000u);
}

// Address cells: an address column reads a cell that begins with a prefecture and a
// municipality whole (DetectAddressCell) when nothing else in it can be read, and must find
// what the passes find: every prefecture, municipalities that hold a suffix or an era name's
// first character (京都市, 府中市, 大正区, 平塚市), a second prefecture, 〒, postal codes,
// digit runs across the 64-byte blocks it reads, '@', spaces, long cells.
TEST(FastPath, AgreesOnAddressCells) {
  const PartEvidence part = testing::Detectors().BeginPart(kHeaders, /*tabular=*/true);
  TwoPaths paths(part);
  constexpr auto kPrefectures = std::to_array<std::string_view>(
      {"北海道", "青森県",   "岩手県", "宮城県",   "秋田県", "山形県", "福島県",
       "茨城県", "栃木県",   "群馬県", "埼玉県",   "千葉県", "東京都", "神奈川県",
       "新潟県", "富山県",   "石川県", "福井県",   "山梨県", "長野県", "岐阜県",
       "静岡県", "愛知県",   "三重県", "滋賀県",   "京都府", "大阪府", "兵庫県",
       "奈良県", "和歌山県", "鳥取県", "島根県",   "岡山県", "広島県", "山口県",
       "徳島県", "香川県",   "愛媛県", "高知県",   "福岡県", "佐賀県", "長崎県",
       "熊本県", "大分県",   "宮崎県", "鹿児島県", "沖縄県", "東京",   "京都"});
  constexpr auto kMunicipalities = std::to_array<std::string_view>(
      {"千代田区", "京都市", "府中市", "宇都宮市", "大阪市大正区", "平塚市", "明石市", "さいたま市",
       "北佐久郡", "都城市", "甲府市", "", " 新宿区", "市", "霞が関"});
  constexpr auto kTails = std::to_array<std::string_view>(
      {"",         "霞が関1-2-3",         "内記5丁目26番4号", "17番地",
       "1234番地", "12番地345",           "123-4567",         "〒123-4567",
       "〒12-345", "大字平1番地",         " 1-2-3",           "大阪府大阪市北区",
       "東京都",   "東京都港区",          "a@b.jp",           "昭和45年3月2日",
       "S45.3.2",  "090-1234-5678",       "1970/3/2",         "ハイツ京都201号室",
       "平成元年", "12345678901234567890"});
  std::mt19937 random(6);
  size_t found = 0;
  const auto check = [&](const std::string& text) {
    const TwoPaths::Described described = paths.Scan({{text, 6}});  // 住所
    ASSERT_EQ(described.fast, described.general) << text;
    found += described.fast_count;
  };
  for (std::string_view prefecture : kPrefectures) {
    for (std::string_view municipality : kMunicipalities) {
      for (std::string_view tail : kTails) {
        check(std::string(prefecture) + std::string(municipality) + std::string(tail));
      }
    }
  }
  // Long cells: a postal code (which the passes read) or a shorter run of digits starting at
  // every byte offset up to 150, so that some cross the 64-byte blocks the cell is read in.
  constexpr auto kNumbers =
      std::to_array<std::string_view>({"1234567", "123-4567", "123", "12-34"});
  for (size_t offset = 0; offset < 150; ++offset) {
    for (std::string_view number : kNumbers) {
      std::string text(kPrefectures[offset % 47]);
      text += kMunicipalities[offset % 4];
      while (text.size() + 3 <= offset) text += "町";
      while (text.size() < offset) text += " ";
      text += number;
      while (text.size() < 200) text += random() % 2 == 0 ? "町" : "-";
      check(text);
    }
  }
  EXPECT_GT(found, 2000u);
}

TEST(FastPath, RandomCellsFindSomething) {
  // Guards the test above against fragments that never produce a finding.
  const DetectorSet& set = testing::Detectors();
  const PartEvidence part = set.BeginPart(kHeaders, /*tabular=*/true);
  auto scratch = set.NewScratch();
  std::mt19937 random(4);
  size_t found = 0;
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::string> texts;
    for (size_t c = 0; c < kHeaders.size(); ++c) texts.push_back(RandomCell(random));
    std::vector<CellText> cells;
    for (size_t c = 0; c < texts.size(); ++c) cells.push_back({texts[c], static_cast<uint32_t>(c)});
    std::vector<Finding> out;
    set.Scan(part, cells, "", *scratch, out);
    found += out.size();
  }
  EXPECT_GT(found, 500u);
}

}  // namespace
}  // namespace mamori::detect
