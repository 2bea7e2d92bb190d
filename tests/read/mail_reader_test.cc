#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "read/mail/mail_format.h"

namespace mamori::read {
namespace {

// A mail as the 2015 attack's follow-ups looked: ISO-2022-JP subject in a B word, a
// quoted-printable UTF-8 body with personal data, a base64 CP932 CSV attached.
constexpr std::string_view kMail =
    "From: sender@example.jp\r\n"
    "To: staff@example.go.jp\r\n"
    "Subject: =?ISO-2022-JP?B?GyRCNHBBQ0cvNmJIVjlmGyhCIDEyMzQtNTY3ODkwIBskQiRON28bKEI=?=\r\n"
    "Date: Mon, 18 May 2015 09:00:00 +0900\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "=E6=B0=8F=E5=90=8D=EF=BC=9A=E5=B1=B1=E7=94=B0 =E5=A4=AA=E9=83=8E\r\n"
    "=E7=94=9F=E5=B9=B4=E6=9C=88=E6=97=A5=EF=BC=9A=E6=98=AD=E5=92=8C45=E5=B9=B43=\r\n"
    "=E6=9C=882=E6=97=A5\r\n"
    "=E5=9F=BA=E7=A4=8E=E5=B9=B4=E9=87=91=E7=95=AA=E5=8F=B7=EF=BC=9A1234567890\r\n"
    "--b1\r\n"
    "Content-Type: text/csv; name=\"list.csv\"\r\n"
    "Content-Disposition: attachment; filename=\"list.csv\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "iu6RYpROi+CU1I2GLI6BlrwKMjM0NS02Nzg5MDEsjbKToSCJ1I5xCg==\r\n"
    "--b1--\r\n";

struct Member {
  std::string path;
  std::string content;
};

class RecordingContext final : public ReadContext {
 public:
  const Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return false; }
  Status ChargeExpandedBytes(uint64_t) override { return Ok(); }
  Status ReadNested(Input& member, Protection) override {
    Member seen{std::string(member.path()), ""};
    std::vector<char> buffer(4096);
    for (;;) {
      Result<size_t> got = member.Read(buffer);
      if (!got || *got == 0) break;
      seen.content.append(buffer.data(), *got);
    }
    members.push_back(seen);
    return Ok();
  }
  Limits limits_;
  std::vector<Member> members;
};

class TextSink final : public RecordSink {
 public:
  void OnInfo(const ReadInfo& read_info) override { info = read_info; }
  bool OnRecord(const Part&, const Record& record) override {
    for (const Cell& cell : record.cells) text += std::string(cell.text) + "\n";
    return true;
  }
  ReadInfo info;
  std::string text;
};

TEST(MailReader, SniffsHeaderBlocks) {
  EXPECT_TRUE(SniffMail(kMail, "x.eml"));
  EXPECT_FALSE(SniffMail("基礎年金番号,氏名\n1234-567890,山田 太郎\n", "list.csv"));
  EXPECT_FALSE(SniffMail("Subject: only one known field\n\nbody", "x.txt"));
}

TEST(MailReader, DecodesSubjectAndQuotedPrintableBody) {
  MemoryInput input("mail.eml", kMail);
  RecordingContext context;
  TextSink sink;
  ASSERT_TRUE(MailFormat().make_reader()->Read(input, context, sink).has_value());
  EXPECT_EQ(sink.info.format, "eml");
  EXPECT_EQ(sink.info.encoding, "utf-8");  // the body's, as detected
  EXPECT_NE(sink.text.find("基礎年金番号 1234-567890 の件"), std::string::npos) << sink.text;
  EXPECT_NE(sink.text.find("山田 太郎"), std::string::npos) << sink.text;
  EXPECT_NE(sink.text.find("昭和45年3月2日"), std::string::npos) << sink.text;
}

TEST(MailReader, AttachmentIsHandedBackDecoded) {
  MemoryInput input("mail.eml", kMail);
  RecordingContext context;
  TextSink sink;
  ASSERT_TRUE(MailFormat().make_reader()->Read(input, context, sink).has_value());
  ASSERT_EQ(context.members.size(), 1u);
  EXPECT_EQ(context.members[0].path, "mail.eml!/list.csv");
  // The CP932 bytes arrive untouched: the text reader detects their encoding itself.
  EXPECT_EQ(context.members[0].content.substr(0, 4), "\x8A\xEE\x91\x62");
}

TEST(MailReader, MailLargerThanTheSpoolLimitIsALimitError) {
  MemoryInput input("mail.eml", kMail);
  RecordingContext context;
  context.limits_.max_spool_bytes = 100;
  TextSink sink;
  const Status status = MailFormat().make_reader()->Read(input, context, sink);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace mamori::read
