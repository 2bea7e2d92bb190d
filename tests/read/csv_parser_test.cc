#include "read/csv/csv_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace mamori::read::csv {
namespace {

struct ParsedRow {
  uint64_t number;
  std::vector<std::string> fields;
  bool truncated;
};

class Collect final : public RowHandler {
 public:
  explicit Collect(size_t stop_after = SIZE_MAX) : stop_after_(stop_after) {}
  bool OnRow(const Row& row) override {
    rows.push_back({row.number, {row.fields.begin(), row.fields.end()}, row.truncated});
    return rows.size() < stop_after_;
  }
  std::vector<ParsedRow> rows;

 private:
  size_t stop_after_;
};

std::vector<ParsedRow> ParseAll(std::string_view text, Dialect dialect = {},
                                size_t max_record_bytes = 1 << 20) {
  Parser parser(dialect, max_record_bytes);
  Collect collect;
  const Parser::Progress progress = parser.Parse(text, /*at_end=*/true, collect);
  EXPECT_EQ(progress.consumed, text.size());
  return collect.rows;
}

// Feeds `text` the way the reader does, `step` bytes at a time: the unconsumed tail is kept
// and more text appended.
std::vector<ParsedRow> ParseInSteps(std::string_view text, size_t step, Dialect dialect = {},
                                    size_t max_record_bytes = 1 << 20) {
  Parser parser(dialect, max_record_bytes);
  Collect collect;
  std::string buffer;
  for (size_t i = 0; i < text.size(); i += step) {
    buffer.append(text.substr(i, step));
    const Parser::Progress progress = parser.Parse(buffer, false, collect);
    buffer.erase(0, progress.consumed);
  }
  parser.Parse(buffer, true, collect);
  return collect.rows;
}

std::vector<std::string> Fields(std::initializer_list<const char*> fields) {
  return {fields.begin(), fields.end()};
}

// ---- parser -------------------------------------------------------------------------

TEST(CsvParser, SplitsRecordsIntoFields) {
  const auto rows = ParseAll("a,b,c\n1,2,3\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, Fields({"a", "b", "c"}));
  EXPECT_EQ(rows[1].fields, Fields({"1", "2", "3"}));
  EXPECT_EQ(rows[0].number, 1u);
  EXPECT_EQ(rows[1].number, 2u);
}

TEST(CsvParser, QuotedFieldKeepsDelimiter) {
  const auto rows = ParseAll("\"山田, 太郎\",東京\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, Fields({"山田, 太郎", "東京"}));
}

TEST(CsvParser, DoubledQuoteIsOneQuote) {
  const auto rows = ParseAll("\"say \"\"hello\"\"\",x\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, Fields({"say \"hello\"", "x"}));
}

TEST(CsvParser, QuotedFieldKeepsNewline) {
  const auto rows = ParseAll("name,address\n山田,\"東京都\n千代田区\"\n佐藤,大阪\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].fields, Fields({"山田", "東京都\n千代田区"}));
  EXPECT_EQ(rows[2].number, 3u);
}

TEST(CsvParser, CrLfAndLoneCrEndRecords) {
  const auto rows = ParseAll("a,b\r\nc,d\re,f\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields, Fields({"a", "b"}));
  EXPECT_EQ(rows[1].fields, Fields({"c", "d"}));
  EXPECT_EQ(rows[2].fields, Fields({"e", "f"}));
}

TEST(CsvParser, CrLfSplitAcrossCallsIsOneLineBreak) {
  Parser parser(Dialect{}, 1 << 20);
  Collect collect;
  EXPECT_EQ(parser.Parse("a,b\r", false, collect).consumed, 4u);
  EXPECT_EQ(parser.Parse("\nc,d\n", true, collect).consumed, 5u);
  ASSERT_EQ(collect.rows.size(), 2u);
  EXPECT_EQ(collect.rows[1].number, 2u);
}

TEST(CsvParser, RaggedRowsAreKept) {
  const auto rows = ParseAll("a,b,c\n1\n1,2,3,4\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].fields.size(), 1u);
  EXPECT_EQ(rows[2].fields.size(), 4u);
}

TEST(CsvParser, TrailingDelimiterGivesAnEmptyField) {
  const auto rows = ParseAll("a,b,\nc,d,");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, Fields({"a", "b", ""}));
  EXPECT_EQ(rows[1].fields, Fields({"c", "d", ""}));
}

TEST(CsvParser, BlankLinesAreCountedButNotHandedOver) {
  const auto rows = ParseAll("a\n\n\r\nb\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].number, 4u);
}

TEST(CsvParser, LastRecordWithoutNewline) {
  const auto rows = ParseAll("a,b\nc,d");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].fields, Fields({"c", "d"}));
}

TEST(CsvParser, IncompleteRecordIsLeftForTheNextCall) {
  Parser parser(Dialect{}, 1 << 20);
  Collect collect;
  const Parser::Progress progress = parser.Parse("a,b\nc,\"d", false, collect);
  EXPECT_EQ(progress.consumed, 4u);
  EXPECT_EQ(collect.rows.size(), 1u);
}

TEST(CsvParser, AnySplitOfTheInputGivesTheSameRecords) {
  const std::string text =
      "氏名,住所,備考\r\n"
      "\"山田 太郎\",\"東京都\r\n千代田区\",\"He said \"\"hi\"\"\"\r\n"
      "佐藤,大阪,\"\"\r\n"
      "\r\n"
      "鈴木,\"名古屋\"市,x\r"
      "last,row,\"unterminated";
  const auto expected = ParseAll(text);
  ASSERT_EQ(expected.size(), 5u);
  for (const size_t step : {1u, 2u, 3u, 5u, 7u, 64u}) {
    const auto rows = ParseInSteps(text, step);
    ASSERT_EQ(rows.size(), expected.size()) << step;
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].fields, expected[i].fields) << "step " << step << " row " << i;
      EXPECT_EQ(rows[i].number, expected[i].number) << "step " << step << " row " << i;
    }
  }
}

// Random text of fields long and short (so field ends fall anywhere in and across the
// parser's 64-byte blocks), without quotes: the fields are what a plain split at the
// delimiter and at CR, LF or CRLF gives, blank lines left out.
TEST(CsvParser, RandomUnquotedTextSplitsLikeAPlainSplit) {
  std::mt19937 random(3);
  const std::string pieces[] = {"a", "1234-567890", "山田", std::string(70, 'x'),
                                ",", "\n",          "\r",   "\r\n"};
  for (int round = 0; round < 200; ++round) {
    std::string text;
    const int count = static_cast<int>(random() % 60);
    for (int i = 0; i < count; ++i) text += pieces[random() % std::size(pieces)];
    std::vector<std::vector<std::string>> expected;
    std::vector<std::string> record(1);
    for (size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c == ',') {
        record.emplace_back();
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        if (!(record.size() == 1 && record[0].empty())) expected.push_back(record);
        record.assign(1, std::string());
      } else {
        record.back() += c;
      }
    }
    if (!(record.size() == 1 && record[0].empty())) expected.push_back(record);
    const auto rows = ParseAll(text);
    ASSERT_EQ(rows.size(), expected.size()) << "round " << round;
    for (size_t i = 0; i < rows.size(); ++i) {
      ASSERT_EQ(rows[i].fields, expected[i]) << "round " << round << " row " << i;
    }
  }
}

// Random text with quotes, doubled quotes, embedded line breaks and records longer than the
// limit: parsed whole and in steps shorter and longer than a block, the same records.
TEST(CsvParser, RandomQuotedTextParsesTheSameInAnySteps) {
  std::mt19937 random(4);
  const std::string pieces[] = {"a",  "bc",   "\"", "\"\"", ",",
                                "\n", "\r\n", "\r", "山",   std::string(40, 'y')};
  for (int round = 0; round < 200; ++round) {
    std::string text;
    const int count = static_cast<int>(random() % 80);
    for (int i = 0; i < count; ++i) text += pieces[random() % std::size(pieces)];
    const auto expected = ParseAll(text, Dialect{}, 90);
    for (const size_t step : {1u, 7u, 63u, 64u, 65u, 200u}) {
      const auto rows = ParseInSteps(text, step, Dialect{}, 90);
      ASSERT_EQ(rows.size(), expected.size()) << "round " << round << " step " << step;
      for (size_t i = 0; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].fields, expected[i].fields) << "round " << round << " step " << step;
        ASSERT_EQ(rows[i].number, expected[i].number);
        ASSERT_EQ(rows[i].truncated, expected[i].truncated);
      }
    }
  }
}

// The parser's rules written as the simplest state machine, a character at a time: the
// reference for the test below.
std::vector<std::vector<std::string>> ReferenceParse(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record(1);
  const auto end_record = [&] {
    if (!(record.size() == 1 && record[0].empty())) records.push_back(record);
    record.assign(1, std::string());
  };
  size_t i = 0;
  bool field_start = true;
  while (i < text.size()) {
    const char c = text[i];
    if (field_start && c == '"') {
      ++i;
      for (;;) {  // inside quotes; an unterminated quote runs to the end
        if (i >= text.size()) break;
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            record.back() += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        record.back() += text[i++];
      }
      field_start = false;
      continue;
    }
    field_start = false;
    if (c == ',') {
      record.emplace_back();
      field_start = true;
      ++i;
    } else if (c == '\n' || c == '\r') {
      i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? size_t{2} : size_t{1};
      end_record();
      field_start = true;
    } else {
      record.back() += c;  // text after a closing quote, a quote inside a field: data
      ++i;
    }
  }
  end_record();
  return records;
}

// Random records of plain fields, quoted fields with and without doubled quotes, embedded
// line breaks and text after a closing quote, parsed whole and in steps: the fields the
// reference state machine gives, whichever of the parser's two paths reads each record.
TEST(CsvParser, RandomQuotedTextParsesLikeTheReference) {
  std::mt19937 random(5);
  const std::string pieces[] = {
      "a",  "\"b\"", "\"c,d\"", "\"e\"\"f\"", "\"\"",     "\"",     ",",
      "\n", "\r\n",  "\r",      "山",         "\"x\ny\"", "\"g\"h", std::string(70, 'z')};
  for (int round = 0; round < 500; ++round) {
    std::string text;
    const int count = static_cast<int>(random() % 60);
    for (int i = 0; i < count; ++i) text += pieces[random() % std::size(pieces)];
    const auto expected = ReferenceParse(text);
    for (const size_t step : {size_t{1}, size_t{13}, size_t{64}, text.size() + 1}) {
      const auto rows = ParseInSteps(text, std::max<size_t>(step, 1));
      ASSERT_EQ(rows.size(), expected.size()) << "round " << round << " step " << step;
      for (size_t i = 0; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].fields, expected[i]) << "round " << round << " step " << step;
      }
    }
  }
}

TEST(CsvParser, UnterminatedQuoteRunsToTheEndOfTheFile) {
  const auto rows = ParseAll("a,\"b\nc");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, Fields({"a", "b\nc"}));
}

TEST(CsvParser, TextAfterClosingQuoteIsKept) {
  const auto rows = ParseAll("\"名古屋\"市,x\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, Fields({"名古屋市", "x"}));
}

TEST(CsvParser, QuoteInsideUnquotedFieldIsData) {
  const auto rows = ParseAll("5\" disk,x\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, Fields({"5\" disk", "x"}));
}

TEST(CsvParser, TooLongRecordIsCutAndParsingResumesAtTheNextLine) {
  const std::string text = "a,b\n" + std::string(100, 'x') + ",tail\nc,d\n";
  for (const size_t step : {1u, 7u, 1000u}) {
    const auto rows = ParseInSteps(text, step, Dialect{}, 32);
    ASSERT_EQ(rows.size(), 3u) << step;
    EXPECT_TRUE(rows[1].truncated);
    EXPECT_EQ(rows[1].fields, Fields({std::string(32, 'x').c_str()})) << step;
    EXPECT_EQ(rows[2].fields, Fields({"c", "d"})) << step;
    EXPECT_FALSE(rows[2].truncated);
  }
}

TEST(CsvParser, RunawayQuoteIsCutAtTheLimit) {
  std::string text = "a,\"never closed\n";
  for (int i = 0; i < 100; ++i) text += "line " + std::to_string(i) + "\n";
  Parser parser(Dialect{}, 64);
  Collect collect;
  std::string buffer;
  size_t most_buffered = 0;
  for (size_t i = 0; i < text.size(); i += 16) {
    buffer.append(std::string_view(text).substr(i, 16));
    buffer.erase(0, parser.Parse(buffer, false, collect).consumed);
    most_buffered = std::max(most_buffered, buffer.size());
  }
  parser.Parse(buffer, true, collect);
  EXPECT_LE(most_buffered, 64u + 16u);
  EXPECT_EQ(parser.truncated_records(), 1u);
  ASSERT_GT(collect.rows.size(), 50u);  // the lines after the cut are records again
  EXPECT_TRUE(collect.rows[0].truncated);
}

TEST(CsvParser, CutNeverSplitsACharacter) {
  const auto rows = ParseAll("あいうえおかきくけこ\n", Dialect{}, 16);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields[0], "あいうえお");  // 15 bytes, not 16
}

// Found by RandomQuotedTextParsesTheSameInAnySteps: when the text handed over ends exactly
// at the limit, the byte after the cut is not there to show that a character continues.
TEST(CsvParser, CutAtTheEndOfTheTextNeverSplitsACharacter) {
  for (const char* text : {"\"あいうえおかきくけこ\"\n", "あいうえおかきくけこ\n"}) {
    const auto rows = ParseInSteps(text, 1, Dialect{}, 17);
    ASSERT_FALSE(rows.empty()) << text;
    EXPECT_TRUE(rows[0].truncated);
    EXPECT_EQ(rows[0].fields[0], "あいうえお") << text;
  }
}

TEST(CsvParser, CutAfterAClosingQuoteNeverSplitsACharacter) {
  // Found by csv_reader_fuzz (corpus: crash-cut-after-closing-quote.csv).
  const auto rows = ParseAll("\"a\"あいうえおかきくけこ,x\n", Dialect{}, 16);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0].truncated);
  EXPECT_EQ(rows[0].fields[0], "aあいうえ");
}

TEST(CsvParser, HandlerCanStopTheParse) {
  Parser parser(Dialect{}, 1 << 20);
  Collect collect(/*stop_after=*/1);
  const Parser::Progress progress = parser.Parse("a\nb\nc\n", true, collect);
  EXPECT_TRUE(progress.stopped);
  EXPECT_EQ(collect.rows.size(), 1u);
}

TEST(CsvParser, TabDelimiter) {
  const auto rows = ParseAll("a\tb,c\n", Dialect{'\t', '"'});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, Fields({"a", "b,c"}));
}

TEST(CsvParser, PlainTextDialectGivesOneFieldPerLine) {
  const auto rows = ParseAll("a,\"b\"\r\nc\td\n", Dialect{'\0', '\0'});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, Fields({"a,\"b\""}));
  EXPECT_EQ(rows[1].fields, Fields({"c\td"}));
}

// ---- sniffing -----------------------------------------------------------------------

TEST(SniffDialect, CommaSeparated) {
  const auto sniffed = SniffDialect("a,b,c\n1,2,3\n4,5,6\n", true, Hint::kNone);
  ASSERT_TRUE(sniffed.has_value());
  EXPECT_EQ(sniffed->dialect.delimiter, ',');
  EXPECT_EQ(sniffed->columns, 3u);
}

TEST(SniffDialect, TabSeparatedWithCommasInFields) {
  const auto sniffed = SniffDialect("氏名\t住所\n山田\t東京都, 千代田区\n佐藤\t大阪, 北区, 梅田\n",
                                    true, Hint::kNone);
  ASSERT_TRUE(sniffed.has_value());
  EXPECT_EQ(sniffed->dialect.delimiter, '\t');
}

TEST(SniffDialect, SemicolonSeparated) {
  const auto sniffed = SniffDialect("a;b;c\n1,5;2;3\n4;5;6\n", true, Hint::kNone);
  ASSERT_TRUE(sniffed.has_value());
  EXPECT_EQ(sniffed->dialect.delimiter, ';');
}

TEST(SniffDialect, QuotedDelimitersDoNotCount) {
  const auto sniffed =
      SniffDialect("name,memo\n\"a\",\"x, y, z\"\n\"b\",\"p\"\n\"c\",\"q,r\"\n", true, Hint::kNone);
  ASSERT_TRUE(sniffed.has_value());
  EXPECT_EQ(sniffed->columns, 2u);
}

TEST(SniffDialect, ProseIsNotATable) {
  EXPECT_FALSE(
      SniffDialect("Dear Sir, thank you.\nWe met, talked, and left.\nBye\n", true, Hint::kNone)
          .has_value());
  EXPECT_FALSE(
      SniffDialect("本日は、晴れです。\n基礎年金番号は1234-567890です。\n", true, Hint::kNone)
          .has_value());
}

TEST(SniffDialect, CsvNameMakesASingleColumnATable) {
  EXPECT_FALSE(SniffDialect("氏名\n山田 太郎\n佐藤 花子\n", true, Hint::kNone).has_value());
  const auto sniffed = SniffDialect("氏名\n山田 太郎\n佐藤 花子\n", true, Hint::kCsv);
  ASSERT_TRUE(sniffed.has_value());
  EXPECT_EQ(sniffed->dialect.delimiter, ',');
}

TEST(SniffDialect, SingleQuotesWhenOnlyTheyOpenFields) {
  const auto sniffed = SniffDialect("'a','b, c'\n'd','e'\n", true, Hint::kNone);
  ASSERT_TRUE(sniffed.has_value());
  EXPECT_EQ(sniffed->dialect.quote, '\'');
}

TEST(SniffDialect, IncompleteLastRecordIsIgnored) {
  const auto sniffed = SniffDialect("a,b\n1,2\n3,4\n5,6,7,8,9", false, Hint::kNone);
  ASSERT_TRUE(sniffed.has_value());
  EXPECT_EQ(sniffed->columns, 2u);
}

TEST(HintFromPath, ExtensionsAreCaseInsensitive) {
  EXPECT_EQ(HintFromPath("/share/list.CSV"), Hint::kCsv);
  EXPECT_EQ(HintFromPath("a.tsv"), Hint::kTsv);
  EXPECT_EQ(HintFromPath("a.txt"), Hint::kNone);
  EXPECT_EQ(HintFromPath("archive.zip!/list.csv"), Hint::kCsv);
}

// ---- header detection ---------------------------------------------------------------

bool Header(std::vector<std::string> first, std::vector<std::vector<std::string>> following) {
  return IsHeaderRow(first, following);
}

TEST(IsHeaderRow, JapaneseColumnNames) {
  EXPECT_TRUE(Header({"基礎年金番号", "氏名", "生年月日", "住所"},
                     {{"1234-567890", "山田 太郎", "昭和45年3月2日", "東京都"}}));
  EXPECT_TRUE(Header({"フリガナ", "電話番号"}, {{"ヤマダ タロウ", "03-1234-5678"}}));
}

TEST(IsHeaderRow, AsciiColumnNamesInAnyCase) {
  EXPECT_TRUE(Header({"customer_id", "FullName", "BirthDate", "e-mail"},
                     {{"A12", "Taro Yamada", "1970-03-02", "t@example.jp"}}));
}

TEST(IsHeaderRow, DataFirstRowIsNotAHeader) {
  EXPECT_FALSE(Header({"山田 太郎", "1234567890", "1970/03/02"},
                      {{"佐藤 花子", "2345678901", "1965/01/15"}}));
  EXPECT_FALSE(Header({"Taro Yamada", "t.yamada@example.jp"}, {{"Hanako Sato", "h@example.jp"}}));
  EXPECT_FALSE(Header({"山田 太郎", "45", "男"}, {{"佐藤 花子", "38", "女"}}));
}

TEST(IsHeaderRow, NameListWithoutHeader) {
  EXPECT_FALSE(Header({"山田 太郎", "東京都千代田区"}, {{"佐藤 花子", "大阪府大阪市"}}));
  EXPECT_FALSE(Header({"Yamane Taro"}, {{"Sato Hanako"}}));
  EXPECT_FALSE(Header({"春日 太郎", "たかなし"}, {{"佐藤 花子", "さとう"}}));
}

TEST(IsHeaderRow, UnknownLabelsAboveValues) {
  EXPECT_TRUE(Header({"商品", "価格"}, {{"りんご", "120"}, {"みかん", "80"}}));
}

TEST(IsHeaderRow, LabelRepeatedBelowIsData) {
  EXPECT_FALSE(Header({"山田", "No"}, {{"佐藤", "Yes"}, {"鈴木", "No"}}));
}

TEST(IsHeaderRow, SingleRowOfLabels) {
  EXPECT_TRUE(Header({"氏名", "住所"}, {}));
  EXPECT_FALSE(Header({"山田 太郎", "東京都"}, {}));
}

TEST(IsHeaderRow, FewDigitsInALabelAreAllowed) {
  EXPECT_TRUE(Header({"氏名", "住所1", "住所2"}, {{"山田", "東京都", "千代田区1-2-3"}}));
}

}  // namespace
}  // namespace mamori::read::csv
