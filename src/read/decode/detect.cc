// Encoding detection. Validation decides first and statistics only break ties, because a
// deterministic "this candidate decodes the head without a single error" is both cheaper
// and far more reliable on short Japanese files than any frequency model.
#include <uchardet/uchardet.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "read/decode/decoder.h"
#include "read/internal/simd_counts.h"
#include "read/internal/utf8_sequence.h"

namespace mamori::read::decode {
namespace {

using internal::ClassifyUtf8;
using internal::Utf8Kind;

// uchardet sees at most this much; its verdict settles after a few kilobytes.
constexpr size_t kUchardetBytes = 16 * 1024;

uint8_t At(ByteView bytes, size_t i) { return static_cast<uint8_t>(bytes[i]); }

double Ratio(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0 : static_cast<double>(part) / static_cast<double>(whole);
}

tl::unexpected<Error> Binary(std::string what) {
  return MakeError(ErrorCode::kUnsupported, "binary content (" + std::move(what) + ")");
}

// Control bytes that plain text does not contain. Allowed: tab, line feed, vertical tab,
// form feed, carriage return, SO/SI (7-bit half-width katakana), SUB (the DOS end-of-file
// mark) and ESC (ISO-2022 escapes, terminal colours).
bool IsBinaryControl(uint8_t b) {
  if (b == 0x7F) return true;
  if (b >= 0x20) return false;
  switch (b) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x0E:
    case 0x0F:
    case 0x1A:
    case 0x1B:
      return false;
    default:
      return true;
  }
}

// ---- UTF-16 ---------------------------------------------------------------------------

uint16_t Unit(ByteView bytes, size_t index, bool big_endian) {
  const uint8_t a = At(bytes, 2 * index);
  const uint8_t b = At(bytes, 2 * index + 1);
  return big_endian ? static_cast<uint16_t>((a << 8) | b) : static_cast<uint16_t>((b << 8) | a);
}

// Units that occur in text (Japanese or not): whitespace, printable ASCII, Latin, Greek,
// Cyrillic, punctuation and symbols, CJK symbols, kana, ideographs, Hangul, full-width
// forms. Random binary read as UTF-16 lands here about two times in three; text does
// almost always.
bool IsTextUnit(uint16_t u) {
  if (u == 0x09 || u == 0x0A || u == 0x0D) return true;
  if (u >= 0x20 && u <= 0x7E) return true;
  if (u >= 0xA0 && u <= 0x052F) return true;
  if (u >= 0x2000 && u <= 0x2BFF) return true;
  if (u >= 0x3000 && u <= 0x9FFF) return true;
  if (u >= 0xAC00 && u <= 0xD7A3) return true;
  if (u >= 0xF900 && u <= 0xFAFF) return true;
  if (u >= 0xFE30 && u <= 0xFFEF) return true;
  return false;
}

bool IsKanaOrCjkPunctuation(uint16_t u) { return u >= 0x3000 && u <= 0x30FF; }

// CJK symbols, kana, ideographs and full-width forms: most units of Japanese text.
bool IsJapaneseUnit(uint16_t u) {
  return (u >= 0x3000 && u <= 0x9FFF) || (u >= 0xFF00 && u <= 0xFFEF);
}

struct Utf16Stats {
  size_t units = 0;
  size_t text = 0;  // units that look like text; a valid surrogate pair counts as two
  size_t kana = 0;
  size_t japanese = 0;
  double TextShare() const { return Ratio(text, units); }
};

Utf16Stats ScoreUtf16(ByteView bytes, bool big_endian) {
  Utf16Stats stats;
  const size_t units = bytes.size() / 2;
  for (size_t i = 0; i < units; ++i) {
    const uint16_t u = Unit(bytes, i, big_endian);
    ++stats.units;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 1 < units) {
        const uint16_t next = Unit(bytes, i + 1, big_endian);
        if (next >= 0xDC00 && next <= 0xDFFF) {
          stats.text += 2;
          ++stats.units;
          ++i;
        }
      } else {
        ++stats.text;  // cut by the end of the head, not broken
      }
      continue;
    }
    if (IsTextUnit(u)) ++stats.text;
    if (IsKanaOrCjkPunctuation(u)) ++stats.kana;
    if (IsJapaneseUnit(u)) ++stats.japanese;
  }
  return stats;
}

// UTF-16 of pure Japanese text has no ASCII and so few or no NUL bytes. Tried only when no
// 8-bit candidate decodes cleanly: kana land in U+3000..U+30FF only in the right byte order.
// Text with few kana (kanji names and full-width digits: a table of pension numbers) is told
// by its text share instead: in the wrong byte order full-width forms, tabs and line breaks
// read as no text at all, while binary reads as text in either order about two times in three.
std::optional<Detection> DetectUtf16WithoutNuls(ByteView head) {
  if (head.size() < 8) return std::nullopt;
  const Utf16Stats le = ScoreUtf16(head, false);
  const Utf16Stats be = ScoreUtf16(head, true);
  const auto found = [](bool big_endian, const Utf16Stats& stats) {
    return Detection{big_endian ? Encoding::kUtf16Be : Encoding::kUtf16Le, 1 - stats.TextShare()};
  };
  const bool kana_order = be.kana > le.kana;
  const Utf16Stats& by_kana = kana_order ? be : le;
  if (by_kana.TextShare() >= 0.98 && by_kana.kana * 10 >= by_kana.units) {
    return found(kana_order, by_kana);
  }
  const bool text_order = be.TextShare() > le.TextShare();
  const Utf16Stats& by_text = text_order ? be : le;
  const Utf16Stats& other = text_order ? le : be;
  if (by_text.TextShare() >= 0.98 && other.TextShare() < 0.9 &&
      by_text.japanese * 2 >= by_text.units) {
    return found(text_order, by_text);
  }
  return std::nullopt;
}

// NUL bytes in text mean UTF-16: the high byte of every ASCII character is zero, so the
// zeros sit at odd offsets (little-endian) or even ones (big-endian). The decoded units
// must then look like text, which rejects binary files whose zeros happen to line up.
Result<Detection> DetectUtf16ByNuls(ByteView head) {
  size_t even_zeros = 0;
  size_t odd_zeros = 0;
  for (size_t i = 0; i + 1 < head.size(); i += 2) {
    even_zeros += At(head, i) == 0 ? 1U : 0U;
    odd_zeros += At(head, i + 1) == 0 ? 1U : 0U;
  }
  const bool big_endian = even_zeros > odd_zeros;
  const Utf16Stats stats = ScoreUtf16(head, big_endian);
  // Zeros at both parities in similar numbers are binary (or UTF-32) — unless the text is
  // mostly Japanese: then few units are ASCII, and characters such as U+3000 and U+4E00
  // put zeros at the other parity too. Kana decide the byte order of such text.
  const size_t major = std::max(even_zeros, odd_zeros);
  const size_t minor = std::min(even_zeros, odd_zeros);
  if (minor * 4 > major) {
    if (std::optional<Detection> japanese = DetectUtf16WithoutNuls(head)) return *japanese;
    return Binary("NUL bytes");
  }
  if (stats.TextShare() < 0.9) {
    // Or the zeros are the low bytes of U+3000 and U+xx00 in text without ASCII.
    if (std::optional<Detection> japanese = DetectUtf16WithoutNuls(head)) return *japanese;
    return Binary("NUL bytes");
  }
  return Detection{big_endian ? Encoding::kUtf16Be : Encoding::kUtf16Le, 1 - stats.TextShare()};
}

// ---- 8-bit encodings ------------------------------------------------------------------

struct Utf8Stats {
  uint64_t chars = 0;
  uint64_t invalid = 0;
  uint64_t multibyte = 0;
};

// The end of the run of ASCII bytes at bytes[i]: the scorers below go over every file's first
// 64 KiB, most of it ASCII in a CSV.
size_t AsciiRunEnd(ByteView bytes, size_t i) {
  return internal::AsciiRunEnd(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), i);
}

Utf8Stats ScoreUtf8(ByteView bytes, bool complete) {
  Utf8Stats stats;
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t i = 0;
  while (i < bytes.size()) {
    if (p[i] < 0x80) {
      const size_t end = AsciiRunEnd(bytes, i);
      stats.chars += end - i;
      i = end;
      continue;
    }
    const internal::Utf8Sequence sequence = ClassifyUtf8(p + i, bytes.size() - i);
    if (sequence.kind == Utf8Kind::kTruncated && !complete) break;
    ++stats.chars;
    if (sequence.kind == Utf8Kind::kValid) {
      ++stats.multibyte;
    } else {
      ++stats.invalid;
    }
    i += sequence.length;
  }
  return stats;
}

// What a double-byte decoding of the head looks like. Japanese prose and tables are full
// of kana and level-1 (common) kanji; the wrong one of CP932/EUC-JP turns them into
// half-width katakana, rarely used rows and user-defined characters.
struct LegacyStats {
  uint64_t chars = 0;
  uint64_t invalid = 0;
  uint64_t kana = 0;
  uint64_t kanji1 = 0;
  uint64_t kanji2 = 0;
  uint64_t symbols = 0;    // punctuation, full-width digits and letters
  uint64_t rare = 0;       // Greek, Cyrillic, box drawing
  uint64_t halfwidth = 0;  // half-width katakana
  uint64_t extension = 0;  // NEC/IBM extensions, JIS X 0212
  uint64_t user_defined = 0;

  int64_t Score() const {
    const auto s = [](uint64_t v) { return static_cast<int64_t>(v); };
    return 3 * s(kana) + 2 * s(kanji1) + s(kanji2) + s(symbols) - s(rare) - 2 * s(halfwidth) -
           s(extension) - 3 * s(user_defined) - 10 * s(invalid);
  }
  double InvalidRatio() const { return Ratio(invalid, chars); }
};

bool IsShiftJisTrail(uint8_t b) { return (b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFC); }

void ClassifyShiftJis(uint8_t lead, uint8_t trail, LegacyStats& stats) {
  const unsigned code = (static_cast<unsigned>(lead) << 8) | trail;
  if (lead == 0x81) {
    ++stats.symbols;
  } else if (lead == 0x82) {
    if (trail >= 0x9F && trail <= 0xF1) {
      ++stats.kana;  // hiragana
    } else {
      ++stats.symbols;  // full-width digits and letters
    }
  } else if (lead == 0x83) {
    if (trail <= 0x96) {
      ++stats.kana;  // katakana
    } else {
      ++stats.rare;
    }
  } else if (lead == 0x84) {
    ++stats.rare;
  } else if (lead == 0x87 || lead == 0xED || lead == 0xEE || (lead >= 0xFA && lead <= 0xFC)) {
    ++stats.extension;
  } else if (code >= 0x889F && code <= 0x9872) {
    ++stats.kanji1;
  } else if (code >= 0x989F && code <= 0xEAA4) {
    ++stats.kanji2;
  } else if (lead >= 0xF0 && lead <= 0xF9) {
    ++stats.user_defined;
  } else {
    ++stats.invalid;  // rows 0x85, 0x86, 0xEB, 0xEC, 0xEF and gaps: unassigned in CP932
  }
}

LegacyStats ScoreShiftJis(ByteView bytes, bool complete) {
  LegacyStats stats;
  size_t i = 0;
  while (i < bytes.size()) {
    const uint8_t b = At(bytes, i);
    if (b < 0x80) {
      const size_t end = AsciiRunEnd(bytes, i);
      stats.chars += end - i;
      i = end;
    } else if (b >= 0xA1 && b <= 0xDF) {
      ++stats.chars;
      ++stats.halfwidth;
      ++i;
    } else if ((b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC)) {
      if (i + 1 >= bytes.size()) {
        if (complete) {
          ++stats.chars;
          ++stats.invalid;
        }
        break;
      }
      ++stats.chars;
      const uint8_t trail = At(bytes, i + 1);
      if (IsShiftJisTrail(trail)) {
        ClassifyShiftJis(b, trail, stats);
        i += 2;
      } else {
        ++stats.invalid;
        ++i;
      }
    } else {
      ++stats.chars;  // 0x80, 0xA0, 0xFD..0xFF
      ++stats.invalid;
      ++i;
    }
  }
  return stats;
}

bool IsEucByte(uint8_t b) { return b >= 0xA1 && b <= 0xFE; }

void ClassifyEuc(uint8_t lead, LegacyStats& stats) {
  const unsigned row = lead - 0xA0u;
  if (row == 1 || row == 2 || row == 3) {
    ++stats.symbols;
  } else if (row == 4 || row == 5) {
    ++stats.kana;
  } else if (row >= 6 && row <= 8) {
    ++stats.rare;
  } else if (row == 13) {
    ++stats.extension;  // NEC special characters (①, ㈱) in CP51932 / eucJP-ms
  } else if (row >= 16 && row <= 47) {
    ++stats.kanji1;
  } else if (row >= 48 && row <= 84) {
    ++stats.kanji2;
  } else {
    ++stats.user_defined;  // rows 9..12, 14, 15 (unassigned) and 85..94 (user-defined)
  }
}

LegacyStats ScoreEucJp(ByteView bytes, bool complete) {
  LegacyStats stats;
  size_t i = 0;
  const auto cut = [&](size_t needed) { return i + needed > bytes.size(); };
  while (i < bytes.size()) {
    const uint8_t b = At(bytes, i);
    if (b < 0x80) {
      const size_t end = AsciiRunEnd(bytes, i);
      stats.chars += end - i;
      i = end;
      continue;
    }
    const size_t needed = b == 0x8F ? 3 : 2;
    if (cut(needed) && (b == 0x8E || b == 0x8F || IsEucByte(b))) {
      // A sequence cut by the end of the head: invalid only when the file ends there.
      bool prefix_ok = true;
      for (size_t k = i + 1; k < bytes.size(); ++k)
        prefix_ok = prefix_ok && IsEucByte(At(bytes, k));
      if (complete || !prefix_ok) {
        ++stats.chars;
        ++stats.invalid;
      }
      break;
    }
    ++stats.chars;
    if (b == 0x8E) {
      const uint8_t t = At(bytes, i + 1);
      if (t >= 0xA1 && t <= 0xDF) {
        ++stats.halfwidth;
        i += 2;
      } else {
        ++stats.invalid;
        ++i;
      }
    } else if (b == 0x8F) {
      if (IsEucByte(At(bytes, i + 1)) && IsEucByte(At(bytes, i + 2))) {
        ++stats.extension;  // JIS X 0212
        i += 3;
      } else {
        ++stats.invalid;
        ++i;
      }
    } else if (IsEucByte(b) && IsEucByte(At(bytes, i + 1))) {
      ClassifyEuc(b, stats);
      i += 2;
    } else {
      ++stats.invalid;
      ++i;
    }
  }
  return stats;
}

// ISO-2022-JP designations: ESC $ @, ESC $ B, ESC $ ( D, ESC ( B, ESC ( J, ESC ( I.
bool HasIso2022JpEscape(ByteView bytes) {
  for (size_t i = bytes.find('\x1B'); i != ByteView::npos; i = bytes.find('\x1B', i + 1)) {
    const ByteView rest = bytes.substr(i + 1, 3);
    if (StartsWith(rest, "$@") || StartsWith(rest, "$B") || StartsWith(rest, "$(D") ||
        StartsWith(rest, "(J") || StartsWith(rest, "(I")) {
      return true;
    }
  }
  return false;
}

// uchardet's verdict between CP932 and EUC-JP, when it gives one.
std::optional<Encoding> AskUchardet(ByteView head) {
  uchardet_t detector = uchardet_new();
  if (detector == nullptr) return std::nullopt;
  const ByteView sample = head.substr(0, kUchardetBytes);
  std::optional<Encoding> verdict;
  if (uchardet_handle_data(detector, sample.data(), sample.size()) == 0) {
    uchardet_data_end(detector);
    std::string charset = uchardet_get_charset(detector);
    std::transform(charset.begin(), charset.end(), charset.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (charset == "SHIFT_JIS" || charset == "WINDOWS-31J" || charset == "CP932") {
      verdict = Encoding::kShiftJis;
    } else if (charset == "EUC-JP") {
      verdict = Encoding::kEucJp;
    }
  }
  uchardet_delete(detector);
  return verdict;
}

Detection ChooseLegacy(ByteView head, const LegacyStats& sjis, const LegacyStats& euc) {
  const Detection as_sjis{Encoding::kShiftJis, sjis.InvalidRatio()};
  const Detection as_euc{Encoding::kEucJp, euc.InvalidRatio()};
  if (sjis.invalid == 0 && euc.invalid != 0) return as_sjis;
  if (euc.invalid == 0 && sjis.invalid != 0) return as_euc;
  if (sjis.invalid != 0) {
    if (sjis.InvalidRatio() != euc.InvalidRatio()) {
      return sjis.InvalidRatio() < euc.InvalidRatio() ? as_sjis : as_euc;
    }
  }
  // Both decode equally well: the one that reads as Japanese wins. Close scores (short
  // heads, or text that is mostly ASCII) are settled by uchardet, then by CP932 being far
  // more common on Windows file shares.
  const int64_t s = sjis.Score();
  const int64_t e = euc.Score();
  const int64_t margin = std::max<int64_t>(8, std::max(std::abs(s), std::abs(e)) / 10);
  if (std::abs(s - e) < margin) {
    if (const std::optional<Encoding> verdict = AskUchardet(head)) {
      return *verdict == Encoding::kShiftJis ? as_sjis : as_euc;
    }
  }
  return s >= e ? as_sjis : as_euc;
}

}  // namespace

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kAscii:
      return "ascii";
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kUtf8Bom:
      return "utf-8-bom";
    case Encoding::kUtf16Le:
      return "utf-16le";
    case Encoding::kUtf16Be:
      return "utf-16be";
    case Encoding::kShiftJis:
      return "shift_jis";
    case Encoding::kEucJp:
      return "euc-jp";
    case Encoding::kIso2022Jp:
      return "iso-2022-jp";
  }
  return "unknown";
}

namespace {

struct ByteCounts {
  size_t nuls = 0;
  size_t controls = 0;
  size_t high = 0;
};

// Sixteen bytes at a time with SSE2: this runs twice over the first 64 KiB of every file.
ByteCounts CountBytes(ByteView head) {
  ByteCounts counts;
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128();
  const __m128i flip = _mm_set1_epi8(static_cast<char>(0x80));
  const auto below = [&](__m128i flipped, int limit) {  // unsigned byte < limit
    return _mm_cmplt_epi8(flipped, _mm_set1_epi8(static_cast<char>(limit ^ 0x80)));
  };
  const auto [nuls, controls, high] =
      internal::CountBlocks<3>(head.data(), head.size(), i, [&](__m128i bytes) {
        const __m128i flipped = _mm_xor_si128(bytes, flip);
        // Controls: below 0x20 but not 09..0F, 1A, 1B; and 7F.
        const __m128i allowed =
            _mm_or_si128(_mm_andnot_si128(below(flipped, 0x09), below(flipped, 0x10)),
                         _mm_andnot_si128(below(flipped, 0x1A), below(flipped, 0x1C)));
        const __m128i control = _mm_or_si128(_mm_andnot_si128(allowed, below(flipped, 0x20)),
                                             _mm_cmpeq_epi8(bytes, _mm_set1_epi8(0x7F)));
        return internal::BlockMasks<3>{
            {_mm_cmpeq_epi8(bytes, zero), control, _mm_cmplt_epi8(bytes, zero)}};
      });
  counts.nuls = nuls;
  counts.controls = controls;
  counts.high = high;
#endif
  for (; i < head.size(); ++i) {
    const auto b = static_cast<uint8_t>(head[i]);
    counts.nuls += b == 0 ? 1U : 0U;
    counts.controls += IsBinaryControl(b) ? 1U : 0U;
    counts.high += b >= 0x80 ? 1U : 0U;
  }
  return counts;
}

bool IsUtf32Bom(ByteView head) {
  return StartsWith(head, ByteView("\xFF\xFE\x00\x00", 4)) ||
         StartsWith(head, ByteView("\x00\x00\xFE\xFF", 4));
}

// Text has next to no control bytes; random or compressed data has about one in ten.
bool TooManyControls(const ByteCounts& counts, ByteView head) {
  return counts.controls * 50 > head.size();
}

}  // namespace

bool LooksLikeText(ByteView head) {
  if (head.empty() || StartsWith(head, "\xEF\xBB\xBF")) return true;
  if (IsUtf32Bom(head)) return false;
  if (StartsWith(head, "\xFF\xFE") || StartsWith(head, "\xFE\xFF")) return true;
  const ByteCounts counts = CountBytes(head);
  if (counts.nuls > 0) return DetectUtf16ByNuls(head).has_value();
  return !TooManyControls(counts, head);
}

Result<Detection> DetectEncoding(ByteView head, bool complete) {
  if (head.empty()) return Detection{};
  if (StartsWith(head, "\xEF\xBB\xBF")) {
    const Utf8Stats stats = ScoreUtf8(head.substr(3), complete);
    return Detection{Encoding::kUtf8Bom, Ratio(stats.invalid, stats.chars)};
  }
  if (IsUtf32Bom(head)) return Binary("UTF-32 is not read");
  if (StartsWith(head, "\xFF\xFE")) return Detection{Encoding::kUtf16Le, 0};
  if (StartsWith(head, "\xFE\xFF")) return Detection{Encoding::kUtf16Be, 0};

  const ByteCounts counts = CountBytes(head);
  if (counts.nuls > 0) return DetectUtf16ByNuls(head);
  if (TooManyControls(counts, head)) return Binary("control bytes");
  if (counts.high == 0) {
    if (HasIso2022JpEscape(head)) return Detection{Encoding::kIso2022Jp, 0};
    return Detection{Encoding::kAscii, 0};
  }

  const Utf8Stats utf8 = ScoreUtf8(head, complete);
  const double utf8_ratio = Ratio(utf8.invalid, utf8.chars);
  // Legacy double-byte text almost never forms UTF-8 sequences, so a head of mostly valid
  // UTF-8 with a few broken bytes is damaged UTF-8, not another encoding.
  if (utf8.invalid == 0 || (utf8.multibyte >= 8 && utf8.invalid * 20 <= utf8.multibyte)) {
    return Detection{Encoding::kUtf8, utf8_ratio};
  }
  const LegacyStats sjis = ScoreShiftJis(head, complete);
  const LegacyStats euc = ScoreEucJp(head, complete);
  if (sjis.invalid != 0 && euc.invalid != 0) {
    if (std::optional<Detection> utf16 = DetectUtf16WithoutNuls(head)) return *utf16;
  }
  const Detection legacy = ChooseLegacy(head, sjis, euc);
  if (legacy.invalid_ratio > utf8_ratio) return Detection{Encoding::kUtf8, utf8_ratio};
  return legacy;
}

}  // namespace mamori::read::decode
