#include "read/xls/xls_reader.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "ole_test_support.h"

namespace mamori::read {
namespace {

using testing::LoadFixture;
using testing::Outcome;
using testing::PlainContext;
using testing::ReadOleBytes;
using testing::RecordingSink;

std::string Record(uint16_t type, const std::string& data) {
  std::string out;
  out.push_back(static_cast<char>(type & 0xFF));
  out.push_back(static_cast<char>(type >> 8));
  out.push_back(static_cast<char>(data.size() & 0xFF));
  out.push_back(static_cast<char>(data.size() >> 8));
  return out + data;
}

std::string U16(uint16_t value) {
  return std::string{static_cast<char>(value & 0xFF), static_cast<char>(value >> 8)};
}

std::string U32(uint32_t value) {
  return U16(value & 0xFFFF) + U16(static_cast<uint16_t>(value >> 16));
}

// A BIFF8 stream: globals (BOF, `globals`, BOUNDSHEET "S", EOF) and one sheet (BOF, `cells`,
// EOF), with the sheet's offset filled in.
std::string Biff8Workbook(const std::string& globals, const std::string& cells) {
  const std::string bof_globals = Record(0x0809, U16(0x0600) + U16(0x0005) + std::string(12, '\0'));
  const std::string sheet_name = std::string("\x01\x00S", 3);  // 1 char, 8-bit
  const size_t boundsheet_size = 4 + 6 + sheet_name.size();
  const size_t offset = bof_globals.size() + globals.size() + boundsheet_size + 4;
  const std::string boundsheet =
      Record(0x0085, U32(static_cast<uint32_t>(offset)) + std::string(2, '\0') + sheet_name);
  const std::string sheet = Record(0x0809, U16(0x0600) + U16(0x0010) + std::string(12, '\0')) +
                            cells + Record(0x000A, "");
  return bof_globals + globals + boundsheet + Record(0x000A, "") + sheet;
}

Outcome ReadBiff(const std::string& stream) {
  Outcome outcome;
  PlainContext context;
  outcome.status = xls::ReadWorkbook(stream, context, outcome.sink);
  return outcome;
}

std::string Cell(uint16_t row, uint16_t column) { return U16(row) + U16(column) + U16(0); }

TEST(XlsReader, XlwtWorkbookGivesSheetsHeadersNumbersAndDates) {
  const Outcome outcome = ReadOleBytes(LoadFixture("basic.xls"), "share/basic.xls");
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  const RecordingSink& sink = outcome.sink;
  EXPECT_EQ(sink.info_.format, "xls");
  EXPECT_EQ(sink.info_.encoding, "biff8");
  EXPECT_EQ(sink.info_.protection, Protection::kNone);
  ASSERT_EQ(sink.parts_.size(), 2u);
  EXPECT_EQ(sink.parts_[0].name, "名簿");
  EXPECT_TRUE(sink.parts_[0].tabular);
  ASSERT_GE(sink.parts_[0].headers.size(), 6u);
  EXPECT_EQ(sink.parts_[0].headers[1], "基礎年金番号");
  EXPECT_EQ(sink.At(0, 2, 0), "山田 太郎");
  EXPECT_EQ(sink.At(0, 2, 1), "1234567890");    // a 10-digit number stays its digits
  EXPECT_EQ(sink.At(0, 2, 2), "1970-03-02");    // yyyy/mm/dd
  EXPECT_EQ(sink.At(0, 2, 3), "123456789018");  // 12 digits
  EXPECT_EQ(sink.At(0, 2, 4), "1234.5");
  EXPECT_EQ(sink.At(0, 2, 5), "2015-05-08");  // Japanese era format ggge"年"m"月"d"日"
  EXPECT_EQ(sink.At(0, 3, 4), "-7");
  EXPECT_EQ(sink.At(0, 3, 2), "1985-12-31");
  EXPECT_EQ(sink.parts_[1].name, "Sheet2");
  EXPECT_EQ(sink.At(1, 5, 2), "東京都千代田区1-2-3");
}

TEST(XlsReader, SharedStringsSplitAcrossContinueRecords) {
  const Outcome outcome = ReadOleBytes(LoadFixture("sst_continue.xls"), "sst.xls");
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  const RecordingSink& sink = outcome.sink;
  ASSERT_EQ(sink.parts_.size(), 1u);
  ASSERT_EQ(sink.parts_[0].rows.size(), 800u);
  for (int i = 1; i <= 800; ++i) {
    char number[8];
    std::snprintf(number, sizeof number, "%04d", i);
    std::string expected;
    if (i % 2) {
      expected = std::string("name-") + number + "-" + std::string(37, 'x');
    } else {
      expected = std::string("氏名") + number;
      for (int j = 0; j < 9; ++j) expected += "山田太郎";
    }
    ASSERT_EQ(sink.At(0, static_cast<uint64_t>(i) + 1, 1), expected) << "row " << i;
    ASSERT_EQ(sink.At(0, static_cast<uint64_t>(i) + 1, 0), std::to_string(i));
  }
}

TEST(XlsReader, ContinueRestartsTheOptionFlagsInsideAString) {
  // "ABC" in 8-bit characters, then a CONTINUE whose first byte switches to UTF-16 for
  // "あい"; then a second string that starts right at the next CONTINUE.
  const std::string first = U32(2) + U32(2) + U16(5) + std::string("\x00", 1) + "ABC";
  const std::string second = std::string("\x01", 1) + std::string("\x42\x30\x44\x30", 4);
  const std::string third = U16(2) + std::string("\x00", 1) + "ok";
  const std::string globals =
      Record(0x00FC, first) + Record(0x003C, second) + Record(0x003C, third);
  const std::string cells =
      Record(0x00FD, Cell(0, 0) + U32(0)) + Record(0x00FD, Cell(0, 1) + U32(1));
  const Outcome outcome = ReadBiff(Biff8Workbook(globals, cells));
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.At(0, 1, 0), "ABCあい");
  EXPECT_EQ(outcome.sink.At(0, 1, 1), "ok");
}

TEST(XlsReader, RkAndMulRkNumbersAreDecoded) {
  const std::string mulrk = Cell(0, 1).substr(0, 4) + U16(0) + U32((12345u << 2) | 3) + U16(0) +
                            U32(0x3FF80000u) + U16(0) + U32(0x3FF80000u | 1) + U16(3);
  const std::string cells =
      Record(0x027E, Cell(0, 0) + U32((static_cast<uint32_t>(-42) << 2) | 2)) +
      Record(0x00BD, mulrk);
  const Outcome outcome = ReadBiff(Biff8Workbook("", cells));
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.At(0, 1, 0), "-42");
  EXPECT_EQ(outcome.sink.At(0, 1, 1), "123.45");  // integer ×100 flag
  EXPECT_EQ(outcome.sink.At(0, 1, 2), "1.5");     // IEEE high bits
  EXPECT_EQ(outcome.sink.At(0, 1, 3), "0.015");   // IEEE ×100
}

TEST(XlsReader, FormulaStringResultComesFromTheStringRecord) {
  const std::string string_result = std::string("\x00\x00\x00\x00\x00\x00\xFF\xFF", 8);
  const std::string formula = Cell(0, 0) + string_result + U16(0) + U32(0) + U16(0);
  // The cached string "AB" + "様", its characters continued in a CONTINUE record that
  // switches to 16-bit characters.
  const std::string cells =
      Record(0x0006, formula) + Record(0x0207, U16(3) + std::string("\x00", 1) + "AB") +
      Record(0x003C, std::string("\x01\xD8\x69", 3)) +
      Record(0x0006, Cell(0, 1) + std::string("\x01\x00\x01\x00\x00\x00\xFF\xFF", 8) + U16(0) +
                         U32(0) + U16(0));
  const Outcome outcome = ReadBiff(Biff8Workbook("", cells));
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.At(0, 1, 0), "AB様");
  EXPECT_EQ(outcome.sink.At(0, 1, 1), "TRUE");
}

TEST(XlsReader, LibreOfficeWorkbookGivesFormulaStringsMulRkAndPaddedNumbers) {
  const Outcome outcome = ReadOleBytes(LoadFixture("libreoffice.xls"), "lo.xls");
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  const RecordingSink& sink = outcome.sink;
  ASSERT_EQ(sink.parts_.size(), 1u);
  ASSERT_GE(sink.parts_[0].headers.size(), 8u);
  EXPECT_EQ(sink.parts_[0].headers[5], "宛名");
  EXPECT_EQ(sink.At(0, 2, 0), "山田 太郎");
  EXPECT_EQ(sink.At(0, 2, 1), "1234567890");
  EXPECT_EQ(sink.At(0, 2, 2), "1970-03-02");
  EXPECT_EQ(sink.At(0, 2, 3), "5");
  EXPECT_EQ(sink.At(0, 2, 4), "6.25");
  // LibreOffice 7.4 saves no cached result for this formula (its FORMULA record holds 0);
  // FormulaStringResultComesFromTheStringRecord covers Excel's FORMULA + STRING pair.
  EXPECT_EQ(sink.At(0, 2, 6), "0123456789");  // format 0000000000
  // LibreOffice saves a boolean as the number 1 in a General cell (Excel writes BOOLERR).
  EXPECT_EQ(sink.At(0, 2, 7), "1");
}

TEST(XlsReader, Biff5WorkbookDecodesCp932) {
  const Outcome outcome = ReadOleBytes(LoadFixture("biff5.xls"), "old.xls");
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  const RecordingSink& sink = outcome.sink;
  EXPECT_EQ(sink.info_.encoding, "biff5");
  ASSERT_EQ(sink.parts_.size(), 1u);
  EXPECT_EQ(sink.parts_[0].name, "名簿");
  ASSERT_EQ(sink.parts_[0].headers.size(), 3u);
  EXPECT_EQ(sink.parts_[0].headers[2], "生年月日");
  EXPECT_EQ(sink.At(0, 2, 0), "山田 太郎");
  EXPECT_EQ(sink.At(0, 2, 1), "123456789");
  EXPECT_EQ(sink.At(0, 2, 2), "1970-03-02");
  EXPECT_EQ(sink.At(0, 3, 0), "サトウ ハナコ");  // half-width katakana, NFKC
  EXPECT_EQ(sink.At(0, 3, 1), "9876543210");
}

TEST(XlsReader, FilePassRc4IsPasswordProtected) {
  const Outcome outcome = ReadOleBytes(LoadFixture("password.xls"), "secret.xls");
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kEncrypted);
  EXPECT_NE(outcome.status.error().message.find("RC4"), std::string::npos);
  EXPECT_EQ(outcome.sink.info_.format, "xls");
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kPassword);
  EXPECT_TRUE(outcome.sink.parts_.empty());
}

TEST(XlsReader, FilePassXorIsPasswordProtected) {
  const Outcome outcome = ReadOleBytes(LoadFixture("xor.xls"), "xor.xls");
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kEncrypted);
  EXPECT_NE(outcome.status.error().message.find("XOR"), std::string::npos);
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kPassword);
}

TEST(XlsReader, StreamCutInsideARecordIsCorruptAfterEarlierRows) {
  const std::string cells = Record(0x027E, Cell(0, 0) + U32((7u << 2) | 2)) +
                            Record(0x027E, Cell(1, 0) + U32((8u << 2) | 2));
  std::string stream = Biff8Workbook("", cells);
  stream.resize(stream.size() - 8);  // into the second RK
  const Outcome outcome = ReadBiff(stream);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(outcome.sink.At(0, 1, 0), "7");
}

TEST(XlsReader, NotBiffIsCorrupt) {
  const Outcome outcome = ReadBiff("this is not a workbook");
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kCorrupt);
}

TEST(XlsReader, HugeSstCountDoesNotAllocate) {
  const std::string globals =
      Record(0x00FC, U32(0xFFFFFFFF) + U32(0xFFFFFFFF) + U16(1) + std::string("\x00", 1) + "a");
  const Outcome outcome = ReadBiff(Biff8Workbook(globals, Record(0x00FD, Cell(0, 0) + U32(0))));
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.At(0, 1, 0), "a");
}

TEST(XlsReader, SinkStopEndsTheRead) {
  const std::string bytes = LoadFixture("sst_continue.xls");
  MemoryInput input("sst.xls", bytes);
  RecordingSink sink;
  sink.stop_after_ = 3;
  PlainContext context;
  auto reader = Ole2Format().make_reader();
  ASSERT_TRUE(reader->Read(input, context, sink).has_value());
  EXPECT_EQ(sink.records_, 3u);
}

TEST(XlsReader, TimeLimitIsReported) {
  const std::string bytes = LoadFixture("sst_continue.xls");
  MemoryInput input("sst.xls", bytes);
  RecordingSink sink;
  PlainContext context;
  context.timed_out_ = true;
  auto reader = Ole2Format().make_reader();
  const Status status = reader->Read(input, context, sink);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace mamori::read
