#include <gmime/gmime.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "read/internal/spool.h"
#include "read/mail/mail_format.h"
#include "read/text/text_format.h"

namespace mamori::read {
namespace {

void InitGmimeOnce() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct GObjectUnref {
  void operator()(void* object) const {
    if (object) g_object_unref(object);
  }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

// Forwards a nested text read into the mail's own sink, keeping the mail's format and
// encoding (the text reader would report "text").
class BodySink final : public RecordSink {
 public:
  explicit BodySink(RecordSink& mail) : mail_(mail) {}
  void OnInfo(const ReadInfo& info) override { encoding = info.encoding; }
  void OnPartBegin(const Part& part) override { mail_.OnPartBegin(part); }
  bool OnRecord(const Part& part, const Record& record) override {
    return mail_.OnRecord(part, record);
  }
  void OnPartEnd(const Part& part) override { mail_.OnPartEnd(part); }
  void OnWarning(const Error& warning) override { mail_.OnWarning(warning); }

  std::string encoding;  // what the text reader detected for this body

 private:
  RecordSink& mail_;
};

std::string DecodedBytes(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return {};
  GPtr<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, out.get());
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

std::string Serialized(GMimeObject* object) {
  GPtr<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(object, nullptr, out.get());
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

std::string AddressList(InternetAddressList* list) {
  if (list == nullptr || internet_address_list_length(list) == 0) return {};
  char* text = internet_address_list_to_string(list, nullptr, FALSE);
  std::string result = text ? text : "";
  g_free(text);
  return result;
}

class MailReader final : public Reader {
 public:
  MailReader() : text_reader_(TextFormat().make_reader()) {}

  Status Read(Input& input, ReadContext& context, RecordSink& sink) override {
    InitGmimeOnce();
    std::string bytes;
    if (Status spooled =
            internal::SpoolInput(input, context.limits().max_spool_bytes, "mail", bytes);
        !spooled) {
      return spooled;
    }
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
    if (!message) return MakeError(ErrorCode::kCorrupt, "not a MIME message");

    ReadInfo info;
    info.format = "eml";
    info.encoding = "mime";
    sink.OnInfo(info);
    outer_ = std::string(input.path());
    attachment_count_ = 0;
    body_count_ = 0;
    body_encoding_.clear();

    std::string headers;
    const char* subject = g_mime_message_get_subject(message.get());
    if (subject) headers += std::string("Subject: ") + subject + "\n";
    for (const auto& [label, list] : std::array<std::pair<const char*, InternetAddressList*>, 4>{
             {{"From: ", g_mime_message_get_from(message.get())},
              {"To: ", g_mime_message_get_to(message.get())},
              {"Cc: ", g_mime_message_get_cc(message.get())},
              {"Reply-To: ", g_mime_message_get_reply_to(message.get())}}}) {
      const std::string addresses = AddressList(list);
      if (!addresses.empty()) headers += label + addresses + "\n";
    }
    if (Status read = ReadText(headers, "headers", context, sink); !read) return read;
    GMimeObject* body = g_mime_message_get_mime_part(message.get());
    Status walked = body ? Walk(body, context, sink, 0) : Ok();
    // The mail's encoding is its first text body's, as the text reader detected it.
    if (!body_encoding_.empty()) {
      info.encoding = body_encoding_;
      sink.OnInfo(info);
    }
    return walked;
  }

 private:
  static constexpr int kMaxMimeDepth = 32;

  Status ReadText(const std::string& text, std::string_view name, ReadContext& context,
                  RecordSink& sink) {
    if (text.empty()) return Ok();
    MemoryInput body(outer_ + "#" + std::string(name), text);
    BodySink forward(sink);
    Status read = text_reader_->Read(body, context, forward);
    if (body_encoding_.empty() && name != "headers") body_encoding_ = forward.encoding;
    return read;
  }

  Status Walk(GMimeObject* object, ReadContext& context, RecordSink& sink, int depth) {
    if (depth > kMaxMimeDepth) {
      return MakeError(ErrorCode::kLimitExceeded, "MIME parts nested too deep");
    }
    if (context.TimedOut())
      return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached");
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      const int count = g_mime_multipart_get_count(multipart);
      for (int i = 0; i < count; ++i) {
        if (Status walked = Walk(g_mime_multipart_get_part(multipart, i), context, sink, depth + 1);
            !walked) {
          return walked;
        }
      }
      return Ok();
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      if (inner == nullptr) return Ok();
      const std::string bytes = Serialized(GMIME_OBJECT(inner));
      return Attach(bytes, "forwarded-" + std::to_string(++attachment_count_) + ".eml", context);
    }
    if (!GMIME_IS_PART(object)) return Ok();
    GMimePart* part = GMIME_PART(object);
    GMimeContentType* type = g_mime_object_get_content_type(object);
    const char* filename = g_mime_part_get_filename(part);
    const bool text = type && g_mime_content_type_is_type(type, "text", "*");
    const std::string bytes = DecodedBytes(part);
    if (Status charged = context.ChargeExpandedBytes(bytes.size()); !charged) return charged;
    if (text && !g_mime_part_is_attachment(part)) {
      return ReadText(bytes, "body-" + std::to_string(++body_count_), context, sink);
    }
    std::string name = filename ? filename : "part-" + std::to_string(attachment_count_ + 1);
    std::replace(name.begin(), name.end(), '/', '_');
    ++attachment_count_;
    return Attach(bytes, name, context);
  }

  Status Attach(const std::string& bytes, const std::string& name, ReadContext& context) {
    MemoryInput member(outer_ + "!/" + name, bytes);
    Status nested = context.ReadNested(member, Protection::kNone);
    // Only a budget or depth limit ends the mail; a bad attachment is the attachment's.
    if (!nested && EndsContainer(nested.error())) return nested;
    return Ok();
  }

  std::unique_ptr<Reader> text_reader_;
  std::string outer_;
  int attachment_count_ = 0;
  int body_count_ = 0;
  std::string body_encoding_;
};

std::unique_ptr<Reader> MakeMailReader() { return std::make_unique<MailReader>(); }

bool StartsWithField(std::string_view line, std::string_view field) {
  if (line.size() < field.size()) return false;
  for (size_t i = 0; i < field.size(); ++i) {
    const char a = line[i];
    const char b = field[i];
    if (std::tolower(static_cast<unsigned char>(a)) !=
        std::tolower(static_cast<unsigned char>(b))) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool SniffMail(ByteView head, std::string_view) {
  static constexpr std::string_view kKnown[] = {
      "from:",     "to:",          "subject:",      "date:", "message-id:",   "mime-version:",
      "received:", "return-path:", "content-type:", "cc:",   "delivered-to:", "x-mailer:"};
  size_t known = 0;
  size_t pos = 0;
  bool first = true;
  while (pos < head.size()) {
    size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // end of the header block
    const bool continuation = line[0] == ' ' || line[0] == '\t';
    if (!continuation) {
      const size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0) return false;
      for (size_t i = 0; i < colon; ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        if (c <= ' ' || c > '~') return false;
      }
      for (std::string_view field : kKnown) {
        if (StartsWithField(line, field)) ++known;
      }
    } else if (first) {
      return false;
    }
    first = false;
    pos = end + 1;
  }
  return known >= 2;
}

const Format& MailFormat() {
  static const Format format{"eml", SniffMail, MakeMailReader};
  return format;
}

}  // namespace mamori::read
