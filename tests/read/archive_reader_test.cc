#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "read/archive/archive_format.h"

namespace mamori::read {
namespace {

struct Member {
  std::string path;
  std::string content;
  Protection protection;
};

// Collects members as the scanner would see them; reads each member to its end.
class RecordingContext final : public ReadContext {
 public:
  const Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return false; }
  Status ChargeExpandedBytes(uint64_t bytes) override {
    expanded_ += bytes;
    if (expanded_ > limits_.max_expanded_bytes) {
      return MakeError(ErrorCode::kLimitExceeded, "expanded too much");
    }
    return Ok();
  }
  Status ReadNested(Input& member, Protection protection) override {
    Member seen{std::string(member.path()), "", protection};
    std::vector<char> buffer(4096);
    for (;;) {
      Result<size_t> got = member.Read(buffer);
      if (!got) {
        member_errors_.push_back(got.error());
        if (EndsContainer(got.error())) return tl::unexpected(got.error());
        break;
      }
      if (*got == 0) break;
      seen.content.append(buffer.data(), *got);
    }
    members_.push_back(seen);
    return Ok();
  }

  Limits limits_;
  uint64_t expanded_ = 0;
  std::vector<Member> members_;
  std::vector<Error> member_errors_;
};

class InfoSink final : public RecordSink {
 public:
  void OnInfo(const ReadInfo& info) override { info_ = info; }
  bool OnRecord(const Part&, const Record&) override { return true; }
  ReadInfo info_;
};

struct Entry {
  std::string name;
  std::string content;
};

// Writes an archive in memory with libarchive's writer. `options` e.g. "zip:encryption=zipcrypt".
std::string WriteArchive(int format, int filter, const std::vector<Entry>& entries,
                         const char* options = nullptr, const char* passphrase = nullptr) {
  archive* writer = archive_write_new();
  archive_write_set_format(writer, format);
  if (filter != ARCHIVE_FILTER_NONE) archive_write_add_filter(writer, filter);
  if (options) {
    EXPECT_EQ(archive_write_set_options(writer, options), ARCHIVE_OK);
  }
  if (passphrase) archive_write_set_passphrase(writer, passphrase);
  std::string buffer(1 << 26, '\0');
  size_t used = 0;
  archive_write_open_memory(writer, buffer.data(), buffer.size(), &used);
  for (const Entry& item : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, item.name.c_str());
    archive_entry_set_size(entry, static_cast<la_int64_t>(item.content.size()));
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_write_header(writer, entry);
    archive_write_data(writer, item.content.data(), item.content.size());
    archive_entry_free(entry);
  }
  archive_write_close(writer);
  archive_write_free(writer);
  buffer.resize(used);
  return buffer;
}

struct ReadOutcome {
  Status status;
  ReadInfo info;
  std::vector<Member> members;
};

ReadOutcome ReadArchive(const std::string& bytes, const std::string& path, Limits limits = {}) {
  MemoryInput input(path, bytes);
  RecordingContext context;
  context.limits_ = limits;
  InfoSink sink;
  auto reader = ArchiveFormat().make_reader();
  ReadOutcome outcome{reader->Read(input, context, sink), sink.info_, context.members_};
  return outcome;
}

TEST(ArchiveReader, ZipMembersAreHandedBackWithTheirPaths) {
  const std::string zip = WriteArchive(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE,
                                       {{"dir/list.csv", "a,b\n"}, {"notes.txt", "hello"}});
  ASSERT_TRUE(SniffArchive(zip, "x.zip"));
  const ReadOutcome outcome = ReadArchive(zip, "share/x.zip");
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.info.format, "zip");
  EXPECT_EQ(outcome.info.protection, Protection::kNone);
  ASSERT_EQ(outcome.members.size(), 2u);
  EXPECT_EQ(outcome.members[0].path, "share/x.zip!/dir/list.csv");
  EXPECT_EQ(outcome.members[0].content, "a,b\n");
  EXPECT_EQ(outcome.members[1].content, "hello");
}

TEST(ArchiveReader, TraditionalZipEncryptionIsReportedPerEntry) {
  const std::string zip =
      WriteArchive(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, {{"secret.csv", "1234-567890"}},
                   "zip:encryption=zipcrypt", "pw");
  const ReadOutcome outcome = ReadArchive(zip, "x.zip");
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.info.protection, Protection::kPassword);
  ASSERT_EQ(outcome.members.size(), 1u);
  EXPECT_EQ(outcome.members[0].protection, Protection::kPassword);
  EXPECT_TRUE(outcome.members[0].content.empty());
}

TEST(ArchiveReader, AesZipEncryptionIsDetected) {
  const std::string zip =
      WriteArchive(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, {{"secret.csv", "1234-567890"}},
                   "zip:encryption=aes256", "pw");
  const ReadOutcome outcome = ReadArchive(zip, "x.zip");
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.info.protection, Protection::kPassword);
}

TEST(ArchiveReader, SevenZipIsRead) {
  const std::string seven =
      WriteArchive(ARCHIVE_FORMAT_7ZIP, ARCHIVE_FILTER_NONE, {{"a.csv", "x,y\n"}});
  ASSERT_TRUE(SniffArchive(seven, "a.7z"));
  const ReadOutcome outcome = ReadArchive(seven, "a.7z");
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.info.format, "7z");
  ASSERT_EQ(outcome.members.size(), 1u);
  EXPECT_EQ(outcome.members[0].content, "x,y\n");
}

TEST(ArchiveReader, TarGzIsOneArchiveWithAFilter) {
  const std::string tgz = WriteArchive(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP,
                                       {{"a.csv", "x"}, {"b.txt", "y"}});
  const ReadOutcome outcome = ReadArchive(tgz, "a.tar.gz");
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.info.format, "tar.gz");
  EXPECT_EQ(outcome.members.size(), 2u);
}

TEST(ArchiveReader, SingleGzipStreamIsNamedAfterItsFile) {
  const std::string gz = WriteArchive(ARCHIVE_FORMAT_RAW, ARCHIVE_FILTER_GZIP, {{"data", "a,b\n"}});
  const ReadOutcome outcome = ReadArchive(gz, "share/list.csv.gz");
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.info.format, "gz");
  ASSERT_EQ(outcome.members.size(), 1u);
  EXPECT_EQ(outcome.members[0].path, "share/list.csv.gz!/list.csv");
  EXPECT_EQ(outcome.members[0].content, "a,b\n");
}

// Incompressible content: neither the declared sizes nor the ratio give it away, only the
// bytes expanded for the whole top-level file.
TEST(ArchiveReader, ExpansionBudgetStopsTheArchive) {
  std::string noise(20 << 20, '\0');
  uint64_t state = 88172645463325252ULL;
  for (char& byte : noise) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    byte = static_cast<char>(state);
  }
  const std::string zip = WriteArchive(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, {{"noise", noise}});
  Limits limits;
  limits.max_expanded_bytes = 8 << 20;
  const ReadOutcome outcome = ReadArchive(zip, "big.zip", limits);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kLimitExceeded);
}

// 42.zip-style: 64 MiB of zeros declared in a zip of some 64 KiB is a bomb before a single
// byte is expanded.
TEST(ArchiveReader, DeclaredSizesFarBeyondTheArchiveAreABomb) {
  const std::string zeros(64 << 20, '\0');
  const std::string zip = WriteArchive(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, {{"zeros", zeros}});
  const ReadOutcome outcome = ReadArchive(zip, "bomb.zip");
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kArchiveBomb);
  EXPECT_TRUE(outcome.members.empty());
}

// Without declared sizes (a stream), the ratio of expanded to compressed bytes catches it.
// (Zeros would not do: libarchive reads a block of zeros as an empty tar archive.)
TEST(ArchiveReader, BombStopsAtTheExpansionRatio) {
  const std::string same(64 << 20, 'x');
  const std::string gz = WriteArchive(ARCHIVE_FORMAT_RAW, ARCHIVE_FILTER_GZIP, {{"data", same}});
  RecordingContext context;
  MemoryInput input("same.txt.gz", gz);
  InfoSink sink;
  const Status status = ArchiveFormat().make_reader()->Read(input, context, sink);
  ASSERT_EQ(context.member_errors_.size(), 1u);
  EXPECT_EQ(context.member_errors_[0].code, ErrorCode::kArchiveBomb);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kArchiveBomb);
}

TEST(ArchiveReader, TruncatedZipIsCorruptNotACrash) {
  std::string zip =
      WriteArchive(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, {{"a.csv", std::string(10000, 'x')}});
  zip.resize(zip.size() / 2);
  const ReadOutcome outcome = ReadArchive(zip, "cut.zip");
  EXPECT_TRUE(!outcome.status.has_value() || outcome.members.size() <= 1);
}

TEST(ArchiveReader, TooManyEntriesIsALimit) {
  std::vector<Entry> entries;
  for (int i = 0; i < 20; ++i) entries.push_back({"f" + std::to_string(i), "x"});
  const std::string zip = WriteArchive(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, entries);
  Limits limits;
  limits.max_entries = 10;
  const ReadOutcome outcome = ReadArchive(zip, "many.zip", limits);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kLimitExceeded);
}

TEST(ArchiveReader, NotSniffedForText) {
  EXPECT_FALSE(SniffArchive("基礎年金番号,氏名\n", "list.csv"));
  EXPECT_FALSE(SniffArchive("", "empty.zip"));
}

// LZH moved to its own reader (read/lzh); the libarchive formats are still claimed here.
TEST(ArchiveReader, SniffsLibarchiveFormatsButNotLzh) {
  EXPECT_TRUE(SniffArchive(
      WriteArchive(ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE, {{"a", "b"}}), "a.tar"));
  EXPECT_TRUE(
      SniffArchive(WriteArchive(ARCHIVE_FORMAT_RAW, ARCHIVE_FILTER_GZIP, {{"a", "b"}}), "a.gz"));
  EXPECT_TRUE(SniffArchive(std::string("Rar!\x1A\x07\x00", 7), "a.rar"));
  EXPECT_TRUE(SniffArchive("MSCF\0\0\0\0", "a.cab"));
  const std::string lzh_head = std::string("\x2A\x00-lh5-", 7) + std::string(20, '\x02');
  EXPECT_FALSE(SniffArchive(lzh_head, "a.lzh"));
}

}  // namespace
}  // namespace mamori::read
