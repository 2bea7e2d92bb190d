// Normalisation for matching: NFKC plus dash folding.
//
// This runs on every cell of every file, so it avoids ICU where it can. NormalizedPrefix()
// walks the text over characters that NFKC leaves alone and that never combine with what
// comes before them (ASCII, kana, CJK unified ideographs, CJK punctuation); for most
// Japanese cells that is the whole cell and nothing is copied. Otherwise the rest is
// normalised through a table of the Basic Multilingual Plane built once from ICU itself
// (NfkcTable): a character that ICU says is a normalisation segment of its own (a boundary
// before and after it whatever its neighbours are: the ideographic space, full-width
// digits, letters and punctuation, half-width katakana without a sound mark) is replaced by
// its ICU mapping, read from the table; a character that NFKC leaves alone and that starts
// a segment (kana, kanji) is copied; only the stretches around the other characters (a
// combining mark and the character it may compose with) go through ICU's normalizeUTF8.
// Splitting at such boundaries is exact (ICU's Normalizer2::hasBoundaryBefore/After
// contract), and the unit tests compare the result with ICU on the whole text. The dash
// folds are then applied to what was written, from the first E2/E3 byte on.
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <array>
#include <bit>
#include <climits>
#include <cstring>
#include <span>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/utf8.h"
#include "read/decode/decoder.h"
#include "read/decode/inert_bits.h"
#include "read/internal/utf8_sequence.h"

namespace mamori::read::decode {
namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

using internal::kAllInert;
using internal::kInertBits;
using internal::ThreeByteCodePoint;

const icu::Normalizer2* Nfkc() {
  static const icu::Normalizer2* const instance = [] {
    UErrorCode error = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(error);
    return U_SUCCESS(error) ? n : nullptr;
  }();
  return instance;
}

void AppendIcuNfkc(std::string_view text, std::string& out) {
  const icu::Normalizer2* nfkc = Nfkc();
  if (nfkc == nullptr || text.size() > static_cast<size_t>(INT32_MAX)) {
    out.append(text);  // ICU data missing (a broken installation): match the text as is
    return;
  }
  const size_t old_size = out.size();
  UErrorCode error = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(text.size()));
  nfkc->normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink,
                      nullptr, error);
  if (U_FAILURE(error)) {
    out.resize(old_size);
    out.append(text);
  }
}

// True when the character at out[read] becomes '-': U+2010..U+2015 and U+2212 always, ー
// (U+30FC) between an ASCII digit (out[write - 1], no further back than `floor`) and another.
bool FoldsToHyphen(const std::string& out, size_t floor, size_t write, size_t read) {
  const size_t end = out.size();
  if (read + 2 >= end) return false;
  const char32_t cp = ThreeByteCodePoint(reinterpret_cast<const uint8_t*>(out.data() + read));
  if (cp == 0x30FC) {
    return write > floor && IsAsciiDigit(out[write - 1]) && read + 3 < end &&
           IsAsciiDigit(out[read + 3]);
  }
  return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212;
}

// The first byte E2 or E3 (the lead bytes of every character FoldsToHyphen changes) at or
// after `pos`, eight bytes at a time, or `end`.
size_t FindDashLead(const std::string& out, size_t pos, size_t end) {
  constexpr uint64_t kOnes = ~uint64_t{0} / 255;
  for (; pos + 8 <= end; pos += 8) {
    uint64_t x = 0;
    std::memcpy(&x, out.data() + pos, 8);
    const uint64_t v = (x & (kOnes * 0xFE)) ^ (kOnes * 0xE2);  // zero bytes: E2 or E3
    const uint64_t zero = (v - kOnes) & ~v & (kOnes * 0x80);
    if (zero != 0) return pos + static_cast<size_t>(std::countr_zero(zero)) / 8;
  }
  while (pos < end && (static_cast<uint8_t>(out[pos]) & 0xFE) != 0xE2) ++pos;
  return pos;
}

// Rewrites out[from, end) in place: U+2010..U+2015 and U+2212 become '-', and U+30FC
// between two ASCII digits becomes '-'. Looks back no further than `floor` for the digit.
[[gnu::always_inline]] inline void FoldDashes(std::string& out, size_t floor, size_t from) {
  const size_t end = out.size();
  // Nothing moves before the first fold, and most texts have none.
  size_t read = FindDashLead(out, from, end);
  while (read < end && !FoldsToHyphen(out, floor, read, read)) {
    read = FindDashLead(out, read + 1, end);
  }
  size_t write = read;
  while (read < end) {
    const auto b = static_cast<uint8_t>(out[read]);
    if ((b == 0xE2 || b == 0xE3) && FoldsToHyphen(out, floor, write, read)) {
      out[write++] = '-';
      read += 3;
      continue;
    }
    out[write++] = out[read++];
  }
  out.resize(write);
}

// How each BMP code point is normalised without ICU. An entry packs the kind (low two bits),
// whether the code point always has a normalisation boundary before it (bit 2), and for
// kReplace the mapping's length (bits 3..7) and offset in the pool (bits 8..31).
class NfkcTable {
 public:
  enum Kind : uint32_t { kAskIcu = 0, kCopy = 1, kReplace = 2 };

  static const NfkcTable* Get() {
    static const NfkcTable* const table = [] {
      const icu::Normalizer2* nfkc = Nfkc();
      return nfkc != nullptr ? new NfkcTable(*nfkc) : nullptr;  // lives as long as the process
    }();
    return table;
  }

  uint32_t Entry(char32_t cp) const { return cp < kBmpSize ? entries_[cp] : 0; }
  static Kind KindOf(uint32_t entry) { return static_cast<Kind>(entry & 3u); }
  static bool BoundaryBefore(uint32_t entry) { return (entry & 4u) != 0; }
  std::string_view Mapping(uint32_t entry) const {
    return std::string_view(pool_).substr(entry >> 8, (entry >> 3) & 31u);
  }
  // Whether `cp` is in U+FF00..U+FF7F and replaced by the one ASCII byte cp - 0xFEE0: the
  // full-width digits and the signs that never compose, set from the entries themselves.
  bool FullWidthToAscii(char32_t cp) const {
    const char32_t offset = cp - 0xFF00;
    return offset < 128 && (full_width_ascii_[offset >> 6] >> (offset & 63) & 1) != 0;
  }

 private:
  explicit NfkcTable(const icu::Normalizer2& nfkc) {
    for (char32_t cp = 0; cp < kBmpSize; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates: never in valid UTF-8
      const auto c = static_cast<UChar32>(cp);
      const bool boundary_before = nfkc.hasBoundaryBefore(c);
      uint32_t entry = boundary_before ? 4u : 0u;
      UErrorCode error = U_ZERO_ERROR;
      if (nfkc.isInert(c) || (boundary_before && nfkc.isNormalized(icu::UnicodeString(c), error) &&
                              U_SUCCESS(error))) {
        // Unchanged alone and no interaction with what precedes; what follows may still compose
        // with it (か + U+3099), which AppendNfkc sees from the following character.
        entry |= kCopy;
      } else if (boundary_before && nfkc.hasBoundaryAfter(c)) {
        error = U_ZERO_ERROR;
        const icu::UnicodeString mapped = nfkc.normalize(icu::UnicodeString(c), error);
        std::string utf8;
        mapped.toUTF8String(utf8);
        if (U_SUCCESS(error) && utf8.size() < 32 && pool_.size() < (1u << 24)) {
          entry |= kReplace | static_cast<uint32_t>(utf8.size()) << 3 |
                   static_cast<uint32_t>(pool_.size()) << 8;
          pool_ += utf8;
        }
      }
      entries_[cp] = entry;
    }
    for (unsigned offset = 0; offset < 128; ++offset) {
      const uint32_t entry = entries_[0xFF00 + offset];
      if (KindOf(entry) == kReplace &&
          Mapping(entry) == std::string(1, static_cast<char>(offset + 0x20))) {
        full_width_ascii_[offset >> 6] |= uint64_t{1} << (offset & 63);
      }
    }
  }

  // A fixed size, so that Entry() compares with a constant instead of loading a vector's end.
  static constexpr char32_t kBmpSize = 0x10000;
  std::array<uint32_t, kBmpSize> entries_{};
  std::string pool_;
  uint64_t full_width_ascii_[2] = {0, 0};
};

// Appends the ASCII of the full-width characters from p[i] on that FullWidthToAscii() maps,
// as many as follow one another (５３５９－８３７４１５), and returns where they end: a run
// of NFKC's most common replacement done by subtraction, without a table entry per character.
[[gnu::always_inline]] inline size_t AppendFullWidthAsciiRun(const NfkcTable& table,
                                                             const uint8_t* p, size_t n, size_t i,
                                                             std::string& out) {
  size_t end = i;
  while (n - end >= 3 && p[end] == 0xEF && (p[end + 1] & 0xC0) == 0x80 &&
         (p[end + 2] & 0xC0) == 0x80 && table.FullWidthToAscii(ThreeByteCodePoint(p + end))) {
    end += 3;
  }
  if (end == i) return i;
  const size_t old_size = out.size();
  out.resize(old_size + (end - i) / 3);
  char* write = out.data() + old_size;
  for (; i < end; i += 3) *write++ = static_cast<char>(ThreeByteCodePoint(p + i) - 0xFEE0);
  return end;
}

// From `i` (a character boundary), skips 16-byte blocks in which every byte is ASCII, a
// continuation byte, or the lead byte E5..E9 of a character in U+5000..U+9FFF (CJK unified
// ideographs, all inert): most of a Japanese name, address or date. Returns a character
// boundary at or after `i` from which the per-character loop goes on.
size_t SkipPlainBlocks(const uint8_t* p, size_t n, size_t i) {
#if defined(__SSE2__)
  const size_t start = i;
  const __m128i flip = _mm_set1_epi8(static_cast<char>(0x80));
  const __m128i lead_floor = _mm_set1_epi8(0x3F);   // 0xC0 flipped, minus one
  const __m128i cjk_floor = _mm_set1_epi8(0x64);    // 0xE5 flipped, minus one
  const __m128i cjk_ceiling = _mm_set1_epi8(0x6A);  // 0xEA flipped
  while (i + 16 <= n) {
    // Bytes flipped by 0x80 compare as signed: ASCII below 0, continuation bytes 0..0x3F.
    const __m128i bytes =
        _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), flip);
    const __m128i lead = _mm_cmpgt_epi8(bytes, lead_floor);
    const __m128i cjk =
        _mm_and_si128(_mm_cmpgt_epi8(bytes, cjk_floor), _mm_cmplt_epi8(bytes, cjk_ceiling));
    const auto other = static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(cjk, lead)));
    if (other != 0) return i + static_cast<size_t>(std::countr_zero(other));  // a lead byte
    i += 16;
  }
  // A character accepted in the last block may go on past it: step over its continuation.
  if (i != start) {
    while (i < n && (p[i] & 0xC0) == 0x80) ++i;
  }
#endif
  return i;
}

// The first character at or after `i` (a character boundary) at which the normal-form walk
// stops, or n. Looks at p[i - 1] for ー after a digit.
size_t NextStop(const uint8_t* p, size_t n, size_t i) {
  for (;;) {
    i = internal::AsciiRunEnd(p, n, SkipPlainBlocks(p, n, i));
    if (i >= n) return n;
    // Three-byte characters, one after the other as Japanese text has them: one table load
    // decides most (a kanji or kana block), and only the blocks with inert and other code
    // points decode the character.
    while (i + 2 < n && (p[i] & 0xF0) == 0xE0) {
      const uint8_t b1 = p[i + 1];
      const uint8_t b2 = p[i + 2];
      if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return i;
      const unsigned block = (p[i] & 0x0Fu) << 6 | (b1 & 0x3Fu);
      const uint64_t bits = kInertBits[block];
      if (bits != kAllInert) {
        const unsigned low = b2 & 0x3Fu;
        if ((bits >> low & 1) == 0) return i;
        // ー after a digit may be a typed hyphen: leave it to the slow path.
        if ((block << 6 | low) == 0x30FC && i > 0 && IsAsciiDigit(static_cast<char>(p[i - 1]))) {
          return i;
        }
      }
      i += 3;
    }
    if (i >= n) return n;
    if (p[i] >= 0x80) return i;
  }
}

// Where the character that ends at byte `pos` starts, looking back no further than `floor`.
// REQUIRES: floor < pos.
size_t PreviousCharacter(std::string_view text, size_t floor, size_t pos) {
  do {
    --pos;
  } while (pos > floor && (static_cast<uint8_t>(text[pos]) & 0xC0) == 0x80);
  return pos;
}

// The code point at byte `pos` of valid UTF-8 text and its byte length.
char32_t CodePointAt(std::string_view text, size_t pos, size_t& length) {
  size_t next = pos;
  const char32_t cp = NextCodePoint(text, next);
  length = next - pos;
  return cp;
}

// Where the walk of AppendNfkc stops next: NextStop over the text.
struct WalkedStops {
  const uint8_t* p;
  size_t n;
  size_t Next(size_t i) const { return NextStop(p, n, i); }
};

// The same from the decoder's list: sorted offsets in the decoded stream, from `next` to
// `end`; `base` is the offset of the walked text's first byte, `n` its size.
struct ListedStops {
  const uint64_t* next;
  const uint64_t* end;
  uint64_t base;
  size_t n;
  size_t Next(size_t i) {
    while (next != end && *next < base + i) ++next;
    return next != end && *next < base + n ? static_cast<size_t>(*next - base) : n;
  }
};

// NFKC of `text`, which starts at a normalisation boundary, appended to `out`; `stops` finds
// the characters the walk must look at.
template <typename Stops>
void AppendNfkc(std::string_view text, std::string& out, Stops stops) {
  const NfkcTable* table = NfkcTable::Get();
  const icu::Normalizer2* nfkc = Nfkc();
  if (table == nullptr || nfkc == nullptr) {
    AppendIcuNfkc(text, out);
    return;
  }
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  const auto boundary_before = [&](char32_t cp) {
    return cp < 0x10000 ? NfkcTable::BoundaryBefore(table->Entry(cp))
                        : nfkc->hasBoundaryBefore(static_cast<UChar32>(cp));
  };
  out.reserve(out.size() + n + 16);  // mappings mostly shrink (３ -> 3): one allocation
  size_t copy_from = 0;              // the start of a run copied as it is
  size_t i = 0;
  for (;;) {
    // ASCII, kanji and kana, most of any Japanese text, are stepped over in blocks: only the
    // characters the walk stops at need the table.
    i = stops.Next(i);
    if (i >= n) break;
    size_t length = 3;
    const char32_t cp = (p[i] & 0xF0) == 0xE0 && n - i >= 3 ? ThreeByteCodePoint(p + i)
                                                            : CodePointAt(text, i, length);
    const uint32_t entry = cp < 0x10000 ? table->Entry(cp) : 0;
    const NfkcTable::Kind kind = NfkcTable::KindOf(entry);
    if (kind == NfkcTable::kCopy) {
      i += length;
      continue;
    }
    if (kind == NfkcTable::kReplace) {
      // Full-width digits and signs come in runs (５３５９－８３７４１５): nothing to copy
      // between them, and most map to one byte. The run is replaced here, character after
      // character, without a walk (NextStop) that would stop at each of them.
      if (i > copy_from) out.append(text.data() + copy_from, i - copy_from);
      uint32_t replace = entry;
      for (;;) {
        // Two full-width characters in a row start a run (５３５９); a lone sign between
        // others (（, ：) is cheaper through its table entry.
        const size_t run_end = p[i] == 0xEF && n - i >= 6 && p[i + 3] == 0xEF
                                   ? AppendFullWidthAsciiRun(*table, p, n, i, out)
                                   : i;
        if (run_end != i) {
          i = run_end;
        } else {
          const std::string_view mapping = table->Mapping(replace);
          if (mapping.size() == 1) {
            out.push_back(mapping.front());
          } else {
            out.append(mapping);
          }
          i += length;
        }
        if (n - i < 3 || (p[i] & 0xF0) != 0xE0 || (p[i + 1] & 0xC0) != 0x80 ||
            (p[i + 2] & 0xC0) != 0x80) {
          break;
        }
        replace = table->Entry(ThreeByteCodePoint(p + i));
        if (NfkcTable::KindOf(replace) != NfkcTable::kReplace) break;
        length = 3;
      }
      copy_from = i;  // nothing left to compose with: each mapping is a segment of its own
      continue;
    }
    // A character ICU must see with its neighbours: from the character before it, unless a
    // boundary already separates them (every character of the run copied so far starts a
    // segment, so one step back is enough), to the next character that starts a segment.
    const size_t start =
        !boundary_before(cp) && i > copy_from ? PreviousCharacter(text, copy_from, i) : i;
    size_t end = i + length;
    while (end < n) {
      size_t next_length = 0;
      const char32_t next = CodePointAt(text, end, next_length);
      if (boundary_before(next)) break;
      end += next_length;
    }
    out.append(text.data() + copy_from, start - copy_from);
    AppendIcuNfkc(text.substr(start, end - start), out);
    i = end;
    copy_from = end;
  }
  out.append(text.data() + copy_from, n - copy_from);
}

// From the character before the first stop `prefix`: it may compose with it. `make_stops(back)`
// gives the stops of the text from `back` on.
template <typename MakeStops>
void AppendSlow(std::string_view text, size_t prefix, std::string& out, MakeStops make_stops) {
  const size_t back = prefix > 0 ? PreviousCharacter(text, 0, prefix) : 0;
  const size_t floor = out.size();
  out.append(text.data(), back);
  const size_t from = out.size();
  AppendNfkc(text.substr(back), out, make_stops(back));
  FoldDashes(out, floor, from);
}

void AppendSlow(std::string_view text, size_t prefix, std::string& out) {
  AppendSlow(text, prefix, out, [text](size_t back) {
    return WalkedStops{reinterpret_cast<const uint8_t*>(text.data()) + back, text.size() - back};
  });
}

}  // namespace

size_t NormalizedPrefix(std::string_view text) {
  return NextStop(reinterpret_cast<const uint8_t*>(text.data()), text.size(), 0);
}

void AppendNormalFormStops(std::string_view text, size_t from, uint64_t base,
                           std::vector<uint64_t>& stops) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  for (size_t i = NextStop(p, n, from); i < n; i = NextStop(p, n, i)) {
    stops.push_back(base + i);
    NextCodePoint(text, i);  // past the character stopped at
  }
}

std::string_view Normalize(std::string_view text, std::string& scratch) {
  const size_t prefix = NormalizedPrefix(text);
  if (prefix == text.size()) return text;
  scratch.clear();
  AppendSlow(text, prefix, scratch);
  return scratch;
}

void AppendNormalized(std::string_view text, std::string& out) {
  const size_t prefix = NormalizedPrefix(text);
  if (prefix == text.size()) {
    out.append(text);
    return;
  }
  AppendSlow(text, prefix, out);
}

void AppendNormalizedListed(std::string_view text, std::span<const uint64_t> stops, uint64_t base,
                            std::string& out) {
  const uint64_t* first = stops.data();
  AppendSlow(text, static_cast<size_t>(*first - base), out, [&](size_t back) {
    return ListedStops{first, stops.data() + stops.size(), base + back, text.size() - back};
  });
}

}  // namespace mamori::read::decode
