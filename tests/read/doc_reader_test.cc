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
  ASSERT_EQ(outcome.sink.parts_.size(), 1u);
  EXPECT_FALSE(outcome.sink.parts_[0].tabular);
  const std::vector<std::string> expected = {
      "給付研究委員会オープンセミナーのご案内",
      "基礎年金番号 1234-567890 山田 太郎 昭和45年3月2日生",
      "詳細は こちら をご覧ください。",  // the HYPERLINK instruction is left out
      "氏名|住所",
      "佐藤 花子|東京都千代田区1-2-3",
      "以上",
  };
  EXPECT_EQ(Texts(outcome), expected);
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
  const std::string bytes = LoadFixture("text.doc");
  for (size_t size = 0; size < bytes.size(); size += 61) {
    const Outcome outcome = ReadOleBytes(bytes.substr(0, size), "cut.doc");
    if (!outcome.status.has_value()) {
      EXPECT_EQ(outcome.status.error().code, ErrorCode::kCorrupt) << "cut at " << size;
    }
  }
}

}  // namespace
}  // namespace mamori::read
