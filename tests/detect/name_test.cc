#include <random>
#include <string>
#include <utility>
#include <vector>

#include "detect_test_util.h"

namespace mamori::detect {
namespace {

using testing::Has;
using testing::Only;
using testing::ScanCell;
using testing::ScanRow;
using testing::ScanText;

std::vector<Finding> Names(const std::vector<Finding>& findings) {
  return Only(findings, Item::kName);
}

// Each line of running text gives one name, a dictionary candidate, of the value given.
void ExpectOneCandidateName(const std::vector<std::pair<std::string, std::string>>& lines) {
  for (const auto& [line, name] : lines) {
    const auto found = Names(ScanText(line));
    ASSERT_EQ(found.size(), 1u) << line;
    EXPECT_EQ(found[0].value, name) << line;
    EXPECT_TRUE(found[0].candidate()) << line;
  }
}

TEST(NameDetector, HeaderColumnAcceptsAnyPlausibleName) {
  for (const char* text : {"鬼塚 権兵衛", "ヤマダ タロウ", "やまだ たろう", "Taro Yamada",
                           "山田　太郎", "髙橋 一郎", "山﨑 花子"}) {
    const auto found = Names(ScanCell("氏名", text));
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].confidence, Confidence::kHigh);
    EXPECT_EQ(found[0].basis, Basis::kHeader);
  }
}

// Kana names take a path of their own: every kana is a letter, ・ joins, and anything else in
// the kana block (the ideographic space aside) or a digit still rules the cell out.
TEST(NameDetector, KanaNamesUnderAHeader) {
  for (const char* text :
       {"ヤマダ・タロウ", "ヴァン・ダイク", "ゝゞヽヾ", "やまだ　はなこ", "サトウー"}) {
    const auto found = Names(ScanCell("フリガナ", text));
    ASSERT_EQ(found.size(), 1u) << text;
  }
  EXPECT_EQ(Names(ScanCell("フリガナ", "やまだ　はなこ"))[0].value, "やまだ はなこ");
  for (const char* text : {"ヤマダ3", "ヤマダ〒", "ヤマダ「タロウ」", "ヤマダ゠タロウ"}) {
    EXPECT_TRUE(Names(ScanCell("フリガナ", text)).empty()) << text;
  }
}

// nwind.mdb: Latin names under LastName/FirstName headers, accents included.
TEST(NameDetector, LatinNamesUnderEnglishHeaders) {
  for (const auto& [header, text] :
       std::vector<std::pair<std::string, std::string>>{{"LastName", "Davolio"},
                                                        {"FirstName", "Nancy"},
                                                        {"FullName", "Maria Anders"},
                                                        {"FullName", "Frédérique Citeaux"},
                                                        {"LastName", "Müller"},
                                                        {"LastName", "Björn"},
                                                        {"FullName", "Guillermo Fernández"},
                                                        {"FullName", "Zbyszek Piestrzeniewicz"},
                                                        {"FullName", "Nguyễn Văn An"}}) {
    const auto found = Names(ScanCell(header, text));
    ASSERT_EQ(found.size(), 1u) << header << ": " << text;
    EXPECT_EQ(found[0].confidence, Confidence::kHigh);
    EXPECT_EQ(found[0].basis, Basis::kHeader);
  }
  // Not names even there: numbers, symbols, × and ÷ (Latin-1 signs, not letters).
  for (const char* text : {"555-9857", "Smith × Jones", "Smith ÷ Jones", "n/a", "N/A"}) {
    EXPECT_TRUE(Names(ScanCell("FullName", text)).empty()) << text;
  }
  const auto employee = Names(ScanRow({"EmployeeID", "LastName", "FirstName", "BirthDate"},
                                      {"1", "Davolio", "Nancy", "1948-12-08"}));
  ASSERT_EQ(employee.size(), 2u);
  EXPECT_EQ(employee[0].value, "Davolio");
  EXPECT_EQ(employee[1].value, "Nancy");
}

// A Northwind Customers/Orders/Products row: the company, its contact person (the record is
// the company's), the product, the consignee and the category are never names.
TEST(NameDetector, NorthwindCompanyRecordsHoldNoNames) {
  const std::vector<std::string> headers = {"CompanyName", "ContactName", "ProductName", "ShipName",
                                            "CategoryName"};
  EXPECT_TRUE(Names(ScanRow(headers, {"Alfreds Futterkiste", "Maria Anders", "Chai",
                                      "Vins et alcools Chevalier", "Beverages"}))
                  .empty());
}

TEST(NameDetector, HeaderVariantsMapToName) {
  for (const char* header :
       {"氏名", "名前", "氏名カナ", "フリガナ", "カナ氏名", "Name", "姓", "名", "契約者名"}) {
    EXPECT_TRUE(Has(ScanCell(header, "山田"), Item::kName)) << header;
  }
}

TEST(NameDetector, HeaderColumnRejectsNonNames) {
  for (const char* text :
       {"", "不明", "12345", "yamada@example.jp", "株式会社アオバ", "-", "なし",
        "山田太郎山田太郎山田太郎山田太郎山田太郎山田太郎山田太郎山田太郎", "有限会社やまだ",
        "医療法人山田", "農業協同組合", "山田事務所", "アオバ協会", "(株)山田"}) {
    EXPECT_TRUE(Names(ScanCell("氏名", text)).empty()) << text;
  }
}

// Placeholders are looked up among those of the cell's byte length: each is rejected, and a
// name of the same length (山田 / 不明, 佐々木 / 未記入, 山田花子 / 該当なし) is not.
TEST(NameDetector, HeaderColumnRejectsEveryPlaceholderButNotANameOfItsLength) {
  for (const char* text :
       {"不明", "なし", "無し", "未定",     "未記入", "未入力", "該当なし", "空欄",
        "null", "NULL", "Null", "N/A",      "n/a",    "NA",     "none",     "None",
        "同上", "氏名", "名前", "フリガナ", "name",   "Name",   "NAME",     "-",
        "--",   "ー",   "*",    "***",      "?",      "済",     "削除"}) {
    EXPECT_TRUE(Names(ScanCell("氏名", text)).empty()) << text;
  }
  for (const char* text : {"山田", "佐々木", "山田花子", "Ann", "Anna", "Ai", "畑", "ヤマダ"}) {
    EXPECT_EQ(Names(ScanCell("氏名", text)).size(), 1u) << text;
  }
}

TEST(NameDetector, CanonicalValueFoldsSpaces) {
  const auto found = Names(ScanCell("氏名", " 山田 　 太郎 "));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].value, "山田 太郎");
}

// A name column's value is the cell with its spaces folded (ASCII, tab and ideographic, runs
// to one, none at the ends), whether or not the cell needed folding.
TEST(NameDetector, ValueIsTheCellWithSpacesFoldedForEverySpacing) {
  const std::vector<std::string> parts = {"山田", "太郎", "ヤマダ", "たろう", "Ann", "O'Neil"};
  const std::vector<std::string> spaces = {"", " ", "  ", "\t", "\u3000", " \u3000"};
  std::mt19937 generator(82);
  for (int round = 0; round < 2000; ++round) {
    std::string cell = spaces[generator() % spaces.size()];
    std::string expected;
    const size_t words = 1 + generator() % 3;
    for (size_t w = 0; w < words; ++w) {
      const std::string& word = parts[generator() % parts.size()];
      cell += word;
      if (!expected.empty()) expected += ' ';
      expected += word;
      const std::string& gap = spaces[1 + generator() % (spaces.size() - 1)];
      if (w + 1 < words) cell += gap;
    }
    cell += spaces[generator() % spaces.size()];
    const auto found = Names(ScanCell("氏名", cell));
    ASSERT_EQ(found.size(), 1u) << cell;
    EXPECT_EQ(found[0].value, expected) << cell;
  }
}

TEST(NameDetector, DictionaryNameInHeaderlessColumnIsLow) {
  for (const char* text : {"山田 太郎", "山田太郎", "ヤマダ タロウ", "ヤマダタロウ",
                           "佐々木 美智子", "髙橋 健一", "山﨑 花子", "鈴木トメ", "林 太郎"}) {
    const auto found = Names(ScanRow({}, {text}));
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].confidence, Confidence::kLow) << text;
    EXPECT_EQ(found[0].basis, Basis::kDictionary) << text;
  }
}

// Findings of Basis::kDictionary: the ones that vote for a headerless column to hold names.
std::vector<Finding> DictionaryNames(const std::vector<Finding>& findings) {
  std::vector<Finding> names;
  for (const Finding& f : Names(findings)) {
    if (f.basis == Basis::kDictionary) names.push_back(f);
  }
  return names;
}

TEST(NameDetector, HeaderlessNonNamesAreNothing) {
  for (const char* text :
       {"株式会社アオバ", "山田商店", "田中工業", "中野区", "東京都", "コピー用紙A4",
        "山田太郎山田太郎", "有限会社山田", "不明", "A", "済", "山田 太郎 花子", "2015年4月1日"}) {
    EXPECT_TRUE(Names(ScanRow({}, {text})).empty()) << text;
  }
  // A surname alone, or kanji and kana that have a name's shape: no vote for a name column.
  for (const char* text : {"山田", "ボールペン黒"}) {
    EXPECT_TRUE(DictionaryNames(ScanRow({}, {text})).empty()) << text;
  }
}

// A name whose surname the dictionary lacks is a candidate by its shape, spaced or not, in
// kanji or kana: it counts once its column is shown to hold names (record/tally.h).
TEST(NameDetector, HeaderlessNameOutsideTheDictionaryIsACandidateByShape) {
  for (const char* text :
       {"勅使河原 三郎", "小鳥遊ひなた", "一青 窈", "チョクシガワラ サブロウ", "五百旗頭真"}) {
    const auto found = Names(ScanRow({}, {text}));
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_TRUE(found[0].candidate()) << text;
    EXPECT_EQ(found[0].basis, Basis::kPattern) << text;
  }
  const auto dictionary = Names(ScanRow({}, {"山田 太郎"}));
  ASSERT_EQ(dictionary.size(), 1u);
  EXPECT_EQ(dictionary[0].basis, Basis::kDictionary);
}

TEST(NameDetector, UnrelatedHeaderIsNotName) {
  EXPECT_FALSE(Has(ScanCell("会社名", "株式会社アオバ"), Item::kName));
  EXPECT_FALSE(Has(ScanCell("商品名", "ボールペン"), Item::kName));
}

// A header row is the evidence of a table: a column whose header names nothing personal
// (担当者, 備考) is not read as names, since a dictionary match there could only be a candidate
// and the tally never counts candidates in a table with headers (record/tally.h).
TEST(NameDetector, DictionaryNameUnderUnrelatedHeaderIsNothing) {
  for (const char* header : {"担当者", "備考", "部署", ""}) {
    const std::vector<std::string> headers = {"基礎年金番号", header};
    EXPECT_TRUE(Names(ScanRow(headers, {"1234-567890", "山田 太郎"})).empty()) << header;
  }
  EXPECT_EQ(Names(ScanRow({}, {"1234-567890", "山田 太郎"})).size(), 1u);  // no header row
  EXPECT_EQ(Names(ScanRow({"基礎年金番号", "備考"},
                          {"1234-567890", "氏名: 山田 太郎 様 本人より電話あり"}))
                .size(),
            1u);  // a labelled name in running text is not a candidate
}

TEST(NameDetector, DictionaryNameInTextIsLow) {
  const auto found = Names(ScanText("担当: 山田太郎さんに連絡する"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].candidate());
  EXPECT_EQ(found[0].value, "山田太郎");
}

TEST(NameDetector, KatakanaNameInTextNeedsSpace) {
  EXPECT_TRUE(Has(ScanText("ヤマダ タロウ 様"), Item::kName));
  EXPECT_FALSE(Has(ScanText("サトウキビの収穫"), Item::kName));
}

// Kana given names after a kanji surname, found with @faker-js/faker's ja names (a list written
// apart from mamori's): about one in twelve of its names was missed when only katakana after a
// space counted. Kana must end where a name ends (an honorific, a parenthesis, a space).
TEST(NameDetector, KanaGivenNameAfterKanjiSurnameInText) {
  ExpectOneCandidateName({{"坂田さくら様より電話あり", "坂田さくら"},
                          {"長島キヨ様より電話あり", "長島キヨ"},
                          {"お客様 大島めぐみ(090-2142-9283)", "大島めぐみ"},
                          {"鈴木 さくら 生年月日 1970/3/2", "鈴木 さくら"},
                          {"坂田さくらさん 来所", "坂田さくら"},
                          {"長島キヨさんより", "長島キヨ"},
                          {"907. 小田よし子 (1917年4月10日生まれ)", "小田よし子"},
                          {"小田よし子さんより", "小田よし子"},
                          {"担当 山田ハル", "山田ハル"}});
}

// Kana after a surname is more often the sentence going on, or a business.
TEST(NameDetector, KanaAfterASurnameThatIsNoGivenName) {
  for (const char* line :
       {"山田さんは来た", "山田さん 来所", "田中から連絡", "鈴木です。", "佐藤がやる。",
        "山田はいない", "山田ビル 3F", "田中ホテル(本館)", "鈴木ハイツ 201", "山田さくらんぼ農園",
        "中村ちゃん様", "年金に関する(お知らせ)"}) {
    EXPECT_TRUE(Names(ScanText(line)).empty()) << line;
  }
}

// Old forms of a dictionary surname's characters are the same surname (奧田, 嶋田).
TEST(NameDetector, OldFormsOfSurnameCharacters) {
  for (const char* line : {"奧田 真由美 様", "嶋田 孝子 様", "島田 孝子 様", "髙橋 一郎 様"}) {
    EXPECT_EQ(Names(ScanText(line)).size(), 1u) << line;
  }
}

// A dictionary surname that begins a word of running text (中間 of 中間的, 中間状態, 中間点 in
// manpages-ja) is no name: 的, 状, 態 and 点 end a given name, and so does 電 (関 電話).
TEST(NameDetector, SurnameThatBeginsAWordIsNothing) {
  for (const char* line : {"関 電話 03-1234-5678", "根本的な解決", "中間的な値 電話 03-1234-5678",
                           "中間状態 電話 03-1234-5678", "中間点 電話 03-1234-5678"}) {
    EXPECT_TRUE(Names(ScanText(line)).empty()) << line;
  }
}

// A one-kanji surname joined to its given name (林紗希, 辻香織様): a third of the names the
// labelled corpus's text files missed. The given name ends in a kanji that closes names, or is
// kana that ends as a name, and then the name ends (an honorific, a space, a parenthesis).
TEST(NameDetector, GivenNameJoinedToAOneKanjiSurname) {
  ExpectOneCandidateName({{"46. 林紗希 生年月日:1982/11/5", "林紗希"},
                          {"辻香織様より電話あり(連絡先 075-406-5874)", "辻香織"},
                          {"関久美子様より電話あり", "関久美子"},
                          {"東加奈子 生年月日 1994年7月11日", "東加奈子"},
                          {"辻典子 (1948年9月17日生)", "辻典子"},
                          {"原蓮、基礎年金番号 1234-567890", "原蓮"},
                          {"原優太さんより", "原優太"},
                          {"原トメ様より電話あり", "原トメ"},
                          {"林さくら様", "林さくら"},
                          {"堀みどり 基礎年金番号 7342502095", "堀みどり"},
                          {"翻訳: 森浩二", "森浩二"},
                          {"213. 東七海 基礎年金番号 3637860369", "東七海"},
                          {"原真理様より", "原真理"},
                          {"岡茜様より電話あり", "岡茜"},
                          {"お客様 谷菜摘(0266-74-9657)", "谷菜摘"},
                          {"160. 辻守 (H5.11.8生まれ)", "辻守"},
                          {"105. 東千尋 生年月日 1939/7/23", "東千尋"},
                          {"496. 辻泉 (1981年1月28日生)", "辻泉"},
                          {"573. 林敦 (1937/1/22生まれ)", "林敦"}});
}

// Those surnames begin many words: a word that does not end as a given name ends, a name
// that does not begin a word, a company before 様, a kana word that is no name.
TEST(NameDetector, WordsThatBeginWithAOneKanjiSurnameAreNotNames) {
  for (const char* line : {"原因 電話 03-1234-5678",
                           "関数 電話 03-1234-5678",
                           "東京 電話 03-1234-5678",
                           "原則として",
                           "森林 電話 03-1234-5678",
                           "東海 電話 03-1234-5678",
                           "JR西日本様",
                           "東芝様より",
                           "森永様より",
                           "この原子 電話 03-1234-5678",
                           "原っぱ 電話 03-1234-5678",
                           "東ヶ丘 電話 03-1234-5678",
                           "南あたりで",
                           "林業様",
                           "東成区 電話 03-1234-5678",
                           "関東一円 電話 03-1234-5678",
                           "西日本 電話 03-1234-5678",
                           "林様より電話あり",
                           "原理 電話 03-1234-5678",
                           "西東京 電話 03-1234-5678",
                           "東中野 電話 03-1234-5678"}) {
    EXPECT_TRUE(Names(ScanText(line)).empty()) << line;
  }
}

// 様 and 殿 close a name inside a longer run too: the addressee forms 様宛, 様方 (care of) and
// 様分, where the run of kanji goes on past the honorific.
TEST(NameDetector, HonorificInsideARunOfKanjiClosesTheName) {
  ExpectOneCandidateName({{"山田由美子様宛 電話 03-1234-5678", "山田由美子"},
                          {"原由美子様宛", "原由美子"},
                          {"鈴木太郎様方 電話 03-1234-5678", "鈴木太郎"},
                          {"佐藤花子殿宛 電話 03-1234-5678", "佐藤花子"},
                          {"高橋一郎様分 電話 03-1234-5678", "高橋一郎"},
                          {"林紗希様宛", "林紗希"},
                          {"山田一様 電話 03-1234-5678", "山田一"},
                          {"山田太郎氏 電話 03-1234-5678", "山田太郎"}});
}

// A word ending in 様 after a surname (同様, 模様, 仕様, 皆様) is that word, not a one-kanji
// given name and an honorific.
TEST(NameDetector, WordsEndingInSamaAfterASurnameAreNotNames) {
  for (const char* line : {"村田同様に対応する 電話 03-1234-5678", "前回の村田同様、03-1234-5678",
                           "山田模様 電話 03-1234-5678", "鈴木仕様書 電話 03-1234-5678",
                           "田中皆様へ 電話 03-1234-5678", "田中奥様 電話 03-1234-5678",
                           "山田様宛 電話 03-1234-5678"}) {
    EXPECT_TRUE(Names(ScanText(line)).empty()) << line;
  }
}

TEST(NameDetector, PlacesAndCompaniesInTextAreNotNames) {
  EXPECT_FALSE(Has(ScanText("東京都中野区中央1-2-3"), Item::kName));
  EXPECT_FALSE(Has(ScanText("株式会社山田商店にて"), Item::kName));
  EXPECT_FALSE(Has(ScanText("千葉県の天気"), Item::kName));
}

TEST(NameDetector, LabelledNameInTextIsMedium) {
  const auto found = Names(ScanText("氏名: 鬼塚 権兵衛"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].confidence, Confidence::kMedium);
  EXPECT_EQ(found[0].basis, Basis::kKeyword);
}

// A tab- or colon-separated header row in running text, as Debian's Japanese manual pages
// have (manpages-ja: fd.4, mkisofs.8, papd.8, socket.2): 名前 is a column's header, the word
// after it the next one's.
TEST(NameDetector, LabelInATabbedHeaderRowIsNothing) {
  for (const char* line : {"名前\t容量\tシリンダー\tセクター", "オフセット\t名前\tサイズ\t意味",
                           "名前\tタイプ\tデフォルト\t説明", "名前:目的:マニュアル"}) {
    EXPECT_TRUE(Names(ScanText(line)).empty()) << line;
  }
  EXPECT_EQ(Names(ScanText("氏名\t鬼塚 権兵衛")).size(), 1u);  // a label and its value
  EXPECT_EQ(Names(ScanText("氏名:鬼塚 権兵衛 様")).size(), 1u);
}

// So is a spaced header row: the word after 氏名 is the next column's header.
TEST(NameDetector, LabelBeforeAnotherColumnHeaderIsNothing) {
  for (const char* line : {"No. 氏名 フリガナ 生年月日 住所", "氏名 電話 備考", "名前 性別 年齢",
                           "氏名 メールアドレス", "氏名 連絡先"}) {
    EXPECT_TRUE(Names(ScanText(line)).empty()) << line;
  }
  EXPECT_EQ(Names(ScanText("氏名 ヤマダ カナ")).size(), 1u);
}

TEST(NameDetector, LabelAtTheEndOfTheTextIsNothing) {
  // Found by fuzz/detect_fuzz.cc: a label followed only by a separator read past the cell.
  EXPECT_TRUE(ScanText("氏名:").empty());
  EXPECT_TRUE(ScanText("氏名: ").empty());
}

}  // namespace
}  // namespace mamori::detect
