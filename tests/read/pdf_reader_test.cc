#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "read/pdf/pdf_format.h"

namespace mamori::read {
namespace {

// Fixtures made by testdata/pdf/make_pdf_fixtures.py and qpdf (testdata/README.md).
std::string Fixture(const std::string& name) {
  std::ifstream file(std::string(MAMORI_SOURCE_DIR) + "/testdata/pdf/" + name, std::ios::binary);
  EXPECT_TRUE(file.good()) << name;
  return std::string(std::istreambuf_iterator<char>(file), {});
}

class NoNesting final : public ReadContext {
 public:
  const Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return timed_out_; }
  Status ReadNested(Input& member, Protection) override {
    std::string content(4096, '\0');
    Result<size_t> got = member.Read(content);
    content.resize(got.value_or(0));
    members_.push_back(std::string(member.path()) + "=" + content);
    return Ok();
  }
  Status ChargeExpandedBytes(uint64_t) override { return Ok(); }

  Limits limits_;
  bool timed_out_ = false;
  std::vector<std::string> members_;
};

struct Line {
  std::string page;
  uint64_t index;
  std::string text;
};

class CollectingSink final : public RecordSink {
 public:
  void OnInfo(const ReadInfo& info) override { info_ = info; }
  void OnPartBegin(const Part& part) override {
    parts_.emplace_back(part.name);
    EXPECT_FALSE(part.tabular);
    EXPECT_TRUE(part.headers.empty());
  }
  bool OnRecord(const Part& part, const Record& record) override {
    EXPECT_EQ(record.cells.size(), 1u);
    lines_.push_back({std::string(part.name), record.index, std::string(record.cells[0].text)});
    return lines_.size() < stop_after_;
  }
  void OnWarning(const Error& warning) override { warnings_.push_back(warning); }

  ReadInfo info_;
  std::vector<std::string> parts_;
  std::vector<Line> lines_;
  std::vector<Error> warnings_;
  size_t stop_after_ = SIZE_MAX;
};

struct Outcome {
  Status status;
  CollectingSink sink;
};

Outcome ReadPdf(const std::string& bytes, NoNesting& context, size_t stop_after = SIZE_MAX) {
  MemoryInput input("list.pdf", bytes);
  Outcome outcome;
  outcome.sink.stop_after_ = stop_after;
  auto reader = PdfFormat().make_reader();
  outcome.status = reader->Read(input, context, outcome.sink);
  return outcome;
}

Outcome ReadPdf(const std::string& bytes) {
  NoNesting context;
  return ReadPdf(bytes, context);
}

TEST(PdfReader, SniffFindsHeaderWithinFirstKilobyte) {
  EXPECT_TRUE(SniffPdf("%PDF-1.4\n", "x"));
  EXPECT_TRUE(SniffPdf(std::string(500, ' ') + "%PDF-1.7", "x"));
  EXPECT_FALSE(SniffPdf(std::string(1100, ' ') + "%PDF-1.7", "x"));
  EXPECT_FALSE(SniffPdf("PK\x03\x04", "x.pdf"));
}

TEST(PdfReader, EachPageIsAPartAndEachLineARecord) {
  const Outcome outcome = ReadPdf(Fixture("list.pdf"));
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.info_.format, "pdf");
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kNone);
  EXPECT_EQ(outcome.sink.parts_, (std::vector<std::string>{"page 1", "page 2"}));
  ASSERT_EQ(outcome.sink.lines_.size(), 4u);
  EXPECT_EQ(outcome.sink.lines_[0].page, "page 1");
  EXPECT_EQ(outcome.sink.lines_[0].index, 1u);
  EXPECT_EQ(outcome.sink.lines_[0].text, "Kiso nenkin bango 1234-567890");
  EXPECT_EQ(outcome.sink.lines_[3].page, "page 2");
  EXPECT_EQ(outcome.sink.lines_[3].text, "Tel 03-1234-5678");
}

// HeiseiMin-W3 is a non-embedded CID font: the text comes out through poppler-data's CMaps.
TEST(PdfReader, JapaneseTextOfCidFontIsUtf8) {
  const Outcome outcome = ReadPdf(Fixture("list.pdf"));
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  ASSERT_EQ(outcome.sink.lines_.size(), 4u);
  EXPECT_EQ(outcome.sink.lines_[1].text, "氏名 山田太郎 生年月日 昭和50年4月1日");
  EXPECT_EQ(outcome.sink.lines_[2].text, "住所 東京都千代田区千代田1-1");
}

TEST(PdfReader, OpenPasswordIsProtectedAndContentUnknown) {
  const std::string bytes = Fixture("list-user-password.pdf");
  const Outcome outcome = ReadPdf(bytes);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kEncrypted);
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kPassword);
  EXPECT_TRUE(outcome.sink.lines_.empty());
  EXPECT_EQ(InspectPdfSecurity(bytes).value(), PdfSecurity::kUserPassword);
}

TEST(PdfReader, OwnerOnlyRestrictionsAreReadAndNotProtection) {
  const std::string bytes = Fixture("list-owner-only.pdf");
  const Outcome outcome = ReadPdf(bytes);
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kNone);
  ASSERT_EQ(outcome.sink.lines_.size(), 4u);
  EXPECT_EQ(outcome.sink.lines_[0].text, "Kiso nenkin bango 1234-567890");
  EXPECT_EQ(InspectPdfSecurity(bytes).value(), PdfSecurity::kOwnerOnly);
  EXPECT_EQ(InspectPdfSecurity(Fixture("list.pdf")).value(), PdfSecurity::kNone);
}

TEST(PdfReader, AttachedFilesAreHandedBackAsMembers) {
  NoNesting context;
  const Outcome outcome = ReadPdf(Fixture("list-attachment.pdf"), context);
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.lines_.size(), 4u);
  EXPECT_EQ(context.members_,
            (std::vector<std::string>{"list.pdf!/members.csv=name,pension\nYamada,1234-567890\n"}));
}

TEST(PdfReader, TruncatedFilesFailOrReadWithoutCrashing) {
  const std::string bytes = Fixture("list.pdf");
  for (size_t size : {size_t{0}, size_t{8}, size_t{100}, bytes.size() / 2, bytes.size() - 10}) {
    const Outcome outcome = ReadPdf(bytes.substr(0, size));
    // poppler reconstructs a lost cross-reference table, so a cut file may still give the
    // pages before the cut; what must not happen is a crash or an invented protection.
    EXPECT_EQ(outcome.sink.info_.protection, Protection::kNone) << size;
    if (size < 100) {
      ASSERT_FALSE(outcome.status.has_value()) << size;
      EXPECT_EQ(outcome.status.error().code, ErrorCode::kCorrupt);
    }
  }
}

TEST(PdfReader, GarbageAfterHeaderIsCorrupt) {
  const Outcome outcome = ReadPdf("%PDF-1.7\n" + std::string(4096, '\x01'));
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kCorrupt);
}

TEST(PdfReader, LargerThanSpoolLimitIsLimitExceeded) {
  NoNesting context;
  context.limits_.max_spool_bytes = 1024;
  const Outcome outcome = ReadPdf(Fixture("list.pdf"), context);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kLimitExceeded);
}

TEST(PdfReader, TimeLimitStopsBetweenPages) {
  NoNesting context;
  context.timed_out_ = true;
  const Outcome outcome = ReadPdf(Fixture("list.pdf"), context);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kLimitExceeded);
}

TEST(PdfReader, SinkCanStopTheRead) {
  NoNesting context;
  const Outcome outcome = ReadPdf(Fixture("list.pdf"), context, 1);
  ASSERT_TRUE(outcome.status.has_value());
  EXPECT_EQ(outcome.sink.lines_.size(), 1u);
}

TEST(PdfReader, LongLineIsCutWithAWarning) {
  NoNesting context;
  context.limits_.max_record_bytes = 10;
  const Outcome outcome = ReadPdf(Fixture("list.pdf"), context);
  ASSERT_TRUE(outcome.status.has_value());
  EXPECT_EQ(outcome.sink.lines_[0].text, "Kiso nenki");
  EXPECT_EQ(outcome.sink.warnings_.size(), 1u);
}

}  // namespace
}  // namespace mamori::read
