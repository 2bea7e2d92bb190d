#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "office_test_support.h"
#include "read/xlsx/number_format.h"
#include "read/xlsx/xlsx_format.h"

namespace mamori::read {
namespace {

using testing::MakeZip;
using testing::RecordingSink;
using testing::SeenRecord;
using testing::TestContext;
using testing::ZipMember;

constexpr const char* kXmlDecl = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";

std::string ContentTypes() {
  return std::string(kXmlDecl) +
         R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
         R"(<Default Extension="xml" ContentType="application/xml"/></Types>)";
}

std::string PackageRels() {
  return std::string(kXmlDecl) +
         R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
         R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>)"
         R"(</Relationships>)";
}

std::string Workbook(const std::vector<std::string>& sheet_names, bool date1904 = false) {
  std::string xml =
      std::string(kXmlDecl) +
      R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
      R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)";
  if (date1904) xml += R"(<workbookPr date1904="1"/>)";
  xml += "<sheets>";
  for (size_t i = 0; i < sheet_names.size(); ++i) {
    xml += "<sheet name=\"" + sheet_names[i] + "\" sheetId=\"" + std::to_string(i + 1) +
           "\" r:id=\"rId" + std::to_string(i + 1) + "\"/>";
  }
  return xml + "</sheets></workbook>";
}

std::string WorkbookRels(size_t sheets) {
  const std::string base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  std::string xml =
      std::string(kXmlDecl) +
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  for (size_t i = 0; i < sheets; ++i) {
    xml += "<Relationship Id=\"rId" + std::to_string(i + 1) + "\" Type=\"" + base +
           "worksheet\" Target=\"worksheets/sheet" + std::to_string(i + 1) + ".xml\"/>";
  }
  xml +=
      "<Relationship Id=\"rIdS\" Type=\"" + base + "sharedStrings\" Target=\"sharedStrings.xml\"/>";
  xml += "<Relationship Id=\"rIdT\" Type=\"" + base + "styles\" Target=\"/xl/styles.xml\"/>";
  return xml + "</Relationships>";
}

std::string Sheet(const std::string& rows) {
  return std::string(kXmlDecl) +
         R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
         rows + "</sheetData></worksheet>";
}

std::string SharedStrings(const std::vector<std::string>& items) {
  std::string xml = std::string(kXmlDecl) +
                    R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)";
  for (const std::string& item : items) xml += "<si>" + item + "</si>";
  return xml + "</sst>";
}

// Style 0 general, 1 built-in date (14), 2 custom yyyy/mm/dd, 3 Japanese era, 4 ten zeros,
// 5 a time (h:mm), 6 scientific.
std::string Styles() {
  return std::string(kXmlDecl) +
         R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
         R"(<numFmts count="4"><numFmt numFmtId="176" formatCode="yyyy/mm/dd"/>)"
         R"(<numFmt numFmtId="177" formatCode="[$-411]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>)"
         R"(<numFmt numFmtId="178" formatCode="0000000000"/>)"
         R"(<numFmt numFmtId="179" formatCode="0.00E+00"/></numFmts>)"
         R"(<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>)"
         R"(<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/>)"
         R"(<xf numFmtId="177"/><xf numFmtId="178"/><xf numFmtId="20"/><xf numFmtId="179"/></cellXfs>)"
         R"(</styleSheet>)";
}

// A workbook in Excel's member order: sheets before styles and shared strings.
std::string MakeWorkbook(const std::vector<std::string>& sheet_rows,
                         const std::vector<std::string>& shared = {}, bool date1904 = false) {
  std::vector<std::string> names;
  for (size_t i = 0; i < sheet_rows.size(); ++i) names.push_back("Sheet" + std::to_string(i + 1));
  std::vector<ZipMember> members = {
      {"[Content_Types].xml", ContentTypes()},
      {"_rels/.rels", PackageRels()},
      {"xl/workbook.xml", Workbook(names, date1904)},
      {"xl/_rels/workbook.xml.rels", WorkbookRels(sheet_rows.size())}};
  for (size_t i = 0; i < sheet_rows.size(); ++i) {
    members.push_back(
        {"xl/worksheets/sheet" + std::to_string(i + 1) + ".xml", Sheet(sheet_rows[i])});
  }
  members.push_back({"xl/styles.xml", Styles()});
  members.push_back({"xl/sharedStrings.xml", SharedStrings(shared)});
  return MakeZip(members);
}

struct Outcome {
  Status status;
  RecordingSink sink;
};

Outcome ReadBytes(const std::string& bytes, TestContext* context = nullptr) {
  TestContext own;
  TestContext& used = context != nullptr ? *context : own;
  MemoryInput input("book.xlsx", bytes);
  Outcome outcome;
  auto reader = XlsxFormat().make_reader();
  outcome.status = reader->Read(input, used, outcome.sink);
  return outcome;
}

TEST(XlsxReader, SharedStringsAfterSheetsAndHeaderRow) {
  const std::string rows =
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>1234567890</v></c></row>)"
      R"(<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3"><v>9876543210</v></c></row>)";
  Outcome out = ReadBytes(MakeWorkbook(
      {rows}, {"<t>氏名</t>", "<t>基礎年金番号</t>", "<t>山田太郎</t>", "<t>鈴木花子</t>"}));
  ASSERT_TRUE(out.status) << out.status.error().message;
  EXPECT_EQ(out.sink.info.format, "xlsx");
  ASSERT_EQ(out.sink.parts.size(), 1u);
  EXPECT_EQ(out.sink.parts[0].name, "Sheet1");
  EXPECT_TRUE(out.sink.parts[0].tabular);
  EXPECT_TRUE(out.sink.parts[0].ended);
  EXPECT_EQ(out.sink.parts[0].headers, (std::vector<std::string>{"氏名", "基礎年金番号"}));
  ASSERT_EQ(out.sink.records.size(), 2u);  // the header row is not a record
  EXPECT_EQ(out.sink.records[0].index, 2u);
  EXPECT_EQ(out.sink.records[0].At(0), "山田太郎");
  EXPECT_EQ(out.sink.records[0].At(1), "1234567890");
  EXPECT_EQ(out.sink.records[1].At(0), "鈴木花子");
}

TEST(XlsxReader, RichTextRunsJoinedAndPhoneticGuideLeftOut) {
  const std::string rows =
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c>)"
      R"(<c r="B1" t="inlineStr"><is><r><t>東京都</t></r><r><t xml:space="preserve">千代田区 </t></r><rPh sb="0" eb="3"><t>トウキョウト</t></rPh></is></c></row>)";
  Outcome out = ReadBytes(MakeWorkbook(
      {rows},
      {R"(<r><rPr><b/></rPr><t>山田</t></r><r><t>太郎</t></r><rPh sb="0" eb="2"><t>ヤマダ</t></rPh>)"}));
  ASSERT_TRUE(out.status) << out.status.error().message;
  ASSERT_EQ(out.sink.records.size(), 1u);
  EXPECT_EQ(out.sink.records[0].At(0), "山田太郎");
  EXPECT_EQ(out.sink.records[0].At(1), "東京都千代田区 ");
}

TEST(XlsxReader, DateCellsBecomeIsoDates) {
  // 1980-04-01 is serial 29312; 1900-02-28 is 59, 1900-03-01 is 61.
  const std::string rows =
      R"(<row r="1"><c r="A1" s="1"><v>29312</v></c><c r="B1" s="2"><v>29312.75</v></c>)"
      R"(<c r="C1" s="3"><v>29312</v></c><c r="D1" s="1"><v>59</v></c><c r="E1" s="1"><v>61</v></c>)"
      R"(<c r="F1" s="1"><v>60</v></c><c r="G1" s="5"><v>0.5</v></c><c r="H1"><v>29312</v></c></row>)";
  Outcome out = ReadBytes(MakeWorkbook({rows}));
  ASSERT_TRUE(out.status) << out.status.error().message;
  ASSERT_EQ(out.sink.records.size(), 1u);
  const SeenRecord& row = out.sink.records[0];
  EXPECT_EQ(row.At(0), "1980-04-01");
  EXPECT_EQ(row.At(1), "1980-04-01");
  EXPECT_EQ(row.At(2), "1980-04-01");  // 昭和55年4月1日 in Excel's Japanese era format
  EXPECT_EQ(row.At(3), "1900-02-28");
  EXPECT_EQ(row.At(4), "1900-03-01");
  EXPECT_EQ(row.At(5), "1900-02-29");
  EXPECT_EQ(row.At(6), "0.5");    // a time of day has no date
  EXPECT_EQ(row.At(7), "29312");  // general format: a number
}

TEST(XlsxReader, Date1904System) {
  Outcome out = ReadBytes(MakeWorkbook({R"(<row r="1"><c r="A1" s="1"><v>27850</v></c></row>)"}, {},
                                       /*date1904=*/true));
  ASSERT_TRUE(out.status) << out.status.error().message;
  ASSERT_EQ(out.sink.records.size(), 1u);
  EXPECT_EQ(out.sink.records[0].At(0), "1980-04-01");
}

TEST(XlsxReader, NumbersKeepAllTheirDigits) {
  const std::string rows =
      R"(<row r="1"><c r="A1"><v>1234567890</v></c><c r="B1"><v>1.23456789012E+11</v></c>)"
      R"(<c r="C1"><v>1234567890.0</v></c><c r="D1" s="4"><v>123456789</v></c>)"
      R"(<c r="E1" s="6"><v>123456789012</v></c><c r="F1"><v>3.25</v></c>)"
      R"(<c r="G1" t="b"><v>1</v></c><c r="H1" t="e"><v>#N/A</v></c><c r="I1" t="str"><f>A1</f><v>x</v></c></row>)";
  Outcome out = ReadBytes(MakeWorkbook({rows}));
  ASSERT_TRUE(out.status) << out.status.error().message;
  ASSERT_EQ(out.sink.records.size(), 1u);
  const SeenRecord& row = out.sink.records[0];
  EXPECT_EQ(row.At(0), "1234567890");
  EXPECT_EQ(row.At(1), "123456789012");
  EXPECT_EQ(row.At(2), "1234567890");
  EXPECT_EQ(row.At(3), "0123456789");  // "0000000000" keeps the leading zero
  EXPECT_EQ(row.At(4), "123456789012");
  EXPECT_EQ(row.At(5), "3.25");
  EXPECT_EQ(row.At(6), "TRUE");
  EXPECT_EQ(row.At(7), "");  // error values are skipped
  EXPECT_EQ(row.At(8), "x");
}

TEST(XlsxReader, TwoSheetsInWorkbookOrder) {
  std::vector<ZipMember> members = {
      {"[Content_Types].xml", ContentTypes()},
      {"_rels/.rels", PackageRels()},
      {"xl/worksheets/sheet2.xml",
       Sheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>second</t></is></c></row>)")},
      {"xl/workbook.xml", Workbook({"名簿", "集計"})},
      {"xl/_rels/workbook.xml.rels", WorkbookRels(2)},
      {"xl/worksheets/sheet1.xml",
       Sheet(R"(<row r="5"><c r="C5" t="inlineStr"><is><t>first</t></is></c></row>)")},
  };
  Outcome out = ReadBytes(MakeZip(members));
  ASSERT_TRUE(out.status) << out.status.error().message;
  ASSERT_EQ(out.sink.parts.size(), 2u);
  EXPECT_EQ(out.sink.parts[0].name, "名簿");
  EXPECT_EQ(out.sink.parts[1].name, "集計");
  ASSERT_EQ(out.sink.records.size(), 2u);
  EXPECT_EQ(out.sink.records[0].part, "名簿");
  EXPECT_EQ(out.sink.records[0].index, 5u);
  EXPECT_EQ(out.sink.records[0].cells[0].first, 2u);
  EXPECT_EQ(out.sink.records[0].At(2), "first");
  EXPECT_EQ(out.sink.records[1].At(0), "second");
}

TEST(XlsxReader, MissingReferencesContinueFromThePreviousOnes) {
  const std::string rows =
      R"(<row><c t="inlineStr"><is><t>100</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>)"
      R"(<row r="4"><c r="C4"><v>1</v></c><c><v>2</v></c></row>)"
      R"(<row><c><v>3</v></c></row>)";
  Outcome out = ReadBytes(MakeWorkbook({rows}));
  ASSERT_TRUE(out.status) << out.status.error().message;
  ASSERT_EQ(out.sink.records.size(), 3u);
  EXPECT_EQ(out.sink.records[0].index, 1u);
  EXPECT_EQ(out.sink.records[0].At(1), "b");
  EXPECT_EQ(out.sink.records[1].index, 4u);
  EXPECT_EQ(out.sink.records[1].At(3), "2");
  EXPECT_EQ(out.sink.records[2].index, 5u);
  EXPECT_EQ(out.sink.records[2].At(0), "3");
}

TEST(XlsxReader, NoHeaderWhenTheFirstRowIsData) {
  const std::string rows =
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>山田太郎</t></is></c><c r="B1"><v>1234567890</v></c></row>)"
      R"(<row r="2"><c r="A2" t="inlineStr"><is><t>鈴木花子</t></is></c><c r="B2"><v>1234567891</v></c></row>)";
  Outcome out = ReadBytes(MakeWorkbook({rows}));
  ASSERT_TRUE(out.status) << out.status.error().message;
  EXPECT_TRUE(out.sink.parts[0].headers.empty());
  EXPECT_EQ(out.sink.records.size(), 2u);
}

TEST(XlsxReader, HeaderBelowATitleRow) {
  const std::string rows =
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>顧客名簿</t></is></c></row>)"
      R"(<row r="3"><c r="A3" t="inlineStr"><is><t>氏名</t></is></c><c r="B3" t="inlineStr"><is><t>生年月日</t></is></c></row>)"
      R"(<row r="4"><c r="A4" t="inlineStr"><is><t>山田太郎</t></is></c><c r="B4" s="1"><v>29312</v></c></row>)";
  Outcome out = ReadBytes(MakeWorkbook({rows}));
  ASSERT_TRUE(out.status) << out.status.error().message;
  EXPECT_EQ(out.sink.parts[0].headers, (std::vector<std::string>{"氏名", "生年月日"}));
  ASSERT_EQ(out.sink.records.size(), 2u);
  EXPECT_EQ(out.sink.records[0].index, 1u);  // the title stays a record
  EXPECT_EQ(out.sink.records[1].index, 4u);
  EXPECT_EQ(out.sink.records[1].At(1), "1980-04-01");
}

TEST(XlsxReader, BrokenXmlIsCorruptAndNamesTheMember) {
  Outcome out = ReadBytes(MakeWorkbook({R"(<row r="1"><c r="A1"><v>1</v></c></row><row>)"}));
  ASSERT_FALSE(out.status);
  EXPECT_EQ(out.status.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(out.status.error().message.find("xl/worksheets/sheet1.xml"), std::string::npos)
      << out.status.error().message;
}

TEST(XlsxReader, BrokenSheetDoesNotHideTheNextOne) {
  Outcome out = ReadBytes(MakeWorkbook(
      {"<row><c><v>1</v></c></row><bad", R"(<row r="1"><c r="A1"><v>2</v></c></row>)"}));
  ASSERT_FALSE(out.status);
  EXPECT_EQ(out.status.error().code, ErrorCode::kCorrupt);
  ASSERT_EQ(out.sink.records.size(), 2u);
  EXPECT_EQ(out.sink.records[1].part, "Sheet2");
}

TEST(XlsxReader, DoctypeIsRefused) {
  const std::string bomb = std::string(kXmlDecl) +
                           R"(<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>)"
                           R"(<sst><si><t>&b;</t></si></sst>)";
  std::vector<ZipMember> members = {{"_rels/.rels", PackageRels()},
                                    {"xl/workbook.xml", Workbook({"S"})},
                                    {"xl/_rels/workbook.xml.rels", WorkbookRels(1)},
                                    {"xl/worksheets/sheet1.xml", Sheet("")},
                                    {"xl/sharedStrings.xml", bomb}};
  Outcome out = ReadBytes(MakeZip(members));
  ASSERT_FALSE(out.status);
  EXPECT_EQ(out.status.error().code, ErrorCode::kCorrupt);
}

TEST(XlsxReader, TruncatedFileIsCorrupt) {
  const std::string whole = MakeWorkbook({R"(<row r="1"><c r="A1"><v>1</v></c></row>)"});
  for (const size_t keep : {whole.size() / 2, whole.size() - 10, size_t{40}}) {
    Outcome out = ReadBytes(whole.substr(0, keep));
    ASSERT_FALSE(out.status) << keep;
    EXPECT_EQ(out.status.error().code, ErrorCode::kCorrupt) << keep;
  }
}

TEST(XlsxReader, ZipBombMemberIsAnArchiveBomb) {
  std::string rows = R"(<row r="1"><c r="A1" t="inlineStr"><is><t>)";
  rows += std::string(64 << 20, ' ');
  rows += "</t></is></c></row>";
  const std::string bomb = MakeWorkbook({rows});
  ASSERT_LT(bomb.size(), 1u << 20);
  Outcome out = ReadBytes(bomb);
  ASSERT_FALSE(out.status);
  EXPECT_EQ(out.status.error().code, ErrorCode::kArchiveBomb);
  EXPECT_NE(out.status.error().message.find("ratio"), std::string::npos);
}

TEST(XlsxReader, ExpandedBytesBudgetIsCharged) {
  TestContext context;
  context.limits_.max_expanded_bytes = 1000;
  Outcome out = ReadBytes(MakeWorkbook({std::string(2000, ' ')}), &context);
  ASSERT_FALSE(out.status);
  EXPECT_EQ(out.status.error().code, ErrorCode::kLimitExceeded);
}

TEST(XlsxReader, SharedStringsBeyondTheMemoryBoundAreLimitExceeded) {
  TestContext context;
  context.limits_.max_spool_bytes = 4096;
  std::vector<std::string> many(200, "<t>山田太郎</t>");
  Outcome out = ReadBytes(MakeWorkbook({""}, many), &context);
  ASSERT_FALSE(out.status);
  EXPECT_EQ(out.status.error().code, ErrorCode::kLimitExceeded);
}

TEST(XlsxReader, EncryptedZipEntriesAreProtected) {
  std::vector<ZipMember> members = {{"_rels/.rels", PackageRels()},
                                    {"xl/workbook.xml", Workbook({"S"})}};
  const std::string bytes = MakeZip(members, "zip:encryption=traditional", "secret");
  Outcome out = ReadBytes(bytes);
  ASSERT_FALSE(out.status);
  EXPECT_EQ(out.status.error().code, ErrorCode::kEncrypted);
  EXPECT_EQ(out.sink.info.protection, Protection::kPassword);
}

TEST(XlsxReader, StreamInputIsSpooled) {
  testing::StreamInput input("a.zip!/book.xlsx",
                             MakeWorkbook({R"(<row r="1"><c r="A1"><v>42</v></c></row>)"}));
  TestContext context;
  RecordingSink sink;
  ASSERT_TRUE(XlsxFormat().make_reader()->Read(input, context, sink));
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0].At(0), "42");
}

TEST(XlsxReader, SinkCanStopTheRead) {
  std::string rows;
  for (int i = 1; i <= 10; ++i) rows += "<row><c><v>" + std::to_string(i) + "</v></c></row>";
  const std::string bytes = MakeWorkbook({rows, rows});
  MemoryInput input("book.xlsx", bytes);
  TestContext context;
  RecordingSink sink;
  sink.stop_after = 4;
  Status status = XlsxFormat().make_reader()->Read(input, context, sink);
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(sink.records.size(), 4u);
}

TEST(XlsxReader, FullWidthTextIsNormalized) {
  Outcome out = ReadBytes(MakeWorkbook(
      {R"(<row r="1"><c r="A1" t="inlineStr"><is><t>１２３４－５６７８９０</t></is></c></row>)"}));
  ASSERT_TRUE(out.status) << out.status.error().message;
  ASSERT_EQ(out.sink.records.size(), 1u);
  EXPECT_EQ(out.sink.records[0].At(0), "1234-567890");
}

TEST(XlsxReader, XlsmIsReportedAsSuch) {
  std::vector<ZipMember> members = {{"_rels/.rels", PackageRels()},
                                    {"xl/workbook.xml", Workbook({"S"})},
                                    {"xl/_rels/workbook.xml.rels", WorkbookRels(1)},
                                    {"xl/worksheets/sheet1.xml", Sheet("")},
                                    {"xl/vbaProject.bin", "binary"}};
  Outcome out = ReadBytes(MakeZip(members));
  ASSERT_TRUE(out.status) << out.status.error().message;
  EXPECT_EQ(out.sink.info.format, "xlsm");
}

TEST(XlsxSniff, ByContentNotByExtension) {
  const std::string book = MakeWorkbook({""});
  EXPECT_TRUE(XlsxFormat().sniff(book, "export.dat"));
  EXPECT_FALSE(XlsxFormat().sniff("氏名,生年月日\n山田太郎,1980-04-01\n", "list.xlsx"));
  const std::string docx =
      MakeZip({{"[Content_Types].xml", ContentTypes()}, {"word/document.xml", "<w:document/>"}});
  EXPECT_FALSE(XlsxFormat().sniff(docx, "report.dat"));
  const std::string plain_zip = MakeZip({{"list.csv", "a,b\n"}});
  EXPECT_FALSE(XlsxFormat().sniff(plain_zip, "list.zip"));
  // Stored entries with data descriptors are walked too.
  const std::string stored =
      MakeZip({{"[Content_Types].xml", ContentTypes()}, {"xl/workbook.xml", Workbook({"S"})}},
              "zip:compression=store");
  EXPECT_TRUE(XlsxFormat().sniff(stored, "x"));
}

// A workbook written by a real tool, when python3-openpyxl is installed.
TEST(XlsxReader, OpenpyxlWorkbook) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("mamori_xlsx_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path script = dir / "make.py";
  const std::filesystem::path book = dir / "book.xlsx";
  {
    std::ofstream out(script);
    out << "import datetime, sys, openpyxl\n"
           "wb = openpyxl.Workbook()\n"
           "ws = wb.active\n"
           "ws.title = '名簿'\n"
           "ws.append(['氏名', '基礎年金番号', '個人番号', '生年月日'])\n"
           "ws.append(['山田太郎', 1234567890, 123456789012, datetime.date(1980, 4, 1)])\n"
           "ws.append(['鈴木花子', 2345678901, 234567890123, datetime.date(1975, 12, 31)])\n"
           "ws2 = wb.create_sheet('二')\n"
           "ws2['B2'] = '東京都千代田区'\n"
           "wb.save(sys.argv[1])\n";
  }
  // Debian's interpreter first: python3-openpyxl is a Debian package.
  const std::string arguments = " " + script.string() + " " + book.string() + " 2>/dev/null";
  if (std::system(("/usr/bin/python3" + arguments).c_str()) != 0 &&
      std::system(("python3" + arguments).c_str()) != 0) {
    std::filesystem::remove_all(dir);
    GTEST_SKIP() << "python3-openpyxl not available";
  }
  Result<std::unique_ptr<FileInput>> input = FileInput::Open(book.string());
  ASSERT_TRUE(input);
  Result<ByteView> head = (*input)->head();
  ASSERT_TRUE(head);
  EXPECT_TRUE(XlsxFormat().sniff(*head, "book.dat"));
  TestContext context;
  RecordingSink sink;
  Status status = XlsxFormat().make_reader()->Read(**input, context, sink);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(status) << status.error().message;
  ASSERT_EQ(sink.parts.size(), 2u);
  EXPECT_EQ(sink.parts[0].name, "名簿");
  EXPECT_EQ(sink.parts[0].headers,
            (std::vector<std::string>{"氏名", "基礎年金番号", "個人番号", "生年月日"}));
  const std::vector<SeenRecord> rows = sink.RecordsOf("名簿");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].At(0), "山田太郎");
  EXPECT_EQ(rows[0].At(1), "1234567890");
  EXPECT_EQ(rows[0].At(2), "123456789012");
  EXPECT_EQ(rows[0].At(3), "1980-04-01");
  EXPECT_EQ(rows[1].At(3), "1975-12-31");
  const std::vector<SeenRecord> second = sink.RecordsOf("二");
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].index, 2u);
  EXPECT_EQ(second[0].At(1), "東京都千代田区");
}

TEST(XlsxNumberFormat, FormatCodes) {
  using xlsx::NumberKind;
  using xlsx::StyleOfFormatCode;
  EXPECT_EQ(StyleOfFormatCode("General").kind, NumberKind::kGeneral);
  EXPECT_EQ(StyleOfFormatCode("0.00E+00").kind, NumberKind::kGeneral);
  EXPECT_EQ(StyleOfFormatCode("#,##0\"円\"").kind, NumberKind::kGeneral);
  EXPECT_EQ(StyleOfFormatCode("[Red]0.0").kind, NumberKind::kGeneral);
  EXPECT_EQ(StyleOfFormatCode("h:mm:ss").kind, NumberKind::kGeneral);
  EXPECT_EQ(StyleOfFormatCode("yyyy/m/d").kind, NumberKind::kDate);
  EXPECT_EQ(StyleOfFormatCode("[$-411]ge.m.d").kind, NumberKind::kDate);
  EXPECT_EQ(StyleOfFormatCode("m\"月\"d\"日\"").kind, NumberKind::kDate);
  EXPECT_EQ(StyleOfFormatCode("mmm-yy").kind, NumberKind::kDate);
  EXPECT_EQ(StyleOfFormatCode("\"y\"0").kind, NumberKind::kGeneral);
  EXPECT_EQ(StyleOfFormatCode("000000000000").kind, NumberKind::kZeroPadded);
  EXPECT_EQ(StyleOfFormatCode("000000000000").width, 12);
}

TEST(XlsxNumberFormat, SerialDates) {
  EXPECT_EQ(xlsx::SerialDateText(1, false), "1900-01-01");
  EXPECT_EQ(xlsx::SerialDateText(60, false), "1900-02-29");
  EXPECT_EQ(xlsx::SerialDateText(2958465, false), "9999-12-31");
  EXPECT_EQ(xlsx::SerialDateText(0, true), "1904-01-01");
  EXPECT_FALSE(xlsx::SerialDateText(0, false));
  EXPECT_FALSE(xlsx::SerialDateText(-1, false));
  EXPECT_FALSE(xlsx::SerialDateText(2958466, false));
  EXPECT_FALSE(xlsx::SerialDateText(1e300, false));
}

TEST(XlsxNumberFormat, NumberText) {
  EXPECT_EQ(xlsx::NumberText("1234567890"), "1234567890");
  EXPECT_EQ(xlsx::NumberText("1.23456789012E+11"), "123456789012");
  EXPECT_EQ(xlsx::NumberText("-5.0"), "-5");
  EXPECT_EQ(xlsx::NumberText("0.1"), "0.1");
  EXPECT_EQ(xlsx::NumberText("1E+300"), "1E+300");
  EXPECT_EQ(xlsx::NumberText("abc"), "abc");
}

}  // namespace
}  // namespace mamori::read
