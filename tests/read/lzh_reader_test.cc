#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "read/lzh/lzh_format.h"

namespace mamori::read {
namespace {

struct Member {
  std::string path;
  std::string content;
  std::optional<Error> error;
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
    EXPECT_EQ(protection, Protection::kNone);
    Member seen{std::string(member.path()), "", std::nullopt};
    std::vector<char> buffer(7);  // small, so the head buffer and expansion interleave
    for (;;) {
      Result<size_t> got = member.Read(buffer);
      if (!got) {
        seen.error = got.error();
        if (got.error().code == ErrorCode::kLimitExceeded) {
          members_.push_back(seen);
          return tl::unexpected(got.error());
        }
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
};

class InfoSink final : public RecordSink {
 public:
  void OnInfo(const ReadInfo& info) override { info_ = info; }
  bool OnRecord(const Part&, const Record&) override { return true; }
  void OnWarning(const Error& warning) override { warnings_.push_back(warning); }
  ReadInfo info_;
  std::vector<Error> warnings_;
};

// A stream: not seekable, no size (an archive attached to a mail).
class StreamInput final : public Input {
 public:
  StreamInput(std::string path, ByteView bytes) : inner_(std::move(path), bytes) {}
  std::string_view path() const override { return inner_.path(); }
  Result<ByteView> head() override { return inner_.head(); }
  std::optional<uint64_t> size() const override { return std::nullopt; }
  Result<size_t> Read(std::span<char> buffer) override {
    return inner_.Read(buffer.subspan(0, std::min<size_t>(buffer.size(), 5)));  // short reads
  }

 private:
  MemoryInput inner_;
};

// Written by jlha with CP932 names (testdata/README.md, section lzh/).
std::string LoadLzh(const std::string& name) {
  std::ifstream in(std::string(MAMORI_SOURCE_DIR) + "/testdata/lzh/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << name;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const std::string kCsv =
    "氏名,基礎年金番号,生年月日\n山田 太郎,1234-567890,1970/03/02\n佐藤 "
    "花子,2345-678901,1985/11/20\n";

std::string Guide() {
  std::string text;
  for (int i = 1; i <= 40; ++i) text += "これは送付のご案内です。行 " + std::to_string(i) + "\n";
  return text;
}

struct Outcome {
  Status status;
  InfoSink sink;
  RecordingContext context;
};

void ReadLzh(Input& input, Outcome& outcome) {
  auto reader = LzhFormat().make_reader();
  outcome.status = reader->Read(input, outcome.context, outcome.sink);
}

TEST(LzhReader, Level2Cp932NamesAndContents) {
  const std::string lzh = LoadLzh("meibo_lh5.lzh");
  ASSERT_TRUE(SniffLzh(lzh, "meibo_lh5.lzh"));
  MemoryInput input("share/meibo.lzh", lzh);
  Outcome outcome;
  ReadLzh(input, outcome);
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.info_.format, "lzh");
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kNone);
  EXPECT_TRUE(outcome.sink.warnings_.empty());
  // The directory entry 名簿/ (-lhd-) is skipped; -lh0- and -lh5- members are expanded.
  const auto& members = outcome.context.members_;
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].path, "share/meibo.lzh!/名簿/受給者名簿.csv");
  EXPECT_EQ(members[0].content, kCsv);
  EXPECT_EQ(members[1].path, "share/meibo.lzh!/ご案内.txt");
  EXPECT_EQ(members[1].content, Guide());
  EXPECT_FALSE(members[1].error.has_value());
}

TEST(LzhReader, StoredMember) {
  const std::string lzh = LoadLzh("stored_lh0.lzh");
  MemoryInput input("x.lzh", lzh);
  Outcome outcome;
  ReadLzh(input, outcome);
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  ASSERT_EQ(outcome.context.members_.size(), 1u);
  EXPECT_EQ(outcome.context.members_[0].path, "x.lzh!/通知.txt");
  EXPECT_EQ(outcome.context.members_[0].content, "お知らせ\n");
}

TEST(LzhReader, NonSeekableInputWithShortReads) {
  const std::string lzh = LoadLzh("meibo_lh5.lzh");
  StreamInput input("mail.eml!/meibo.lzh", lzh);
  Outcome outcome;
  ReadLzh(input, outcome);
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  ASSERT_EQ(outcome.context.members_.size(), 2u);
  EXPECT_EQ(outcome.context.members_[0].content, kCsv);
  EXPECT_EQ(outcome.context.members_[1].content, Guide());
}

TEST(LzhReader, TruncatedCopiesFailCleanly) {
  const std::string lzh = LoadLzh("meibo_lh5.lzh");
  for (size_t cut = 0; cut < lzh.size() - 1; ++cut) {
    const std::string truncated = lzh.substr(0, cut);
    for (const bool stream : {false, true}) {
      MemoryInput memory("cut.lzh", truncated);
      StreamInput streamed("cut.lzh", truncated);
      Outcome outcome;
      ReadLzh(stream ? static_cast<Input&>(streamed) : memory, outcome);
      // Every cut loses something: the archive fails or is partial, never silently whole.
      EXPECT_TRUE(!outcome.status.has_value() || !outcome.sink.warnings_.empty())
          << "cut at " << cut << (stream ? " (stream)" : "");
      if (!outcome.status.has_value()) {
        EXPECT_EQ(outcome.status.error().code, ErrorCode::kCorrupt) << "cut at " << cut;
      }
    }
  }
}

TEST(LzhReader, CrcMismatchMakesTheMemberCorrupt) {
  std::string lzh = LoadLzh("stored_lh0.lzh");
  ASSERT_EQ(lzh.substr(lzh.size() - 2), std::string("\n\0", 2));  // stored data, end marker
  lzh[lzh.size() - 2] = 'x';
  MemoryInput input("x.lzh", lzh);
  Outcome outcome;
  ReadLzh(input, outcome);
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  ASSERT_EQ(outcome.context.members_.size(), 1u);
  ASSERT_TRUE(outcome.context.members_[0].error.has_value());
  EXPECT_EQ(outcome.context.members_[0].error->code, ErrorCode::kCorrupt);
  ASSERT_EQ(outcome.sink.warnings_.size(), 1u);
  EXPECT_EQ(outcome.sink.warnings_[0].code, ErrorCode::kCorrupt);
}

TEST(LzhReader, EntriesLimit) {
  const std::string lzh = LoadLzh("meibo_lh5.lzh");  // 3 entries: a directory and 2 files
  MemoryInput input("x.lzh", lzh);
  Outcome outcome;
  outcome.context.limits_.max_entries = 2;
  ReadLzh(input, outcome);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(outcome.context.members_.size(), 1u);
}

TEST(LzhReader, ExpandedBytesBudgetStopsTheArchive) {
  const std::string lzh = LoadLzh("meibo_lh5.lzh");
  MemoryInput input("x.lzh", lzh);
  Outcome outcome;
  outcome.context.limits_.max_expanded_bytes = 200;
  ReadLzh(input, outcome);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kLimitExceeded);
}

TEST(LzhReader, Sniff) {
  EXPECT_TRUE(SniffLzh(LoadLzh("stored_lh0.lzh"), "a.bin"));
  EXPECT_FALSE(SniffLzh("xx-lh5-", "a.lzh"));
  EXPECT_FALSE(SniffLzh("基礎年金番号,氏名,生年月日,住所\n1234-567890\n", "a.lzh"));
  EXPECT_FALSE(SniffLzh(std::string("PK\x03\x04", 4) + std::string(40, '\0'), "a.zip"));
  std::string bad_level = LoadLzh("stored_lh0.lzh");
  bad_level[20] = 9;
  EXPECT_FALSE(SniffLzh(bad_level, "a.lzh"));
}

TEST(LzhReader, NotAnArchive) {
  const std::string bytes(100, 'x');
  MemoryInput input("x.lzh", bytes);
  Outcome outcome;
  ReadLzh(input, outcome);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace mamori::read
