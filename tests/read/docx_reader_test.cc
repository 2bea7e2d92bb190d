#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "office_test_support.h"
#include "read/docx/docx_format.h"

namespace mamori::read {
namespace {

using testing::MakeZip;
using testing::RecordingSink;
using testing::TestContext;
using testing::ZipMember;

const std::string kRelBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

std::string Rels(const std::vector<std::pair<std::string, std::string>>& typed_targets) {
  std::string xml =
      R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  int id = 0;
  for (const auto& [type, target] : typed_targets) {
    xml += "<Relationship Id=\"rId" + std::to_string(++id) + "\" Type=\"" + kRelBase + type +
           "\" Target=\"" + target + "\"/>";
  }
  return xml + "</Relationships>";
}

std::string Document(const std::string& body) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>)"
         R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
         R"(xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>)" +
         body + "</w:body></w:document>";
}

std::string P(const std::string& text) {
  return "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr><w:r><w:t>" +
         text + "</w:t></w:r></w:p>";
}

std::string Tc(const std::string& text) { return "<w:tc>" + P(text) + "</w:tc>"; }

Status ReadDocument(const std::string& bytes, RecordingSink& sink, const Format& format) {
  TestContext context;
  MemoryInput input("doc", bytes);
  return format.make_reader()->Read(input, context, sink);
}

TEST(DocxReader, ParagraphsAndTables) {
  const std::string body =
      P("お客様各位") +
      R"(<w:p><w:r><w:t xml:space="preserve">担当 </w:t></w:r><w:r><w:tab/><w:t>山田</w:t></w:r>)"
      R"(<w:del><w:r><w:delText>090-1234-5678</w:delText></w:r></w:del></w:p>)" +
      "<w:tbl><w:tblGrid/><w:tr>" + Tc("氏名") + Tc("生年月日") + "</w:tr><w:tr>" + Tc("鈴木花子") +
      Tc("1980年4月1日") + "</w:tr><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" +
      P("合計") + "</w:tc>" + Tc("x") + "</w:tr></w:tbl>" +
      R"(<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>)" +
      P("枠の中") +
      R"(</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>)" +
      P("枠の中") + R"(</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>)";
  const std::string bytes =
      MakeZip({{"[Content_Types].xml", "<Types/>"},
               {"_rels/.rels", Rels({{"officeDocument", "word/document.xml"}})},
               {"word/document.xml", Document(body)}});
  EXPECT_TRUE(DocxFormat().sniff(bytes, "letter.bin"));
  EXPECT_FALSE(PptxFormat().sniff(bytes, "letter.pptx"));
  RecordingSink sink;
  Status status = ReadDocument(bytes, sink, DocxFormat());
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(sink.info.format, "docx");
  ASSERT_EQ(sink.parts.size(), 3u);
  EXPECT_FALSE(sink.parts[0].tabular);
  EXPECT_EQ(sink.parts[1].name, "table 1");
  EXPECT_EQ(sink.parts[1].headers, (std::vector<std::string>{"氏名", "生年月日"}));
  ASSERT_EQ(sink.records.size(), 5u);
  EXPECT_EQ(sink.records[0].At(0), "お客様各位");
  EXPECT_EQ(sink.records[1].At(0), "担当 \t山田090-1234-5678");
  EXPECT_EQ(sink.records[2].At(0), "鈴木花子");
  EXPECT_EQ(sink.records[2].At(1), "1980年4月1日");
  EXPECT_EQ(sink.records[3].At(0), "合計");
  EXPECT_EQ(sink.records[3].At(2), "x");       // after a cell spanning two grid columns
  EXPECT_EQ(sink.records[4].At(0), "枠の中");  // once: the fallback copy is skipped
  EXPECT_EQ(sink.records[4].index, 3u);
}

TEST(DocxReader, BrokenXmlIsCorrupt) {
  const std::string bytes =
      MakeZip({{"_rels/.rels", Rels({{"officeDocument", "word/document.xml"}})},
               {"word/document.xml", Document(P("a")).substr(0, 200)}});
  RecordingSink sink;
  Status status = ReadDocument(bytes, sink, DocxFormat());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(status.error().message.find("word/document.xml"), std::string::npos);
}

std::string Slide(const std::string& tree) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>)"
         R"(<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" )"
         R"(xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree>)" +
         tree + "</p:spTree></p:cSld></p:sld>";
}

std::string Shape(const std::string& text) {
  return "<p:sp><p:txBody><a:p><a:r><a:t>" + text +
         "</a:t></a:r><a:br/><a:r><a:t>2行目</a:t></a:r></a:p></p:txBody></p:sp>";
}

TEST(PptxReader, SlidesInPresentationOrder) {
  const std::string presentation =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" )"
      R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
      R"(<p:sldIdLst><p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId1"/></p:sldIdLst></p:presentation>)";
  const std::string table =
      R"(<p:graphicFrame><a:graphic><a:graphicData><a:tbl><a:tr><a:tc><a:txBody><a:p><a:r><a:t>氏名</a:t></a:r></a:p></a:txBody></a:tc>)"
      R"(<a:tc><a:txBody><a:p><a:r><a:t>電話</a:t></a:r></a:p></a:txBody></a:tc></a:tr>)"
      R"(<a:tr><a:tc><a:txBody><a:p><a:r><a:t>山田太郎</a:t></a:r></a:p></a:txBody></a:tc>)"
      R"(<a:tc><a:txBody><a:p><a:r><a:t>03-1234-5678</a:t></a:r></a:p></a:txBody></a:tc></a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>)";
  const std::string bytes =
      MakeZip({{"[Content_Types].xml", "<Types/>"},
               {"_rels/.rels", Rels({{"officeDocument", "ppt/presentation.xml"}})},
               {"ppt/presentation.xml", presentation},
               {"ppt/_rels/presentation.xml.rels",
                Rels({{"slide", "slides/slide1.xml"}, {"slide", "slides/slide2.xml"}})},
               {"ppt/slides/slide1.xml", Slide(Shape("後のスライド"))},
               {"ppt/slides/slide2.xml", Slide(Shape("最初のスライド") + table)}});
  EXPECT_TRUE(PptxFormat().sniff(bytes, "deck.bin"));
  EXPECT_FALSE(DocxFormat().sniff(bytes, "deck.docx"));
  RecordingSink sink;
  Status status = ReadDocument(bytes, sink, PptxFormat());
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(sink.info.format, "pptx");
  ASSERT_EQ(sink.parts.size(), 3u);
  EXPECT_EQ(sink.parts[0].name, "slide 1");
  EXPECT_EQ(sink.parts[1].name, "slide 1 table 1");
  EXPECT_EQ(sink.parts[1].headers, (std::vector<std::string>{"氏名", "電話"}));
  EXPECT_EQ(sink.parts[2].name, "slide 2");
  ASSERT_EQ(sink.records.size(), 3u);
  EXPECT_EQ(sink.records[0].At(0), "最初のスライド\n2行目");
  EXPECT_EQ(sink.records[1].At(1), "03-1234-5678");
  EXPECT_EQ(sink.records[2].At(0), "後のスライド\n2行目");
}

}  // namespace
}  // namespace mamori::read
