#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "office_test_support.h"
#include "read/odf/odf_format.h"

namespace mamori::read {
namespace {

using testing::MakeZip;
using testing::RecordingSink;
using testing::TestContext;
using testing::ZipMember;

constexpr const char* kSpreadsheetMime = "application/vnd.oasis.opendocument.spreadsheet";
constexpr const char* kTextMime = "application/vnd.oasis.opendocument.text";

std::string Content(const std::string& body) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>)"
         R"(<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" )"
         R"(xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" )"
         R"(xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">)"
         R"(<office:body>)" +
         body + R"(</office:body></office:document-content>)";
}

std::string Manifest(bool encrypted) {
  std::string xml =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">)"
      R"(<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>)"
      R"(<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="1234">)";
  if (encrypted) {
    xml +=
        R"(<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA">)"
        R"(<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/>)"
        R"(<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAA"/>)"
        R"(</manifest:encryption-data>)";
  }
  return xml + R"(</manifest:file-entry></manifest:manifest>)";
}

// mimetype first and stored, as ODF requires.
std::string MakeOdf(const std::string& mime, const std::string& content, bool encrypted = false) {
  // Stored throughout: libarchive's writer sets compression per archive, not per member.
  return MakeZip({{"mimetype", mime},
                  {"content.xml", content},
                  {"META-INF/manifest.xml", Manifest(encrypted)}},
                 "zip:compression=store");
}

struct Outcome {
  Status status;
  RecordingSink sink;
};

Outcome ReadBytes(const std::string& bytes) {
  TestContext context;
  MemoryInput input("sheet.ods", bytes);
  Outcome outcome;
  outcome.status = OdsFormat().make_reader()->Read(input, context, outcome.sink);
  return outcome;
}

const char* kSheet =
    R"(<office:spreadsheet><table:table table:name="名簿">)"
    R"(<table:table-column table:number-columns-repeated="3"/>)"
    R"(<table:table-row><table:table-cell office:value-type="string"><text:p>氏名</text:p></table:table-cell>)"
    R"(<table:table-cell office:value-type="string"><text:p>生年月日</text:p></table:table-cell>)"
    R"(<table:table-cell office:value-type="string"><text:p>基礎年金番号</text:p></table:table-cell></table:table-row>)"
    R"(<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>)"
    R"(<table:table-row><table:table-cell office:value-type="string"><text:p>山田<text:s text:c="2"/>太郎</text:p></table:table-cell>)"
    R"(<table:table-cell office:value-type="date" office:date-value="1980-04-01"><text:p>昭和55年4月1日</text:p></table:table-cell>)"
    R"(<table:table-cell office:value-type="float" office:value="1234567890"><text:p>1.23E+09</text:p></table:table-cell></table:table-row>)"
    R"(<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>)"
    R"(</table:table>)"
    R"(<table:table table:name="二"><table:table-row><table:table-cell table:number-columns-repeated="2"/>)"
    R"(<table:table-cell office:value-type="string"><text:p>東京都</text:p><text:p>千代田区</text:p></table:table-cell></table:table-row></table:table>)"
    R"(</office:spreadsheet>)";

TEST(OdfReader, SpreadsheetTablesRowsAndValues) {
  Outcome out = ReadBytes(MakeOdf(kSpreadsheetMime, Content(kSheet)));
  ASSERT_TRUE(out.status) << out.status.error().message;
  EXPECT_EQ(out.sink.info.format, "ods");
  EXPECT_EQ(out.sink.info.protection, Protection::kNone);
  ASSERT_EQ(out.sink.parts.size(), 2u);
  EXPECT_EQ(out.sink.parts[0].name, "名簿");
  EXPECT_TRUE(out.sink.parts[0].tabular);
  EXPECT_EQ(out.sink.parts[0].headers,
            (std::vector<std::string>{"氏名", "生年月日", "基礎年金番号"}));
  ASSERT_EQ(out.sink.records.size(), 2u);
  EXPECT_EQ(out.sink.records[0].index, 4u);  // after the header and two repeated empty rows
  EXPECT_EQ(out.sink.records[0].At(0), "山田  太郎");
  EXPECT_EQ(out.sink.records[0].At(1), "1980-04-01");
  EXPECT_EQ(out.sink.records[0].At(2), "1234567890");
  EXPECT_EQ(out.sink.records[1].part, "二");
  EXPECT_EQ(out.sink.records[1].At(2), "東京都\n千代田区");
}

TEST(OdfReader, RepeatedNonEmptyRowsAreBounded) {
  const std::string body =
      R"(<office:spreadsheet><table:table table:name="t">)"
      R"(<table:table-row table:number-rows-repeated="4000000000"><table:table-cell table:number-columns-repeated="2000000000" office:value-type="float" office:value="7"/></table:table-row>)"
      R"(</table:table></office:spreadsheet>)";
  Outcome out = ReadBytes(MakeOdf(kSpreadsheetMime, Content(body)));
  ASSERT_TRUE(out.status) << out.status.error().message;
  // 1024 cells per row, and 2^16 cells in all for the repeated row.
  EXPECT_EQ(out.sink.records.size(), 64u);
  EXPECT_EQ(out.sink.records[0].cells.size(), 1024u);
  EXPECT_FALSE(out.sink.warnings.empty());
}

TEST(OdfReader, EncryptedManifestIsPasswordProtection) {
  Outcome out = ReadBytes(MakeOdf(kSpreadsheetMime, "\x8f\x01 not xml, encrypted bytes", true));
  ASSERT_FALSE(out.status);
  EXPECT_EQ(out.status.error().code, ErrorCode::kEncrypted);
  EXPECT_EQ(out.sink.info.protection, Protection::kPassword);
  EXPECT_TRUE(out.sink.records.empty());
}

TEST(OdfReader, BrokenContentIsCorrupt) {
  Outcome out = ReadBytes(MakeOdf(kSpreadsheetMime, Content("<office:spreadsheet><table:table>")));
  ASSERT_FALSE(out.status);
  EXPECT_EQ(out.status.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(out.status.error().message.find("content.xml"), std::string::npos);
}

TEST(OdfReader, TextDocumentParagraphsAndTables) {
  const std::string body =
      R"(<office:text><text:h text:outline-level="1">顧客名簿</text:h>)"
      R"(<text:p>担当: 山田</text:p><text:p/>)"
      R"(<table:table table:name="表1"><table:table-row>)"
      R"(<table:table-cell><text:p>氏名</text:p></table:table-cell><table:table-cell><text:p>電話番号</text:p></table:table-cell>)"
      R"(</table:table-row><table:table-row>)"
      R"(<table:table-cell><text:p>鈴木花子</text:p></table:table-cell><table:table-cell><text:p>03-1234-5678</text:p></table:table-cell>)"
      R"(</table:table-row></table:table>)"
      R"(<text:list><text:list-item><text:p>以上</text:p></text:list-item></text:list></office:text>)";
  TestContext context;
  const std::string bytes = MakeOdf(kTextMime, Content(body));
  MemoryInput input("doc.odt", bytes);
  RecordingSink sink;
  ASSERT_TRUE(OdtFormat().sniff(bytes, "doc.bin"));
  EXPECT_FALSE(OdsFormat().sniff(bytes, "doc.ods"));
  Status status = OdtFormat().make_reader()->Read(input, context, sink);
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(sink.info.format, "odt");
  ASSERT_EQ(sink.parts.size(), 3u);
  EXPECT_FALSE(sink.parts[0].tabular);
  EXPECT_EQ(sink.parts[1].name, "表1");
  EXPECT_EQ(sink.parts[1].headers, (std::vector<std::string>{"氏名", "電話番号"}));
  EXPECT_FALSE(sink.parts[2].tabular);
  ASSERT_EQ(sink.records.size(), 4u);
  EXPECT_EQ(sink.records[0].At(0), "顧客名簿");
  EXPECT_EQ(sink.records[1].At(0), "担当: 山田");
  EXPECT_EQ(sink.records[2].At(1), "03-1234-5678");
  EXPECT_EQ(sink.records[3].At(0), "以上");
  EXPECT_EQ(sink.records[3].index, 4u);
}

TEST(OdfSniff, MimetypeDecides) {
  const std::string ods = MakeOdf(kSpreadsheetMime, Content(kSheet));
  EXPECT_TRUE(OdsFormat().sniff(ods, "list.dat"));
  EXPECT_FALSE(OdtFormat().sniff(ods, "list.odt"));
  EXPECT_FALSE(OdsFormat().sniff("a,b\n1,2\n", "list.ods"));
  EXPECT_FALSE(OdsFormat().sniff(MakeZip({{"list.csv", "a,b"}}), "list.ods"));
}

}  // namespace
}  // namespace mamori::read
