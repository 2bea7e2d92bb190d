#include <lha_reader.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "read/lzh/lzh_format.h"

namespace mamori::read {
namespace {

constexpr size_t kSkipBufferBytes = 16 * 1024;
// Below this many expanded bytes the ratio test is not applied (as in the archive reader):
// small, highly repetitive files compress well without being bombs.
constexpr uint64_t kRatioFloorBytes = 16ULL << 20;

// Feeds liblhasa from an Input. liblhasa treats a short read as the end of the stream, so
// Read() fills the whole request unless the Input ends. It never reads ahead (beyond a
// 24-byte lead-in at the start), so `position` is exactly what liblhasa consumed.
struct Source {
  Input* input = nullptr;
  uint64_t position = 0;
  std::optional<Error> error;
  // The first byte read after Mark(): 0 (or nothing at all) where the next header should
  // start means the archive ended cleanly rather than in a damaged header.
  bool marked = false;
  bool skipping = false;  // liblhasa skipping the rest of a member before the next header
  bool skip_failed = false;
  std::optional<uint8_t> first_after_mark;

  void Mark() {
    marked = true;
    first_after_mark.reset();
  }

  int Fill(char* buffer, size_t length) {
    size_t filled = 0;
    while (filled < length) {
      Result<size_t> got = input->Read(std::span<char>(buffer + filled, length - filled));
      if (!got) {
        error = got.error();
        return -1;
      }
      if (*got == 0) break;
      filled += *got;
    }
    if (marked && !skipping && filled > 0) {
      first_after_mark = static_cast<uint8_t>(buffer[0]);
      marked = false;
    }
    position += filled;
    return static_cast<int>(filled);
  }
};

int ReadCallback(void* handle, void* buffer, size_t length) {
  const size_t capped = std::min<size_t>(length, std::numeric_limits<int>::max());
  return static_cast<Source*>(handle)->Fill(static_cast<char*>(buffer), capped);
}

bool Skip(Source& source, size_t bytes) {
  if (source.input->seekable()) {
    const uint64_t target = source.position + bytes;
    const std::optional<uint64_t> size = source.input->size();
    if (size && target > *size) return false;
    if (!source.input->Seek(target)) return false;
    source.position = target;
    return true;
  }
  std::vector<char> discard(std::min(bytes, kSkipBufferBytes));
  while (bytes > 0) {
    const int got = source.Fill(discard.data(), std::min(bytes, discard.size()));
    if (got <= 0) return false;
    bytes -= static_cast<size_t>(got);
  }
  return true;
}

int SkipCallback(void* handle, size_t bytes) {
  auto* source = static_cast<Source*>(handle);
  source->skipping = true;
  const bool skipped = Skip(*source, bytes);
  source->skipping = false;
  if (!skipped) source->skip_failed = true;
  return skipped ? 1 : 0;
}

constexpr LHAInputStreamType kStreamType = {ReadCallback, SkipCallback, nullptr};

struct StreamDeleter {
  void operator()(LHAInputStream* stream) const { lha_input_stream_free(stream); }
};
struct ReaderDeleter {
  void operator()(LHAReader* reader) const { lha_reader_free(reader); }
};
struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};

// CRC-16 (polynomial 0xA001, reflected, initial 0): the checksum of an LHA member's
// expanded bytes. liblhasa's lha_reader_read does not check it, so the reader does.
uint16_t UpdateCrc16(uint16_t crc, std::string_view bytes) {
  static const std::array<uint16_t, 256> table = [] {
    std::array<uint16_t, 256> result{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t value = i;
      for (int bit = 0; bit < 8; ++bit) value = (value & 1) ? (value >> 1) ^ 0xA001 : value >> 1;
      result[i] = static_cast<uint16_t>(value);
    }
    return result;
  }();
  for (const char byte : bytes) {
    crc = static_cast<uint16_t>((crc >> 8) ^ table[(crc ^ static_cast<uint8_t>(byte)) & 0xFF]);
  }
  return crc;
}

// Member names are raw bytes: CP932 in Japanese archives, UTF-8 in some Unix ones. A name
// that is not UTF-8 is decoded as CP932; bytes that are neither stay as they are, for the
// reporter to display (as src/report/display_path.cc decides).
std::string MemberName(const LHAFileHeader& header) {
  std::string raw;
  if (header.path != nullptr) raw += header.path;
  if (header.filename != nullptr) raw += header.filename;
  if (raw.empty()) return "?";
  if (IsValidUtf8(raw)) return raw;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> cp932(ucnv_open("windows-31j", &status));
  if (U_FAILURE(status)) return raw;
  ucnv_setToUCallBack(cp932.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::u16string utf16(raw.size() + 1, u'\0');
  const int32_t units = ucnv_toUChars(cp932.get(), utf16.data(), static_cast<int32_t>(utf16.size()),
                                      raw.data(), static_cast<int32_t>(raw.size()), &status);
  if (U_FAILURE(status)) return raw;
  std::string utf8(static_cast<size_t>(units) * 3 + 1, '\0');
  int32_t length = 0;
  u_strToUTF8(utf8.data(), static_cast<int32_t>(utf8.size()), &length, utf16.data(), units,
              &status);
  if (U_FAILURE(status)) return raw;
  utf8.resize(static_cast<size_t>(length));
  return utf8;
}

// A member being expanded: a stream, so head() is buffered and Read() serves the buffered
// head first. Every expanded byte is charged to the top-level file's budget; at the end the
// expanded length and CRC-16 are checked against the header.
class MemberInput final : public Input {
 public:
  MemberInput(LHAReader* reader, const LHAFileHeader& header, std::string path,
              const Source& source, ReadContext& context)
      : reader_(reader),
        path_(std::move(path)),
        length_(header.length),
        crc_(header.crc),
        source_(source),
        start_(source.position),
        context_(context) {}

  std::string_view path() const override { return path_; }
  std::optional<uint64_t> size() const override { return length_; }

  Result<ByteView> head() override {
    if (!head_loaded_) {
      head_.resize(kHeadBytes);
      size_t filled = 0;
      while (filled < head_.size()) {
        Result<size_t> got = Expand(std::span<char>(head_.data() + filled, head_.size() - filled));
        if (!got) return tl::unexpected(got.error());
        if (*got == 0) break;
        filled += *got;
      }
      head_.resize(filled);
      head_loaded_ = true;
    }
    return ByteView(head_);
  }

  Result<size_t> Read(std::span<char> buffer) override {
    if (!head_loaded_) {
      if (Result<ByteView> loaded = head(); !loaded) return tl::unexpected(loaded.error());
    }
    if (head_served_ < head_.size()) {
      const size_t count = std::min(buffer.size(), head_.size() - head_served_);
      std::memcpy(buffer.data(), head_.data() + head_served_, count);
      head_served_ += count;
      return count;
    }
    return Expand(buffer);
  }

  // The error that ended the expansion, if any (kept so that the archive records it even
  // when the scanner did not read the member to its end).
  const std::optional<Error>& error() const { return error_; }

 private:
  Result<size_t> Expand(std::span<char> buffer) {
    if (error_) return tl::unexpected(*error_);
    if (finished_) return size_t{0};
    const size_t count = lha_reader_read(reader_, buffer.data(), buffer.size());
    if (source_.error) return Fail(*source_.error);
    if (count == 0) {
      finished_ = true;
      if (expanded_ != length_) {
        return Fail(Error{ErrorCode::kCorrupt, "member truncated or damaged: expanded " +
                                                   std::to_string(expanded_) + " of " +
                                                   std::to_string(length_) + " bytes"});
      }
      if (crc_value_ != crc_) return Fail(Error{ErrorCode::kCorrupt, "member CRC mismatch"});
      return size_t{0};
    }
    expanded_ += count;
    crc_value_ = UpdateCrc16(crc_value_, std::string_view(buffer.data(), count));
    if (Status charged = context_.ChargeExpandedBytes(count); !charged) {
      return Fail(charged.error());
    }
    const uint32_t ratio = context_.limits().max_expansion_ratio;
    const uint64_t compressed = std::max<uint64_t>(source_.position - start_, 1);
    if (ratio > 0 && expanded_ > kRatioFloorBytes && expanded_ / compressed > ratio) {
      return Fail(
          Error{ErrorCode::kArchiveBomb, "expansion ratio above " + std::to_string(ratio) + ":1"});
    }
    return count;
  }

  tl::unexpected<Error> Fail(Error error) {
    error_ = error;
    return tl::unexpected(std::move(error));
  }

  LHAReader* reader_;
  std::string path_;
  uint64_t length_;
  uint16_t crc_;
  const Source& source_;
  uint64_t start_;
  ReadContext& context_;
  uint64_t expanded_ = 0;
  uint16_t crc_value_ = 0;
  bool finished_ = false;
  std::optional<Error> error_;
  std::string head_;
  bool head_loaded_ = false;
  size_t head_served_ = 0;
};

bool IsDirectory(const LHAFileHeader& header) {
  return std::strcmp(header.compress_method, LHA_COMPRESS_TYPE_DIR) == 0 ||
         header.symlink_target != nullptr;
}

class LzhReader final : public Reader {
 public:
  Status Read(Input& input, ReadContext& context, RecordSink& sink) override {
    Source source;
    source.input = &input;
    std::unique_ptr<LHAInputStream, StreamDeleter> stream(
        lha_input_stream_new(&kStreamType, &source));
    if (!stream) return MakeError(ErrorCode::kIo, "out of memory");
    std::unique_ptr<LHAReader, ReaderDeleter> reader(lha_reader_new(stream.get()));
    if (!reader) return MakeError(ErrorCode::kIo, "out of memory");
    lha_reader_set_dir_policy(reader.get(), LHA_READER_DIR_PLAIN);
    ReadInfo info;
    info.format = "lzh";
    sink.OnInfo(info);
    const std::string outer(input.path());
    uint32_t entries = 0;
    for (;;) {
      if (context.TimedOut()) {
        return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached");
      }
      source.Mark();
      LHAFileHeader* header = lha_reader_next_file(reader.get());
      if (source.error) return tl::unexpected(*source.error);
      if (header == nullptr) {
        if (entries == 0) return MakeError(ErrorCode::kCorrupt, "no LHA header found");
        if (source.skip_failed) {
          return MakeError(ErrorCode::kCorrupt,
                           "LHA archive truncated after " + std::to_string(entries) + " entries");
        }
        if (!source.first_after_mark) {
          // Cut between two members, or written without the final 0 byte: what is there
          // was read, but more may have been lost.
          sink.OnWarning(Error{ErrorCode::kCorrupt, "LHA archive ends without its end marker"});
        } else if (*source.first_after_mark != 0) {
          return MakeError(ErrorCode::kCorrupt, "damaged or truncated LHA header after " +
                                                    std::to_string(entries) + " entries");
        }
        break;
      }
      if (++entries > context.limits().max_entries) {
        return MakeError(ErrorCode::kLimitExceeded,
                         "more than " + std::to_string(context.limits().max_entries) + " entries");
      }
      if (IsDirectory(*header)) continue;
      if (lha_decoder_for_name(header->compress_method) == nullptr) {
        sink.OnWarning(Error{ErrorCode::kUnsupported,
                             std::string("unsupported LHA method ") + header->compress_method});
        continue;
      }
      MemberInput member(reader.get(), *header, outer + "!/" + MemberName(*header), source,
                         context);
      const Status nested = context.ReadNested(member, Protection::kNone);
      // Budget and depth limits end the whole archive; a bad member is only that member's.
      if (!nested && EndsContainer(nested.error())) {
        return tl::unexpected(nested.error());
      }
      // A damaged member (CRC, truncated data) makes the archive partial, not failed.
      if (member.error()) {
        if (EndsContainer(*member.error())) return tl::unexpected(*member.error());
        sink.OnWarning(Error{member.error()->code,
                             "entry " + std::to_string(entries) + ": " + member.error()->message});
      }
      if (source.error) return tl::unexpected(*source.error);
    }
    return Ok();
  }
};

std::unique_ptr<Reader> MakeLzhReader() { return std::make_unique<LzhReader>(); }

uint16_t Le16(ByteView head, size_t offset) {
  return static_cast<uint16_t>(static_cast<uint8_t>(head[offset]) |
                               (static_cast<uint8_t>(head[offset + 1]) << 8));
}

}  // namespace

bool SniffLzh(ByteView head, std::string_view) {
  if (head.size() < 22) return false;
  if (head[2] != '-' || head[3] != 'l' || (head[4] != 'h' && head[4] != 'z') || head[6] != '-') {
    return false;
  }
  const char kind = head[5];
  if (!((kind >= '0' && kind <= '9') || kind == 'd' || kind == 's' || kind == 'x')) return false;
  switch (static_cast<uint8_t>(head[20])) {  // header level
    case 0:
    case 1:
      return static_cast<uint8_t>(head[0]) >= 20;  // fixed fields of a header with an empty name
    case 2:
      return Le16(head, 0) >= 26;
    case 3:
      return Le16(head, 0) == 4;  // the word size
    default:
      return false;
  }
}

const Format& LzhFormat() {
  static const Format format{"lzh", SniffLzh, MakeLzhReader};
  return format;
}

}  // namespace mamori::read
