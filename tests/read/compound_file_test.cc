#include "read/ole/compound_file.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "ole_test_support.h"

namespace mamori::read {
namespace {

using testing::LoadFixture;
using testing::Outcome;
using testing::ReadOle;
using testing::ReadOleBytes;
using testing::StreamInput;

uint32_t U32At(const std::string& bytes, size_t offset) { return ole::LoadU32(bytes, offset); }

void PutU32(std::string& bytes, size_t offset, uint32_t value) {
  for (int i = 0; i < 4; ++i)
    bytes[offset + static_cast<size_t>(i)] = static_cast<char>(value >> (8 * i));
}

TEST(CompoundFile, ListsRootStreamsAndReadsThem) {
  const std::string bytes = LoadFixture("basic.xls");
  MemoryInput input("basic.xls", bytes);
  auto file = ole::CompoundFile::Open(input, Limits{});
  ASSERT_TRUE(file.has_value()) << file.error().message;
  const ole::Entry* workbook = (*file)->Find("WORKBOOK");  // names compare case-insensitively
  ASSERT_NE(workbook, nullptr);
  Result<std::string> stream = (*file)->ReadStream(*workbook);
  ASSERT_TRUE(stream.has_value()) << stream.error().message;
  EXPECT_EQ(stream->size(), workbook->size);
  EXPECT_EQ(stream->substr(0, 2), std::string("\x09\x08", 2));  // BOF
}

TEST(CompoundFile, SmallStreamsComeFromTheMiniStream) {
  const std::string bytes = LoadFixture("minimal_encrypted.docx");
  MemoryInput input("m.docx", bytes);
  auto file = ole::CompoundFile::Open(input, Limits{});
  ASSERT_TRUE(file.has_value()) << file.error().message;
  const ole::Entry* package = (*file)->Find("EncryptedPackage");
  ASSERT_NE(package, nullptr);
  Result<std::string> stream = (*file)->ReadStream(*package);
  ASSERT_TRUE(stream.has_value()) << stream.error().message;
  ASSERT_EQ(stream->size(), 120u);
  EXPECT_EQ(U32At(*stream, 0), 100u);
}

TEST(CompoundFile, SniffNeedsTheSignature) {
  EXPECT_TRUE(SniffOle2(LoadFixture("basic.xls"), "x.dat"));
  EXPECT_FALSE(SniffOle2("PK\x03\x04", "x.xls"));
  EXPECT_FALSE(SniffOle2("\xD0\xCF\x11", "x.xls"));
}

TEST(CompoundFile, NonSeekableInputIsSpooled) {
  const std::string bytes = LoadFixture("basic.xls");
  StreamInput input("zip!/basic.xls", bytes);
  const Outcome outcome = ReadOle(input);
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.At(0, 2, 1), "1234567890");
}

TEST(CompoundFile, SpoolLimitIsEnforced) {
  const std::string bytes = LoadFixture("basic.xls");
  StreamInput input("zip!/basic.xls", bytes);
  Limits limits;
  limits.max_spool_bytes = 1024;
  const Outcome outcome = ReadOle(input, limits);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kLimitExceeded);
}

TEST(CompoundFile, LoopingDirectoryChainIsCorrupt) {
  std::string bytes = LoadFixture("basic.xls");
  const uint32_t directory = U32At(bytes, 0x30);
  const uint32_t fat = U32At(bytes, 0x4C);
  PutU32(bytes, (size_t{fat} + 1) * 512 + 4 * size_t{directory}, directory);
  const Outcome outcome = ReadOleBytes(bytes, "loop.xls");
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(outcome.sink.info_.format, "ole2");
}

TEST(CompoundFile, SectorBeyondTheFileIsCorrupt) {
  std::string bytes = LoadFixture("basic.xls");
  PutU32(bytes, 0x30, 0x00FFFFFF);  // first directory sector
  const Outcome outcome = ReadOleBytes(bytes, "far.xls");
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kCorrupt);
}

TEST(CompoundFile, TruncatedFilesAreCorruptNeverACrash) {
  const std::string bytes = LoadFixture("libreoffice.xls");
  for (size_t size = 0; size < bytes.size(); size += 97) {
    const Outcome outcome = ReadOleBytes(bytes.substr(0, size), "cut.xls");
    if (!outcome.status.has_value()) {
      EXPECT_EQ(outcome.status.error().code, ErrorCode::kCorrupt) << "cut at " << size;
    }
  }
  const Outcome half = ReadOleBytes(bytes.substr(0, bytes.size() / 2), "half.xls");
  ASSERT_FALSE(half.status.has_value());
  EXPECT_EQ(half.status.error().code, ErrorCode::kCorrupt);
}

TEST(CompoundFile, FlippedBytesNeverCrash) {
  const std::string original = LoadFixture("basic.xls");
  std::mt19937 random(4);
  for (int round = 0; round < 300; ++round) {
    std::string bytes = original;
    for (int flip = 0; flip < 8; ++flip) {
      bytes[random() % bytes.size()] = static_cast<char>(random());
    }
    (void)ReadOleBytes(bytes, "flipped.xls");
  }
}

TEST(EncryptedOoxml, AgilePackageIsEncryptedAndNamedByExtension) {
  const Outcome outcome = ReadOleBytes(LoadFixture("encrypted.xlsx"), "share/list.xlsx");
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kEncrypted);
  EXPECT_NE(outcome.status.error().message.find("agile"), std::string::npos);
  EXPECT_EQ(outcome.sink.info_.format, "xlsx");
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kEncrypted);
}

TEST(EncryptedOoxml, StandardEncryptionIsNamed) {
  const Outcome outcome = ReadOleBytes(LoadFixture("encrypted_standard.xlsx"), "a.zip!/b.XLSX");
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_NE(outcome.status.error().message.find("standard"), std::string::npos);
  EXPECT_EQ(outcome.sink.info_.format, "xlsx");
}

TEST(EncryptedOoxml, UnknownExtensionIsOoxml) {
  const std::string bytes = LoadFixture("minimal_encrypted.docx");
  EXPECT_EQ(ReadOleBytes(bytes, "m.docx").sink.info_.format, "docx");
  const Outcome outcome = ReadOleBytes(bytes, "renamed.bin");
  EXPECT_EQ(outcome.sink.info_.format, "ooxml");
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kEncrypted);
}

}  // namespace
}  // namespace mamori::read
