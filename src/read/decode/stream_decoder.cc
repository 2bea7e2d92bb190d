// Streaming decoding to UTF-8.
//
// UTF-8 (and ASCII) is validated in place and copied in runs: an eight-byte ASCII check
// skips most of a typical CSV, and only broken sequences are rewritten. CP932 and EUC-JP go
// through tables built from ICU (legacy_tables.h), UTF-16 through a hand-written loop that
// the tests hold to ICU's output; these, and the UTF-8 copy, note on the way the characters
// normalisation changes (normal_form_stops), so that the reader need not walk every record
// for them. ISO-2022-JP goes through one ICU conversion X -> UTF-8 (ucnv_convertEx with a
// persistent pivot buffer), which keeps a partial sequence in the converter between chunks.
// A to-Unicode callback counts every sequence ICU cannot map and writes U+FFFD for it, so
// invalid and unassigned bytes are counted the same way in every encoding. The tables, the
// UTF-16 loop and the UTF-8 copy write full-width forms of ASCII as ASCII (full_width.h).
//
// A head of pure ASCII says nothing about the rest of the file. Such a stream passes bytes
// through until the first byte above 0x7F (or an ESC), then collects kSettleBytes from
// there, runs DetectEncoding on them and continues in the encoding it finds.
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <memory>

#include "read/decode/decoder.h"
#include "read/decode/full_width.h"
#include "read/decode/inert_bits.h"
#include "read/decode/legacy_tables.h"
#include "read/decode/staged_output.h"
#include "read/internal/utf8_sequence.h"

namespace mamori::read::decode {
namespace {

using internal::ClassifyUtf8;
using internal::Utf8Kind;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
constexpr size_t kPivotUnits = 4096;

// The ICU converter of an encoding decoded through ICU, nullptr for those decoded here
// (UTF-8, UTF-16) or through a table built from ICU (legacy_tables.h).
const char* IcuName(Encoding encoding) {
  // Also JIS X 0212 and ESC ( I katakana.
  return encoding == Encoding::kIso2022Jp ? "ISO_2022,locale=ja,version=2" : nullptr;
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

// The ASCII a full-width form or the ideographic space at p[0, 3) is written as (as
// PreNormalizedAscii), or '\0' for any other bytes. These byte patterns are whole, valid
// sequences, and each is a stop (not inert), so the copy may fold them without classifying.
char FullWidthAsciiAt(const uint8_t* p) {
  if (p[0] == 0xEF && (p[1] & 0xFE) == 0xBC && (p[2] & 0xC0) == 0x80) {
    return internal::PreNormalizedAscii(internal::ThreeByteCodePoint(p));
  }
  return p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80 ? ' ' : '\0';
}

// Appends the valid UTF-8 of p[0, n) to `out`, one U+FFFD per broken sequence, and returns
// the bytes consumed: all of them, or all but a sequence cut by the end when !final. Notes
// in `stops` (counted from out[out_start]) each character NormalizedPrefix would stop at.
size_t CopyValidUtf8(const uint8_t* p, size_t n, bool final, std::string& out, uint64_t& invalid,
                     size_t out_start, std::vector<uint32_t>& stops) {
  size_t i = 0;
  size_t run = 0;  // start of the valid bytes not yet appended
  // Forced inline, here and in the UTF-16 loop: GCC left it a call, and full-width text has a
  // stop at every character.
  const auto note = [&](size_t at) __attribute__((always_inline)) {
    stops.push_back(static_cast<uint32_t>(out.size() + (at - run) - out_start));
  };
  // The byte written before p[at]: the input's own while the run goes on, else what `out`
  // ends with (a U+FFFD written in place of broken bytes, or the previous chunk).
  const auto before = [&](size_t at) -> char {
    if (at > run) return static_cast<char>(p[at - 1]);
    return out.empty() ? '\0' : out.back();
  };
  const size_t word_end = n >= 3 ? n - 3 : 0;  // i < word_end: four bytes from p[i]
  while (i < n) {
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, sizeof(word));
      const uint64_t high = word & 0x8080808080808080ULL;
      if (high != 0) {
        // Past the ASCII before the first non-ASCII byte: a CSV field before a name or date.
        i += static_cast<size_t>(std::countr_zero(high)) / 8;
        break;
      }
      i += 8;
    }
    // Runs of three-byte characters (kana, kanji) in a tight loop; anything else, and any
    // overlong or surrogate form, goes to ClassifyUtf8 below.
    for (;;) {
      uint8_t b0 = 0;
      uint8_t b1 = 0;
      uint8_t b2 = 0;
      if (i < word_end) {  // lead E0..EF and two continuation bytes, tested in one word
        uint32_t word = 0;
        std::memcpy(&word, p + i, sizeof(word));
        if ((word & 0xC0C0F0u) != 0x8080E0u) break;
        b0 = static_cast<uint8_t>(word);
        b1 = static_cast<uint8_t>(word >> 8);
        b2 = static_cast<uint8_t>(word >> 16);
      } else {
        if (i + 3 > n) break;
        b0 = p[i];
        b1 = p[i + 1];
        b2 = p[i + 2];
        if ((b0 & 0xF0) != 0xE0 || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) break;
      }
      if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 > 0x9F)) break;
      if (internal::StopsAtThreeByteCharacter(b0, b1, b2, [&] { return before(i); })) [[unlikely]] {
        char ascii = internal::PreNormalizedAscii(internal::ThreeByteCodePoint(p + i));
        if (ascii != '\0') {  // written as ASCII, as the other decoders do
          out.append(reinterpret_cast<const char*>(p + run), i - run);
          // The forms come in runs ("５３５９－８３７４１５"): gathered, then appended once.
          char folded[32];
          size_t count = 0;
          do {
            folded[count++] = ascii;
            i += 3;
          } while (count < sizeof(folded) && i + 3 <= n &&
                   (ascii = FullWidthAsciiAt(p + i)) != '\0');
          out.append(folded, count);
          run = i;
          continue;
        }
        note(i);
      }
      i += 3;
    }
    if (i >= n) break;
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const internal::Utf8Sequence sequence = ClassifyUtf8(p + i, n - i);
    if (sequence.kind == Utf8Kind::kValid) {
      if (sequence.length != 3 || internal::StopsAtThreeByteCharacter(p[i], p[i + 1], p[i + 2],
                                                                      [&] { return before(i); })) {
        note(i);
      }
      i += sequence.length;
      continue;
    }
    if (sequence.kind == Utf8Kind::kTruncated && !final) break;
    out.append(reinterpret_cast<const char*>(p + run), i - run);
    run = i;
    note(i);  // U+FFFD
    out.append(kReplacement);
    ++invalid;
    i += sequence.length;
    run = i;
  }
  out.append(reinterpret_cast<const char*>(p + run), i - run);
  return i;
}

bool IsUtf16(Encoding encoding) {
  return encoding == Encoding::kUtf16Le || encoding == Encoding::kUtf16Be;
}

// UTF-16 to UTF-8, by hand: ICU's converter goes through a pivot buffer and a second
// conversion, and was the larger part of reading a UTF-16 table. Decodes p[0, n) and returns
// the bytes consumed: all, or all but a cut code unit or a lead surrogate whose trail may
// follow when !final. Each unpaired surrogate and a final odd byte become one U+FFFD and are
// counted, as ICU does (the unit tests compare the two). Staged and noted like CP932.
// One instantiation per byte order, so that reading a unit takes no test of it.
template <bool kBigEndian>
size_t DecodeUtf16Run(const uint8_t* p, size_t n, bool final, std::string& out, uint64_t& invalid,
                      size_t out_start, std::vector<uint32_t>& stops) {
  constexpr bool big_endian = kBigEndian;
  internal::StagedOutput staged(out);
  char* cursor = staged.cursor();
  const auto unit = [p](size_t at) -> uint32_t {
    uint16_t value = 0;
    std::memcpy(&value, p + at, sizeof(value));
    if constexpr ((std::endian::native == std::endian::big) != big_endian) {
      value = static_cast<uint16_t>(value << 8 | value >> 8);
    }
    return value;
  };
  // Nothing captures the cursor: a closure that held its address kept it in memory.
  const auto note = [&](const char* at) __attribute__((always_inline)) {
    stops.push_back(static_cast<uint32_t>(staged.SizeAt(at) - out_start));
  };
  const auto put = [](char*& at, uint32_t byte) { *at++ = static_cast<char>(byte); };
  const auto replace = [&](char* at) {
    note(at);
    std::memcpy(at, kReplacement.data(), 3);
    ++invalid;
    return at + 3;
  };
  // Four ASCII units at once (where fewer than eight are left for SSE2, or without it): every
  // high byte zero and every low byte below 0x80.
  constexpr uint64_t not_ascii = big_endian ? 0x80FF80FF80FF80FFULL : 0xFF80FF80FF80FF80ULL;
  constexpr unsigned low_shift = big_endian ? 8 : 0;
  size_t i = 0;
  while (i + 2 <= n) {
    if (cursor > staged.room_end()) [[unlikely]]
      cursor = staged.Flush(cursor);
#if defined(__SSE2__)
    if (i + 16 <= n) {
      // Eight ASCII units at once, packed to their low bytes.
      __m128i units = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      if constexpr (big_endian)
        units = _mm_or_si128(_mm_srli_epi16(units, 8), _mm_slli_epi16(units, 8));
      const __m128i high = _mm_and_si128(units, _mm_set1_epi16(static_cast<int16_t>(0xFF80)));
      if (_mm_movemask_epi8(_mm_cmpeq_epi8(high, _mm_setzero_si128())) == 0xFFFF) {
        _mm_storel_epi64(reinterpret_cast<__m128i*>(cursor), _mm_packus_epi16(units, units));
        cursor += 8;
        i += 16;
        continue;
      }
    }
#endif
    if (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, sizeof(word));
      if ((word & not_ascii) == 0) {
        for (unsigned u = 0; u < 4; ++u) {
          cursor[u] = static_cast<char>(word >> (16 * u + low_shift));
        }
        cursor += 4;
        i += 8;
        continue;
      }
    }
    // Every unit of U+0800 and above that is no surrogate (kana, kanji: most of a Japanese
    // cell), in a loop of its own, each written with one store; a kanji of U+4E00..U+9FFF is
    // neither a stop nor folded, without looking either up. It runs at least once (`i` is
    // below its bound), so the steps below see only ASCII, two-byte units and surrogates.
    const size_t run_start = i;
    // One bound for the run: the input's last unit, or the last character that still fits the
    // stage (`cursor` is within room_end here).
    const size_t fit = static_cast<size_t>(staged.room_end() - cursor) / 3 + 1;
    const size_t run_end = std::min(n - 1, i + 2 * fit);
    while (i < run_end) {
      const uint32_t u = unit(i);
      if (u < 0x800 || (u >= 0xD800 && u <= 0xDFFF)) break;
      const uint32_t bytes = 0x8080E0u | u >> 12 | (u << 2 & 0x3F00u) | (u << 16 & 0x3F0000u);
      // Kanji of U+4E00..U+9FFF, hiragana and katakana before ー: neither stops nor folded.
      if (u - 0x4E00 >= 0x5200 && u - 0x3041 >= 0x56 && u - 0x30A1 >= 0x5B) {
        if (const char ascii = internal::PreNormalizedAscii(u); ascii != '\0') {
          put(cursor, static_cast<uint8_t>(ascii));
          i += 2;
          continue;
        }
        if (internal::StopsAtThreeByteCharacter(
                static_cast<uint8_t>(bytes), static_cast<uint8_t>(bytes >> 8),
                static_cast<uint8_t>(bytes >> 16),
                [&staged, cursor] { return staged.LastBefore(cursor); })) {
          note(cursor);
        }
      }
      std::memcpy(cursor, &bytes, sizeof(bytes));
      cursor += 3;
      i += 2;
    }
    if (i != run_start) continue;
    const uint32_t u = unit(i);
    if (u < 0x80) {
      put(cursor, u);
      i += 2;
    } else if (u < 0x800) {
      note(cursor);
      put(cursor, 0xC0 | u >> 6);
      put(cursor, 0x80 | (u & 0x3F));
      i += 2;
    } else if (u <= 0xDBFF) {  // a lead surrogate: the run loop took the units from U+0800 on
      if (i + 4 > n) {
        if (!final) break;
        cursor =
            replace(cursor);  // one U+FFFD for the lead and an odd byte after it, as ICU writes
        i = n;
        continue;
      }
      const uint32_t trail = unit(i + 2);
      if (trail < 0xDC00 || trail > 0xDFFF) {
        cursor = replace(cursor);
        i += 2;
        continue;
      }
      const uint32_t cp = 0x10000 + ((u - 0xD800) << 10) + (trail - 0xDC00);
      note(cursor);
      put(cursor, 0xF0 | cp >> 18);
      put(cursor, 0x80 | (cp >> 12 & 0x3F));
      put(cursor, 0x80 | (cp >> 6 & 0x3F));
      put(cursor, 0x80 | (cp & 0x3F));
      i += 4;
    } else {
      cursor = replace(cursor);  // a trail surrogate with no lead
      i += 2;
    }
  }
  if (final && i < n) {
    if (cursor > staged.room_end()) [[unlikely]]
      cursor = staged.Flush(cursor);
    cursor = replace(cursor);  // an odd byte at the end
    i = n;
  }
  staged.Flush(cursor);
  return i;
}

// Feeds `bytes` to `run` (a decoder of whole sequences that returns the bytes it consumed),
// first finishing a sequence the previous chunk cut, held in `pending` (at most three bytes),
// from a small joined window; keeps what this chunk cuts in `pending`.
template <typename Run>
void DecodeKeepingCut(ByteView bytes, bool final, std::string& pending, Run run) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t n = bytes.size();
  if (!pending.empty()) {
    uint8_t window[8];
    const size_t held = pending.size();
    const size_t take = std::min(n, sizeof(window) - held);
    std::memcpy(window, pending.data(), held);
    if (take > 0) std::memcpy(window + held, p, take);  // p is null in Finish()
    const size_t used = run(window, held + take, final && take == n);
    if (used < held) {  // still cut: keep every byte for the next chunk
      pending.assign(reinterpret_cast<const char*>(window + used), held + take - used);
      pending.append(reinterpret_cast<const char*>(p + take), n - take);
      return;
    }
    pending.clear();
    p += used - held;
    n -= used - held;
  }
  const size_t used = run(p, n, final);
  pending.assign(reinterpret_cast<const char*>(p + used), n - used);
}

bool HasTable(Encoding encoding) {
  return encoding == Encoding::kShiftJis ? legacy::Cp932() != nullptr : legacy::EucJp() != nullptr;
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
  // What ICU writes before it is appended: growing `out` by the worst case (3 bytes per input
  // byte) would zero that much on every chunk, three times the input in memset.
  std::unique_ptr<char[]> target;
  size_t target_capacity = 0;
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
  if (encoding == Encoding::kShiftJis || encoding == Encoding::kEucJp) {
    if (HasTable(encoding)) return Ok();
    return MakeError(ErrorCode::kUnsupported,
                     "ICU has no converter for " + std::string(EncodingName(encoding)));
  }
  if (IcuName(encoding) != nullptr) return OpenConverter(encoding);
  return Ok();
}

bool StreamDecoder::NotesNormalFormStops(Encoding encoding) {
  // The tables and the UTF-8 and UTF-16 loops note the characters they write; ICU's
  // ISO-2022-JP converter does not, and a kAscii stream has not settled yet.
  return encoding != Encoding::kAscii && IcuName(encoding) == nullptr;
}

void StreamDecoder::BeginStops(size_t out_start) {
  // A call while the stream settles passes ASCII through and may end in any encoding.
  stops_known_ = !settling_ && NotesNormalFormStops(encoding_);
  stops_start_ = out_start;
  stops_.clear();
}

void StreamDecoder::DecodeSettled(ByteView bytes, std::string& out) {
  if (IsUtf8Family(encoding_)) {
    DecodeUtf8(bytes, out);
  } else if (encoding_ == Encoding::kShiftJis) {
    DecodeCp932(bytes, false, out);
  } else if (encoding_ == Encoding::kEucJp) {
    DecodeEucJp(bytes, false, out);
  } else if (IsUtf16(encoding_)) {
    DecodeUtf16(bytes, false, out);
  } else {
    DecodeIcu(bytes, false, out);
  }
}

void StreamDecoder::DecodeUtf16(ByteView bytes, bool final, std::string& out) {
  const bool big_endian = encoding_ == Encoding::kUtf16Be;
  DecodeKeepingCut(bytes, final, pending_, [&](const uint8_t* p, size_t n, bool last) {
    return big_endian ? DecodeUtf16Run<true>(p, n, last, out, invalid_, stops_start_, stops_)
                      : DecodeUtf16Run<false>(p, n, last, out, invalid_, stops_start_, stops_);
  });
}

void StreamDecoder::DecodeCp932(ByteView bytes, bool final, std::string& out) {
  const legacy::Cp932Table* table = legacy::Cp932();
  if (table == nullptr) return DecodeNothing(bytes, out);
  DecodeKeepingCut(bytes, final, pending_, [&](const uint8_t* p, size_t n, bool last) {
    return legacy::DecodeCp932Run(*table, p, n, last, out, invalid_, stops_start_, stops_);
  });
}

void StreamDecoder::DecodeEucJp(ByteView bytes, bool final, std::string& out) {
  const legacy::EucJpTable* table = legacy::EucJp();
  if (table == nullptr) return DecodeNothing(bytes, out);
  DecodeKeepingCut(bytes, final, pending_, [&](const uint8_t* p, size_t n, bool last) {
    return legacy::DecodeEucJpRun(*table, p, n, last, out, invalid_, stops_start_, stops_);
  });
}

// Reset() failed and the caller went on anyway: nothing decodes.
void StreamDecoder::DecodeNothing(ByteView bytes, std::string& out) {
  if (!bytes.empty()) {
    out.append(kReplacement);
    ++invalid_;
  }
}

void StreamDecoder::Decode(ByteView bytes, std::string& out) {
  const size_t start = out.size();
  BeginStops(start);
  if (settling_ || encoding_ == Encoding::kAscii) {
    DecodeAscii(bytes, out);
  } else {
    DecodeSettled(bytes, out);
  }
  if (at_start_ && out.size() > start) {
    // Whole code points only reach `out`, so a leading U+FEFF is exactly these bytes.
    if (out.compare(start, 3, "\xEF\xBB\xBF") == 0) {
      out.erase(start, 3);
      stops_known_ = false;
    }
    at_start_ = out.size() == start;
  }
  chars_ += internal::CountCodePoints(out.data() + start, out.size() - start);
}

void StreamDecoder::Finish(std::string& out) {
  const size_t start = out.size();
  BeginStops(start);
  if (settling_) Settle(true, out);
  if (IsUtf8Family(encoding_) || encoding_ == Encoding::kAscii) {
    const auto* p = reinterpret_cast<const uint8_t*>(pending_.data());
    CopyValidUtf8(p, pending_.size(), true, out, invalid_, stops_start_, stops_);
    pending_.clear();
  } else if (encoding_ == Encoding::kShiftJis) {
    DecodeCp932({}, true, out);
  } else if (encoding_ == Encoding::kEucJp) {
    DecodeEucJp({}, true, out);
  } else if (IsUtf16(encoding_)) {
    DecodeUtf16({}, true, out);
  } else {
    DecodeIcu({}, true, out);
  }
  if (at_start_ && out.compare(start, 3, "\xEF\xBB\xBF") == 0) {
    out.erase(start, 3);
    stops_known_ = false;
  }
  at_start_ = false;
  chars_ += internal::CountCodePoints(out.data() + start, out.size() - start);
}

void StreamDecoder::DecodeUtf8(ByteView bytes, std::string& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t n = bytes.size();
  if (!pending_.empty()) {
    // Finish the sequence cut by the previous chunk from a small joined window: the held
    // bytes (at most three) and up to three new ones, which complete it unless the chunk is
    // shorter than that.
    uint8_t window[8];
    const size_t held = pending_.size();
    const size_t take = std::min<size_t>(n, 3);
    std::memcpy(window, pending_.data(), held);
    std::memcpy(window + held, p, take);
    const size_t used =
        CopyValidUtf8(window, held + take, false, out, invalid_, stops_start_, stops_);
    if (used < held) {  // still open, and every new byte went into the window
      pending_.assign(reinterpret_cast<const char*>(window + used), held + take - used);
      return;
    }
    pending_.clear();
    p += used - held;
    n -= used - held;
  }
  const size_t used = CopyValidUtf8(p, n, false, out, invalid_, stops_start_, stops_);
  pending_.assign(reinterpret_cast<const char*>(p + used), n - used);
}

void StreamDecoder::DecodeAscii(ByteView bytes, std::string& out) {
  if (settling_) {
    pending_.append(bytes);
    if (pending_.size() >= kSettleBytes) Settle(false, out);
    return;
  }
  // Plain ASCII runs until a byte above 0x7F or an ESC, looked for eight bytes at a time.
  size_t i = 0;
  while (i + 8 <= bytes.size()) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, sizeof(word));
    const uint64_t escapes = word ^ 0x1B1B1B1B1B1B1B1BULL;
    if (((word | ((escapes - 0x0101010101010101ULL) & ~escapes)) & 0x8080808080808080ULL) != 0) {
      break;
    }
    i += 8;
  }
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
  if (settled == Encoding::kShiftJis || settled == Encoding::kEucJp) {
    if (!HasTable(settled)) settled = Encoding::kUtf8;
  } else if (IcuName(settled) != nullptr && !OpenConverter(settled)) {
    settled = Encoding::kUtf8;
  }
  settling_ = false;
  encoding_ = settled;
  std::string held = std::move(pending_);
  pending_.clear();
  DecodeSettled(held, out);
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
    const size_t worst = 3 * static_cast<size_t>(source_end - source) + 64;
    if (c.target_capacity < worst) {
      c.target = std::make_unique_for_overwrite<char[]>(worst);
      c.target_capacity = worst;
    }
    char* target = c.target.get();
    UErrorCode error = U_ZERO_ERROR;
    ucnv_convertEx(c.utf8, c.source, &target, c.target.get() + worst, &source, source_end, c.pivot,
                   &c.pivot_source, &c.pivot_target, c.pivot + kPivotUnits,
                   /*reset=*/false, flush, &error);
    out.append(c.target.get(), static_cast<size_t>(target - c.target.get()));
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
