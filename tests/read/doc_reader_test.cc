#include "read/doc/doc_reader.h"

#include <gtest/gtest.h>

#include <string>

#include "ole_test_support.h"

namespace mamori::read {
namespace {

using testing::LoadFixture;
using testing::Outcome;
using testing::ReadOleBytes;

std::vector<std::string> Texts(const Outcome& outcome) {
  std::vector<std::string> texts;
  for (const auto& part : outcome.sink.parts_) {
    for (const auto& row : part.rows) {
      std::string joined;
      for (const auto& [column, text] : row.cells) joined += (joined.empty() ? "" : "|") + text;
      texts.push_back(joined);
    }
  }
  return texts;
}

TEST(DocReader, ParagraphsAndTableRowsBecomeRecords) {
  const Outcome outcome = ReadOleBytes(LoadFixture("text.doc"), "share/notice.doc");
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.info_.format, "doc");
  EXPECT_EQ(outcome.sink.info_.encoding, "word97");
  // Text, the table as a tabular part of its own (header row 氏名|住所), text again.
  ASSERT_EQ(outcome.sink.parts_.size(), 3u);
  EXPECT_FALSE(outcome.sink.parts_[0].tabular);
  EXPECT_TRUE(outcome.sink.parts_[1].tabular);
  EXPECT_EQ(outcome.sink.parts_[1].name, "table 1");
  EXPECT_EQ(outcome.sink.parts_[1].headers, (std::vector<std::string>{"氏名", "住所"}));
  EXPECT_FALSE(outcome.sink.parts_[2].tabular);
  const std::vector<std::string> expected = {
      "給付研究委員会オープンセミナーのご案内",
      "基礎年金番号 1234-567890 山田 太郎 昭和45年3月2日生",
      "詳細は こちら をご覧ください。",  // the HYPERLINK instruction is left out
      "佐藤 花子|東京都千代田区1-2-3",
      "以上",
  };
  EXPECT_EQ(Texts(outcome), expected);
}

// lo_table.doc: without the paragraph properties an empty cell ended the row, and the table
// stayed in the text part without its header row, so birth dates had no evidence.
TEST(DocReader, TableWithEmptyCellsKeepsColumnsAndHeader) {
  const Outcome outcome = ReadOleBytes(LoadFixture("table.doc"), "share/meibo.doc");
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  const auto& parts = outcome.sink.parts_;
  ASSERT_EQ(parts.size(), 4u);  // the empty paragraph Word keeps after a table gives no part
  EXPECT_FALSE(parts[0].tabular);
  ASSERT_TRUE(parts[1].tabular);
  EXPECT_EQ(parts[1].name, "table 1");
  EXPECT_EQ(parts[1].headers,
            (std::vector<std::string>{"氏名", "基礎年金番号", "生年月日", "住所"}));
  ASSERT_EQ(parts[1].rows.size(), 4u);  // one record per row, the header row not among them
  const auto cells = [&parts](size_t row) { return parts[1].rows[row].cells; };
  using Cells = std::vector<std::pair<uint32_t, std::string>>;
  EXPECT_EQ(cells(0), (Cells{{0, "山田 太郎"},
                             {1, "1234-567890"},
                             {2, "昭和45年3月2日"},
                             {3, "東京都千代田区1-2-3"}}));
  // The empty birth-date cell keeps the address in column 3, in the same record.
  EXPECT_EQ(cells(1), (Cells{{0, "佐藤 花子"}, {1, "2345-678901"}, {3, "大阪府大阪市北区1-1"}}));
  // A cell of two paragraphs is one cell, its lines joined.
  EXPECT_EQ(cells(2), (Cells{{0, "鈴木 一郎\nすずき いちろう"},
                             {1, "3456-789012"},
                             {2, "平成2年5月1日"},
                             {3, "福岡県福岡市中央区2-3"}}));
  // An empty first cell and an empty last cell.
  EXPECT_EQ(cells(3), (Cells{{1, "4567-890123"}, {2, "昭和50年1月1日"}}));
  // The paragraph after the table is text again; the next table is a part of its own.
  EXPECT_FALSE(parts[2].tabular);
  ASSERT_EQ(parts[2].rows.size(), 1u);
  EXPECT_EQ(parts[2].rows[0].cells, (Cells{{0, "以上"}}));
  ASSERT_TRUE(parts[3].tabular);
  EXPECT_EQ(parts[3].name, "table 2");
  EXPECT_EQ(parts[3].headers, (std::vector<std::string>{"品名", "数量"}));
  ASSERT_EQ(parts[3].rows.size(), 1u);
  EXPECT_EQ(parts[3].rows[0].cells, (Cells{{0, "りんご"}, {1, "300"}}));
}

TEST(DocReader, EncryptedDocumentIsPasswordProtected) {
  const Outcome outcome = ReadOleBytes(LoadFixture("password.doc"), "secret.doc");
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kEncrypted);
  EXPECT_EQ(outcome.sink.info_.format, "doc");
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kPassword);
  EXPECT_TRUE(outcome.sink.parts_.empty());
}

TEST(DocReader, ObfuscatedFlagIsNamedXor) {
  std::string bytes = LoadFixture("text.doc");
  MemoryInput input("x.doc", bytes);
  auto file = ole::CompoundFile::Open(input, Limits{});
  ASSERT_TRUE(file.has_value());
  const ole::Entry* word = (*file)->Find("WordDocument");
  ASSERT_NE(word, nullptr);
  // The FIB starts the WordDocument stream; find it in the file by its first 16 bytes.
  Result<std::string> stream = (*file)->ReadStream(*word);
  ASSERT_TRUE(stream.has_value());
  const size_t at = bytes.find(stream->substr(0, 16));
  ASSERT_NE(at, std::string::npos);
  bytes[at + 0x0B] = static_cast<char>(bytes[at + 0x0B] | 0x81);  // fEncrypted | fObfuscated
  const Outcome outcome = ReadOleBytes(bytes, "x.doc");
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kEncrypted);
  EXPECT_NE(outcome.status.error().message.find("XOR"), std::string::npos);
}

TEST(DocReader, TruncatedDocumentIsCorruptNeverACrash) {
  for (const char* name : {"text.doc", "table.doc"}) {
    const std::string bytes = LoadFixture(name);
    for (size_t size = 0; size < bytes.size(); size += 61) {
      const Outcome outcome = ReadOleBytes(bytes.substr(0, size), "cut.doc");
      if (!outcome.status.has_value()) {
        EXPECT_EQ(outcome.status.error().code, ErrorCode::kCorrupt) << name << " cut at " << size;
      }
    }
  }
}

// Paragraph properties that do not fit (a bit flipped anywhere in the PAPX pages or the
// table stream) give the cell-mark split or an error, never a crash.
TEST(DocReader, DamagedParagraphPropertiesNeverCrash) {
  const std::string bytes = LoadFixture("table.doc");
  for (size_t at = 0; at < bytes.size(); at += 7) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5A);
    const Outcome outcome = ReadOleBytes(damaged, "damaged.doc");
    (void)outcome;
  }
}

}  // namespace
}  // namespace mamori::read
