// Streaming decoding to UTF-8.
//
// UTF-8 (and ASCII) is validated in place and copied in runs: an eight-byte ASCII check
// skips most of a typical CSV, and only broken sequences are rewritten. Everything else
// goes through one ICU conversion X -> UTF-8 (ucnv_convertEx with a persistent pivot
// buffer), which keeps a partial sequence in the converter between chunks. A to-Unicode
// callback counts every sequence ICU cannot map and writes U+FFFD for it, so invalid and
// unassigned bytes are counted the same way in every encoding.
//
// A head of pure ASCII says nothing about the rest of the file. Such a stream passes bytes
// through until the first byte above 0x7F (or an ESC), then collects kSettleBytes from
// there, runs DetectEncoding on them and continues in the encoding it finds.
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include <cstring>

#include "read/decode/decoder.h"
#include "read/internal/utf8_sequence.h"

namespace mamori::read::decode {
namespace {

using internal::ClassifyUtf8;
using internal::Utf8Kind;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
constexpr size_t kPivotUnits = 4096;

const char* IcuName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf16Le:
      return "UTF-16LE";
    case Encoding::kUtf16Be:
      return "UTF-16BE";
    case Encoding::kShiftJis:
      return "windows-31j";  // ICU's ibm-943_P15A-2003: CP932 with NEC and IBM rows
    case Encoding::kEucJp:
      return "EUC-JP";  // ICU's euc-jp-2007: A1DD is U+FF0D as in CP51932
    case Encoding::kIso2022Jp:
      return "ISO_2022,locale=ja,version=2";  // also JIS X 0212 and ESC ( I katakana
    default:
      return nullptr;
  }
}

bool IsUtf8Family(Encoding encoding) {
  return encoding == Encoding::kUtf8 || encoding == Encoding::kUtf8Bom;
}

// Counts each sequence ICU cannot decode and writes one U+FFFD in its place.
void CountingToUnicode(const void* context, UConverterToUnicodeArgs* args,
                       const char* /*code_units*/, int32_t /*length*/,
                       UConverterCallbackReason reason, UErrorCode* error) {
  if (reason != UCNV_UNASSIGNED && reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR) return;
  ++*static_cast<uint64_t*>(const_cast<void*>(context));
  *error = U_ZERO_ERROR;
  static const UChar kFffd = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &kFffd, 1, 0, error);
}

// Appends the valid UTF-8 of p[0, n) to `out`, one U+FFFD per broken sequence, and returns
// the bytes consumed: all of them, or all but a sequence cut by the end when !final.
size_t CopyValidUtf8(const uint8_t* p, size_t n, bool final, std::string& out,
                     uint64_t& invalid) {
  size_t i = 0;
  size_t run = 0;  // start of the valid bytes not yet appended
  while (i < n) {
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, sizeof(word));
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const internal::Utf8Sequence sequence = ClassifyUtf8(p + i, n - i);
    if (sequence.kind == Utf8Kind::kValid) {
      i += sequence.length;
      continue;
    }
    if (sequence.kind == Utf8Kind::kTruncated && !final) break;
    out.append(reinterpret_cast<const char*>(p + run), i - run);
    out.append(kReplacement);
    ++invalid;
    i += sequence.length;
    run = i;
  }
  out.append(reinterpret_cast<const char*>(p + run), i - run);
  return i;
}

}  // namespace

struct StreamDecoder::Converter {
  ~Converter() {
    if (source != nullptr) ucnv_close(source);
    if (utf8 != nullptr) ucnv_close(utf8);
  }
  void ResetPivot() {
    pivot_source = pivot;
    pivot_target = pivot;
  }

  UConverter* source = nullptr;
  Encoding source_encoding = Encoding::kAscii;
  UConverter* utf8 = nullptr;
  UChar pivot[kPivotUnits];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
};

StreamDecoder::StreamDecoder() : converter_(std::make_unique<Converter>()) {}
StreamDecoder::~StreamDecoder() = default;

Status StreamDecoder::OpenConverter(Encoding encoding) {
  Converter& c = *converter_;
  UErrorCode error = U_ZERO_ERROR;
  if (c.utf8 == nullptr) {
    c.utf8 = ucnv_open("UTF-8", &error);
    if (U_FAILURE(error)) {
      c.utf8 = nullptr;
      return MakeError(ErrorCode::kUnsupported, "ICU has no UTF-8 converter");
    }
  }
  if (c.source == nullptr || c.source_encoding != encoding) {
    if (c.source != nullptr) ucnv_close(c.source);
    c.source = ucnv_open(IcuName(encoding), &error);
    if (U_FAILURE(error)) {
      c.source = nullptr;
      return MakeError(ErrorCode::kUnsupported,
                       "ICU has no converter for " + std::string(EncodingName(encoding)));
    }
    c.source_encoding = encoding;
    ucnv_setToUCallBack(c.source, CountingToUnicode, &invalid_, nullptr, nullptr, &error);
    if (U_FAILURE(error)) return MakeError(ErrorCode::kUnsupported, "ICU callback refused");
  }
  ucnv_reset(c.source);
  ucnv_reset(c.utf8);
  c.ResetPivot();
  return Ok();
}

Status StreamDecoder::Reset(Encoding encoding) {
  encoding_ = encoding;
  settling_ = false;
  at_start_ = true;
  pending_.clear();
  invalid_ = 0;
  chars_ = 0;
  if (IcuName(encoding) != nullptr) return OpenConverter(encoding);
  return Ok();
}

void StreamDecoder::Decode(ByteView bytes, std::string& out) {
  const size_t start = out.size();
  if (settling_ || encoding_ == Encoding::kAscii) {
    DecodeAscii(bytes, out);
  } else if (IsUtf8Family(encoding_)) {
    DecodeUtf8(bytes, out);
  } else {
    DecodeIcu(bytes, false, out);
  }
  if (at_start_ && out.size() > start) {
    // Whole code points only reach `out`, so a leading U+FEFF is exactly these bytes.
    if (out.compare(start, 3, "\xEF\xBB\xBF") == 0) out.erase(start, 3);
    at_start_ = out.size() == start;
  }
  chars_ += internal::CountCodePoints(out.data() + start, out.size() - start);
}

void StreamDecoder::Finish(std::string& out) {
  const size_t start = out.size();
  if (settling_) Settle(true, out);
  if (IsUtf8Family(encoding_) || encoding_ == Encoding::kAscii) {
    const auto* p = reinterpret_cast<const uint8_t*>(pending_.data());
    CopyValidUtf8(p, pending_.size(), true, out, invalid_);
    pending_.clear();
  } else {
    DecodeIcu({}, true, out);
  }
  if (at_start_ && out.compare(start, 3, "\xEF\xBB\xBF") == 0) out.erase(start, 3);
  at_start_ = false;
  chars_ += internal::CountCodePoints(out.data() + start, out.size() - start);
}

void StreamDecoder::DecodeUtf8(ByteView bytes, std::string& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t n = bytes.size();
  if (!pending_.empty()) {
    // Finish the sequence cut by the previous chunk from a small joined window: the held
    // bytes (at most three) and up to three new ones.
    uint8_t window[8];
    const size_t held = pending_.size();
    const size_t take = std::min<size_t>(n, 3);
    std::memcpy(window, pending_.data(), held);
    std::memcpy(window + held, p, take);
    size_t i = 0;
    while (i < held) {
      const internal::Utf8Sequence sequence = ClassifyUtf8(window + i, held + take - i);
      if (sequence.kind == Utf8Kind::kTruncated) {
        pending_.assign(reinterpret_cast<const char*>(window + i), held + take - i);
        return;  // every new byte went into the window and the sequence is still open
      }
      if (sequence.kind == Utf8Kind::kValid) {
        out.append(reinterpret_cast<const char*>(window + i), sequence.length);
      } else {
        out.append(kReplacement);
        ++invalid_;
      }
      i += sequence.length;
    }
    pending_.clear();
    p += i - held;
    n -= i - held;
  }
  const size_t used = CopyValidUtf8(p, n, false, out, invalid_);
  pending_.assign(reinterpret_cast<const char*>(p + used), n - used);
}

void StreamDecoder::DecodeAscii(ByteView bytes, std::string& out) {
  if (settling_) {
    pending_.append(bytes);
    if (pending_.size() >= kSettleBytes) Settle(false, out);
    return;
  }
  size_t i = 0;
  while (i < bytes.size()) {
    const auto b = static_cast<uint8_t>(bytes[i]);
    if (b >= 0x80 || b == 0x1B) break;
    ++i;
  }
  out.append(bytes.data(), i);
  if (i == bytes.size()) return;
  settling_ = true;
  pending_.assign(bytes.substr(i));
  if (pending_.size() >= kSettleBytes) Settle(false, out);
}

void StreamDecoder::Settle(bool complete, std::string& out) {
  const Result<Detection> detection = DetectEncoding(pending_, complete);
  Encoding settled = detection ? detection->encoding : Encoding::kUtf8;
  // Mid-file there is no BOM to honour, and UTF-16 cannot start at an arbitrary byte.
  if (settled == Encoding::kAscii || settled == Encoding::kUtf8Bom ||
      settled == Encoding::kUtf16Le || settled == Encoding::kUtf16Be) {
    settled = Encoding::kUtf8;
  }
  if (IcuName(settled) != nullptr && !OpenConverter(settled)) settled = Encoding::kUtf8;
  settling_ = false;
  encoding_ = settled;
  std::string held = std::move(pending_);
  pending_.clear();
  if (IsUtf8Family(encoding_)) {
    DecodeUtf8(held, out);
  } else {
    DecodeIcu(held, false, out);
  }
}

void StreamDecoder::DecodeIcu(ByteView bytes, bool flush, std::string& out) {
  Converter& c = *converter_;
  if (c.source == nullptr || c.utf8 == nullptr) {
    // Reset() failed and the caller went on anyway: nothing decodes.
    if (!bytes.empty()) {
      out.append(kReplacement);
      ++invalid_;
    }
    return;
  }
  // ICU rejects a null source even when it is empty (a flush).
  static constexpr char kNothing = 0;
  const char* source = bytes.empty() ? &kNothing : bytes.data();
  const char* const source_end = source + bytes.size();
  for (;;) {
    // Every encoding here needs at most 3 UTF-8 bytes per input byte; the pivot may add a
    // few held characters.
    const size_t old_size = out.size();
    out.resize(old_size + 3 * static_cast<size_t>(source_end - source) + 64);
    char* target = out.data() + old_size;
    char* const target_end = out.data() + out.size();
    UErrorCode error = U_ZERO_ERROR;
    ucnv_convertEx(c.utf8, c.source, &target, target_end, &source, source_end, c.pivot,
                   &c.pivot_source, &c.pivot_target, c.pivot + kPivotUnits, /*reset=*/false,
                   flush, &error);
    out.resize(static_cast<size_t>(target - out.data()));
    if (error == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(error)) {
      // Not expected with the counting callback; keep the stream usable.
      out.append(kReplacement);
      ++invalid_;
      ucnv_reset(c.source);
      ucnv_reset(c.utf8);
      c.ResetPivot();
    }
    return;
  }
}

}  // namespace mamori::read::decode
