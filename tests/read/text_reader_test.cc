#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "encoding_test_support.h"
#include "read/decode/decoder.h"
#include "read/reader.h"
#include "read/text/text_format.h"

namespace mamori::read {
namespace {

using testing::EucJp;
using testing::ShiftJis;
using testing::Utf16Be;
using testing::Utf16Le;

constexpr std::string_view kList =
    "基礎年金番号,氏名,生年月日,住所\n"
    "1234-567890,山田 太郎,昭和45年3月2日,東京都千代田区霞が関1-2-3\n"
    "2345-678901,佐藤 花子,1965/01/15,大阪府大阪市北区梅田1-1-1\n"
    "3456-789012,鈴木 一郎,平成2年5月1日,北海道札幌市中央区北1条西2丁目\n";

struct SeenRecord {
  uint64_t index;
  std::vector<std::pair<uint32_t, std::string>> cells;
};

class CollectingSink final : public RecordSink {
 public:
  void OnInfo(const ReadInfo& info) override { infos.push_back(info); }
  void OnPartBegin(const Part& part) override {
    ++parts;
    tabular = part.tabular;
    headers.assign(part.headers.begin(), part.headers.end());
  }
  bool OnRecord(const Part& /*part*/, const Record& record) override {
    SeenRecord seen{record.index, {}};
    for (const Cell& cell : record.cells) seen.cells.emplace_back(cell.column, cell.text);
    records.push_back(std::move(seen));
    return records.size() < stop_after;
  }
  void OnPartEnd(const Part& /*part*/) override { ++parts_ended; }
  void OnWarning(const Error& warning) override { warnings.push_back(warning); }

  std::string CellText(size_t record, uint32_t column) const {
    for (const auto& [c, text] : records.at(record).cells) {
      if (c == column) return text;
    }
    return "<none>";
  }

  std::vector<ReadInfo> infos;
  int parts = 0;
  int parts_ended = 0;
  bool tabular = false;
  std::vector<std::string> headers;
  std::vector<SeenRecord> records;
  std::vector<Error> warnings;
  size_t stop_after = SIZE_MAX;
};

class FakeContext final : public ReadContext {
 public:
  const Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return timed_out; }
  Status ReadNested(Input& /*member*/, Protection /*protection*/) override {
    return MakeError(ErrorCode::kUnsupported, "no nesting in this test");
  }
  Status ChargeExpandedBytes(uint64_t /*bytes*/) override { return Ok(); }

  Limits limits_;
  bool timed_out = false;
};

// An Input that hands out at most `step` bytes per Read(), to cut chunks anywhere.
class TrickleInput final : public Input {
 public:
  TrickleInput(std::string path, ByteView bytes, size_t step)
      : memory_(std::move(path), bytes), step_(step) {}
  std::string_view path() const override { return memory_.path(); }
  Result<ByteView> head() override { return memory_.head(); }
  std::optional<uint64_t> size() const override { return memory_.size(); }
  Result<size_t> Read(std::span<char> buffer) override {
    return memory_.Read(buffer.subspan(0, std::min(buffer.size(), step_)));
  }

 private:
  MemoryInput memory_;
  size_t step_;
};

struct ReadResult {
  Status status;
  CollectingSink sink;
};

ReadResult ReadBytes(std::string_view path, ByteView bytes, FakeContext context = {}) {
  ReadResult result;
  MemoryInput input{std::string(path), bytes};
  const auto reader = TextFormat().make_reader();
  result.status = reader->Read(input, context, result.sink);
  return result;
}

// ---- sniffing -----------------------------------------------------------------------

TEST(SniffText, AcceptsTextInEverySupportedEncoding) {
  EXPECT_TRUE(SniffText("", "empty.txt"));
  EXPECT_TRUE(SniffText(kList, "a.csv"));
  EXPECT_TRUE(SniffText(ShiftJis(kList), "a.csv"));
  EXPECT_TRUE(SniffText(EucJp(kList), "a.csv"));
  EXPECT_TRUE(SniffText(Utf16Le(kList), "a.txt"));
  EXPECT_TRUE(SniffText("\xFE\xFF" + Utf16Be(kList), "a.txt"));
}

TEST(SniffText, RefusesBinaryFormats) {
  EXPECT_FALSE(SniffText(std::string("PK\x03\x04\x14\x00\x06\x00", 8), "a.xlsx"));
  EXPECT_FALSE(SniffText("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "a.xls"));
  EXPECT_FALSE(SniffText("%PDF-1.7\n%ascii only\n", "a.pdf"));
  EXPECT_FALSE(SniffText(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "a.png"));
  EXPECT_FALSE(SniffText("\x1F\x8B\x08\x00", "a.gz"));
  EXPECT_FALSE(SniffText("xx-lh5-", "a.lzh"));
  std::mt19937 generator(7);
  std::string random(4096, '\0');
  for (char& c : random) c = static_cast<char>(generator() & 0xFF);
  EXPECT_FALSE(SniffText(random, "random.bin"));
}

// ---- tables -------------------------------------------------------------------------

TEST(TextReader, CsvWithHeader) {
  const ReadResult result = ReadBytes("list.csv", kList);
  ASSERT_TRUE(result.status.has_value()) << result.status.error().message;
  const CollectingSink& sink = result.sink;
  ASSERT_EQ(sink.infos.size(), 1u);
  EXPECT_EQ(sink.infos[0].format, "csv");
  EXPECT_EQ(sink.infos[0].encoding, "utf-8");
  EXPECT_TRUE(sink.tabular);
  EXPECT_EQ(sink.headers, (std::vector<std::string>{"基礎年金番号", "氏名", "生年月日", "住所"}));
  ASSERT_EQ(sink.records.size(), 3u);
  EXPECT_EQ(sink.records[0].index, 2u);  // the header is row 1
  EXPECT_EQ(sink.CellText(0, 1), "山田 太郎");
  EXPECT_EQ(sink.CellText(2, 0), "3456-789012");
  EXPECT_EQ(sink.parts, 1);
  EXPECT_EQ(sink.parts_ended, 1);
  EXPECT_TRUE(sink.warnings.empty());
}

TEST(TextReader, EveryEncodingGivesTheSameRecords) {
  const ReadResult utf8 = ReadBytes("list.csv", kList);
  struct Case {
    std::string bytes;
    const char* encoding;
  };
  const std::vector<Case> cases = {
      {"\xEF\xBB\xBF" + std::string(kList), "utf-8-bom"},
      {ShiftJis(kList), "shift_jis"},
      {EucJp(kList), "euc-jp"},
      {"\xFF\xFE" + Utf16Le(kList), "utf-16le"},
      {"\xFE\xFF" + Utf16Be(kList), "utf-16be"},
      {Utf16Le(kList), "utf-16le"},
      {Utf16Be(kList), "utf-16be"},
      {testing::Iso2022Jp(kList), "iso-2022-jp"},
  };
  for (const Case& c : cases) {
    const ReadResult result = ReadBytes("list.csv", c.bytes);
    ASSERT_TRUE(result.status.has_value()) << c.encoding;
    ASSERT_EQ(result.sink.infos.size(), 1u) << c.encoding;
    EXPECT_EQ(result.sink.infos[0].encoding, c.encoding);
    EXPECT_EQ(result.sink.headers, utf8.sink.headers) << c.encoding;
    ASSERT_EQ(result.sink.records.size(), utf8.sink.records.size()) << c.encoding;
    for (size_t i = 0; i < utf8.sink.records.size(); ++i) {
      EXPECT_EQ(result.sink.records[i].cells, utf8.sink.records[i].cells) << c.encoding;
    }
    EXPECT_TRUE(result.sink.warnings.empty()) << c.encoding;
  }
}

TEST(TextReader, ExcelUnicodeTextIsTsv) {
  // Excel's "Unicode text": UTF-16LE with a BOM, tab-separated, CRLF, named .txt.
  std::string tsv;
  for (const char c : std::string(kList)) {
    if (c == ',') {
      tsv += '\t';
    } else if (c == '\n') {
      tsv += "\r\n";
    } else {
      tsv += c;
    }
  }
  const ReadResult result = ReadBytes("export.txt", "\xFF\xFE" + Utf16Le(tsv));
  ASSERT_TRUE(result.status.has_value());
  EXPECT_EQ(result.sink.infos[0].format, "tsv");
  EXPECT_EQ(result.sink.headers.size(), 4u);
  ASSERT_EQ(result.sink.records.size(), 3u);
  EXPECT_EQ(result.sink.CellText(0, 3), "東京都千代田区霞が関1-2-3");
}

TEST(TextReader, CsvWithoutHeaderStartsAtRowOne) {
  const ReadResult result =
      ReadBytes("list.csv", "山田 太郎,1234567890,1970/03/02\n佐藤 花子,2345678901,1965/01/15\n");
  ASSERT_TRUE(result.status.has_value());
  EXPECT_TRUE(result.sink.tabular);
  EXPECT_TRUE(result.sink.headers.empty());
  ASSERT_EQ(result.sink.records.size(), 2u);
  EXPECT_EQ(result.sink.records[0].index, 1u);
}

TEST(TextReader, CellsAreNormalisedAfterSplitting) {
  const ReadResult result = ReadBytes("list.csv",
                                      "氏名,電話,生年月日\n"
                                      "山田，太郎,０３ー１２３４ー５６７８,１９７０年３月２日\n"
                                      "ﾔﾏﾀﾞ ﾀﾛｳ,\"０９０，１２３４\",S45.3.2\n");
  ASSERT_TRUE(result.status.has_value());
  ASSERT_EQ(result.sink.records.size(), 2u);
  // The full-width comma is data: one field, then folded to ',' for matching.
  EXPECT_EQ(result.sink.records[0].cells.size(), 3u);
  EXPECT_EQ(result.sink.CellText(0, 0), "山田,太郎");
  EXPECT_EQ(result.sink.CellText(0, 1), "03-1234-5678");
  EXPECT_EQ(result.sink.CellText(0, 2), "1970年3月2日");
  EXPECT_EQ(result.sink.CellText(1, 0), "ヤマダ タロウ");
  EXPECT_EQ(result.sink.CellText(1, 1), "090,1234");
}

// Past the records held back for the header decision, a record's cells are checked for
// normal form in one pass over the whole record: every cell must still come out exactly as
// normalising it alone gives, whatever its neighbours (a digit before a cell opening with
// ー, an ideographic space in one cell of many).
TEST(TextReader, WholeRecordCheckGivesTheCellsNormalisedAlone) {
  const std::string pieces[] = {"1", "ー", "山田", "　", "ｶ", "a", "２", "-", "\"\"", ""};
  std::mt19937 random(5);
  std::string csv = "氏名,フリガナ,住所,備考\n";
  std::vector<std::vector<std::string>> fields;
  for (int row = 0; row < 400; ++row) {
    std::vector<std::string>& record = fields.emplace_back();
    for (int column = 0; column < 4; ++column) {
      std::string field;
      const int count = static_cast<int>(random() % 4);
      for (int i = 0; i < count; ++i) field += pieces[random() % std::size(pieces)];
      record.push_back(field);
      const bool quoted = field.find('"') != std::string::npos;
      csv += (column > 0 ? "," : "") + (quoted ? "\"" + field + "\"" : field);
    }
    csv += "\n";
  }
  const ReadResult result = ReadBytes("random.csv", csv);
  ASSERT_TRUE(result.status.has_value());
  ASSERT_EQ(result.sink.headers.size(), 4u);
  size_t seen = 0;
  for (size_t row = 0; row < fields.size(); ++row) {
    bool any = false;
    for (uint32_t column = 0; column < 4; ++column) {
      std::string field = fields[row][column];
      for (size_t at = field.find("\"\""); at != std::string::npos;
           at = field.find("\"\"", at + 1)) {
        field.erase(at, 1);  // the doubled quote, read as one
      }
      std::string scratch;
      const std::string expected(decode::Normalize(field, scratch));
      if (expected.empty()) continue;
      if (!any) ++seen;
      any = true;
      ASSERT_EQ(result.sink.CellText(seen - 1, column), expected) << "row " << row;
    }
  }
  EXPECT_EQ(result.sink.records.size(), seen);
}

TEST(TextReader, HeaderCellsAreNormalised) {
  const ReadResult result = ReadBytes("list.csv", "ＩＤ,ﾌﾘｶﾞﾅ\n１,ﾔﾏﾀﾞ\n");
  ASSERT_TRUE(result.status.has_value());
  EXPECT_EQ(result.sink.headers, (std::vector<std::string>{"ID", "フリガナ"}));
}

TEST(TextReader, EmptyCellsAreSkippedAndColumnsKept) {
  const ReadResult result = ReadBytes("list.csv", "氏名,備考,住所\n山田,,東京\n");
  ASSERT_TRUE(result.status.has_value());
  ASSERT_EQ(result.sink.records.size(), 1u);
  ASSERT_EQ(result.sink.records[0].cells.size(), 2u);
  EXPECT_EQ(result.sink.records[0].cells[1].first, 2u);
}

TEST(TextReader, QuotedNewlinesKeepOneRecordPerRow) {
  const ReadResult result =
      ReadBytes("list.csv", "氏名,住所\r\n山田,\"東京都\r\n千代田区\"\r\n佐藤,大阪\r\n");
  ASSERT_TRUE(result.status.has_value());
  ASSERT_EQ(result.sink.records.size(), 2u);
  EXPECT_EQ(result.sink.CellText(0, 1), "東京都\r\n千代田区");
  EXPECT_EQ(result.sink.records[1].index, 3u);
}

TEST(TextReader, AnyChunkingGivesTheSameRecords) {
  std::string csv = "氏名,住所,備考\r\n";
  for (int i = 0; i < 200; ++i) {
    csv += "山田 太郎" + std::to_string(i) + ",\"東京都\r\n千代田区" + std::to_string(i) +
           "\",\"メモ \"\"" + std::to_string(i) + "\"\"\"\r\n";
  }
  for (const std::string& bytes : {csv, ShiftJis(csv), Utf16Le(csv)}) {
    const ReadResult whole = ReadBytes("a.csv", bytes);
    ASSERT_TRUE(whole.status.has_value());
    ASSERT_EQ(whole.sink.records.size(), 200u);
    for (const size_t step : {1u, 3u, 4093u}) {
      TrickleInput input("a.csv", bytes, step);
      FakeContext context;
      CollectingSink sink;
      ASSERT_TRUE(TextFormat().make_reader()->Read(input, context, sink).has_value());
      ASSERT_EQ(sink.records.size(), whole.sink.records.size()) << step;
      for (size_t i = 0; i < sink.records.size(); ++i) {
        EXPECT_EQ(sink.records[i].cells, whole.sink.records[i].cells) << step << " " << i;
        EXPECT_EQ(sink.records[i].index, whole.sink.records[i].index) << step << " " << i;
      }
    }
  }
}

TEST(TextReader, LargeFileIsStreamed) {
  std::string csv = "id,name,birth\n";
  const size_t rows = 120000;  // about 4 MB: many chunks
  for (size_t i = 0; i < rows; ++i) {
    csv += std::to_string(i) + ",山田 太郎,1970-03-02\n";
  }
  const ReadResult result = ReadBytes("big.csv", csv);
  ASSERT_TRUE(result.status.has_value());
  ASSERT_EQ(result.sink.records.size(), rows);
  EXPECT_EQ(result.sink.records.back().index, rows + 1);
  EXPECT_EQ(result.sink.records.back().cells[0].second, std::to_string(rows - 1));
}

TEST(TextReader, TooLongRecordIsCutWithOneWarning) {
  FakeContext context;
  context.limits_.max_record_bytes = 64;
  const std::string csv = "氏名,住所\n" + std::string(300, 'x') + ",y\n山田,東京\n" +
                          std::string(300, 'z') + "\n佐藤,大阪\n";
  const ReadResult result = ReadBytes("a.csv", csv, context);
  ASSERT_TRUE(result.status.has_value());
  ASSERT_EQ(result.sink.records.size(), 4u);
  EXPECT_EQ(result.sink.CellText(0, 0), std::string(64, 'x'));
  EXPECT_EQ(result.sink.CellText(1, 0), "山田");
  EXPECT_EQ(result.sink.CellText(3, 0), "佐藤");
  ASSERT_EQ(result.sink.warnings.size(), 1u);
  EXPECT_EQ(result.sink.warnings[0].code, ErrorCode::kLimitExceeded);
}

// ---- plain text ---------------------------------------------------------------------

TEST(TextReader, PlainTextGivesOneRecordPerLine) {
  const ReadResult result =
      ReadBytes("memo.txt", "お客様各位\r\n\r\n基礎年金番号：１２３４－５６７８９０\r\n以上");
  ASSERT_TRUE(result.status.has_value());
  EXPECT_EQ(result.sink.infos[0].format, "text");
  EXPECT_FALSE(result.sink.tabular);
  EXPECT_TRUE(result.sink.headers.empty());
  ASSERT_EQ(result.sink.records.size(), 3u);
  EXPECT_EQ(result.sink.records[1].index, 3u);  // line numbers: the blank line counts
  EXPECT_EQ(result.sink.records[1].cells.size(), 1u);
  EXPECT_EQ(result.sink.CellText(1, 0), "基礎年金番号:1234-567890");
  EXPECT_EQ(result.sink.CellText(2, 0), "以上");
}

TEST(TextReader, CommasInProseDoNotMakeATable) {
  const ReadResult result =
      ReadBytes("notes.txt", "Dear Sir, thanks.\nWe met, talked, and left.\nBye\n");
  ASSERT_TRUE(result.status.has_value());
  EXPECT_EQ(result.sink.infos[0].format, "text");
  EXPECT_EQ(result.sink.CellText(1, 0), "We met, talked, and left.");
}

TEST(TextReader, EmptyFileIsReadWithoutRecords) {
  const ReadResult result = ReadBytes("empty.txt", "");
  ASSERT_TRUE(result.status.has_value());
  EXPECT_EQ(result.sink.infos.size(), 1u);
  EXPECT_TRUE(result.sink.records.empty());
}

TEST(TextReader, AsciiHeadReportsTheEncodingFoundLater) {
  std::string text;
  while (text.size() < 200 * 1024) text += "plain ascii line\n";
  text += ShiftJis("山田 太郎 1234-567890\n");
  const ReadResult result = ReadBytes("log.txt", text);
  ASSERT_TRUE(result.status.has_value());
  ASSERT_EQ(result.sink.infos.size(), 2u);
  EXPECT_EQ(result.sink.infos[0].encoding, "ascii");
  EXPECT_EQ(result.sink.infos[1].encoding, "shift_jis");
  EXPECT_EQ(result.sink.records.back().cells[0].second, "山田 太郎 1234-567890");
  EXPECT_TRUE(result.sink.warnings.empty());
}

// ---- errors -------------------------------------------------------------------------

TEST(TextReader, BinaryIsUnsupported) {
  std::mt19937 generator(3);
  std::string random(10000, '\0');
  for (char& c : random) c = static_cast<char>(generator() & 0xFF);
  const ReadResult result = ReadBytes("x.bin", random);
  ASSERT_FALSE(result.status.has_value());
  EXPECT_EQ(result.status.error().code, ErrorCode::kUnsupported);
  EXPECT_TRUE(result.sink.records.empty());
}

TEST(TextReader, UndecodableTextIsAnErrorAfterItsRecords) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "line \xFD\xFE\xFF number " + std::to_string(i) + "\n";
  const ReadResult result = ReadBytes("x.txt", text);
  ASSERT_FALSE(result.status.has_value());
  EXPECT_EQ(result.status.error().code, ErrorCode::kUndecodable);
  EXPECT_EQ(result.sink.records.size(), 50u);  // the readable parts were still scanned
}

TEST(TextReader, AFewBadBytesAreAWarning) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "山田 太郎,東京都千代田区\n";
  text += "bad \xFF byte\n";
  const ReadResult result = ReadBytes("x.csv", text);
  ASSERT_TRUE(result.status.has_value());
  ASSERT_EQ(result.sink.warnings.size(), 1u);
  EXPECT_EQ(result.sink.warnings[0].code, ErrorCode::kUndecodable);
}

TEST(TextReader, TimeLimitStopsTheRead) {
  FakeContext context;
  context.timed_out = true;
  const ReadResult result = ReadBytes("a.csv", kList, context);
  ASSERT_FALSE(result.status.has_value());
  EXPECT_EQ(result.status.error().code, ErrorCode::kLimitExceeded);
}

TEST(TextReader, SinkCanStopTheRead) {
  ReadResult result;
  MemoryInput input{"a.csv", kList};
  FakeContext context;
  result.sink.stop_after = 1;
  ASSERT_TRUE(TextFormat().make_reader()->Read(input, context, result.sink).has_value());
  EXPECT_EQ(result.sink.records.size(), 1u);
  EXPECT_EQ(result.sink.parts_ended, 1);
}

TEST(TextReader, ReaderIsReusableAcrossFiles) {
  const auto reader = TextFormat().make_reader();
  FakeContext context;
  const std::string sjis = ShiftJis(kList);
  for (int i = 0; i < 3; ++i) {
    MemoryInput first{"a.csv", sjis};
    CollectingSink a;
    ASSERT_TRUE(reader->Read(first, context, a).has_value());
    EXPECT_EQ(a.records.size(), 3u);
    MemoryInput second{"b.txt", "one\ntwo\n"};
    CollectingSink b;
    ASSERT_TRUE(reader->Read(second, context, b).has_value());
    EXPECT_EQ(b.records.size(), 2u);
    EXPECT_EQ(b.infos[0].encoding, "ascii");
  }
}

}  // namespace
}  // namespace mamori::read
