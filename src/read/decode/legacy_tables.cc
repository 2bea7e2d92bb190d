#include "read/decode/legacy_tables.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string_view>

#include "read/decode/decoder.h"
#include "read/decode/full_width.h"
#include "read/decode/staged_output.h"

namespace mamori::read::decode::legacy {
namespace {

// An entry holds the UTF-8 bytes (first byte lowest), their count in bits 24-25, and whether
// the character is one NormalizedPrefix stops at (always, or after an ASCII digit: ー).
// The sentinels have top bytes no character's entry has.
constexpr uint32_t kLengthMask = 0x03000000u;
constexpr uint32_t kStop = 0x10000000u;
constexpr uint32_t kStopAfterDigit = 0x20000000u;
constexpr uint32_t kLead = 0xFF000000u;     // single[]: a trail byte follows
constexpr uint32_t kLead3 = 0xFD000000u;    // single[]: two trail bytes follow (EUC-JP 0x8F)
constexpr uint32_t kNotPair = 0xFE000000u;  // pair[]: the first byte is no lead byte
// Bytes ICU cannot decode: one U+FFFD for the first 1..3 of them, as many as ICU takes into
// the bad sequence (a trail byte that could start a character is left for the next one).
constexpr uint32_t kInvalidMark = 0xF0000000u;
constexpr uint32_t Invalid(uint32_t consumed) { return kInvalidMark | consumed; }
constexpr bool IsInvalid(uint32_t entry) { return (entry & 0xFC000000u) == kInvalidMark; }
constexpr uint32_t kReplacement = kStop | (3u << 24) | 0xBDBFEFu;  // U+FFFD
// Every entry at or above this is a sentinel; characters' entries are below it.
constexpr uint32_t kFirstSentinel = kInvalidMark;
// Every sentinel has the stop bits set, so the one test of a character's stop bits also
// catches a pair that is no character.
static_assert((kInvalidMark & kStop) != 0 && (kNotPair & kStop) != 0 && (kLead & kStop) != 0);

// The byte of ASCII as itself, as in Microsoft's and the EUC tables (ICU's IBM-derived CP932
// swaps the control codes 0x1A, 0x1C and 0x7F).
constexpr uint32_t AsciiEntry(unsigned b) { return (1u << 24) | b; }

// One character of `converter` as an entry, or 0 when ICU has none for these bytes.
uint32_t IcuEntry(UConverter* converter, const char* bytes, int32_t length) {
  ucnv_reset(converter);
  UChar units[4];
  UErrorCode error = U_ZERO_ERROR;
  const int32_t count = ucnv_toUChars(converter, units, 4, bytes, length, &error);
  if (U_FAILURE(error) || count != 1) return 0;
  if (const char ascii = internal::PreNormalizedAscii(units[0]); ascii != '\0')
    return AsciiEntry(static_cast<uint8_t>(ascii));
  char utf8[8];
  int32_t size = 0;
  u_strToUTF8(utf8, sizeof(utf8), &size, units, count, &error);
  if (U_FAILURE(error) || size < 1 || size > 3) return 0;
  uint32_t entry = static_cast<uint32_t>(size) << 24;
  for (int32_t i = 0; i < size; ++i) {
    entry |= static_cast<uint32_t>(static_cast<uint8_t>(utf8[i])) << (8 * i);
  }
  const std::string_view text(utf8, static_cast<size_t>(size));
  if (NormalizedPrefix(text) != text.size()) {
    entry |= kStop;
  } else {
    char with_digit[4] = {'0'};
    std::memcpy(with_digit + 1, utf8, text.size());
    if (NormalizedPrefix(std::string_view(with_digit, text.size() + 1)) != text.size() + 1) {
      entry |= kStopAfterDigit;
    }
  }
  return entry;
}

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// How many of `bytes` (which do not start with a character ICU decodes) ICU takes into the
// first sequence it cannot decode. The bytes are followed by ASCII, which ends any sequence.
uint32_t IcuBadLength(UConverter* converter, std::string bytes) {
  bytes += "ZZZ";
  ucnv_reset(converter);
  UChar units[16];
  UErrorCode error = U_ZERO_ERROR;
  ucnv_toUChars(converter, units, 16, bytes.data(), static_cast<int32_t>(bytes.size()), &error);
  if (U_SUCCESS(error)) return 1;  // not expected: the caller saw the bytes fail
  char bad[8];
  int8_t length = sizeof(bad);
  UErrorCode ignored = U_ZERO_ERROR;
  ucnv_getInvalidChars(converter, bad, &length, &ignored);
  return length >= 1 && length <= 3 ? static_cast<uint32_t>(length) : 1;
}

// The entry of a single byte or a sequence ICU may decode: its character, or how many of
// its bytes one U+FFFD takes.
uint32_t EntryOrInvalid(UConverter* converter, const std::string& bytes) {
  const uint32_t entry = IcuEntry(converter, bytes.data(), static_cast<int32_t>(bytes.size()));
  return entry != 0 ? entry : Invalid(IcuBadLength(converter, bytes));
}

// A converter that stops at the first byte it cannot decode, so IcuEntry sees the failure.
ConverterPtr OpenStrict(const char* name) {
  UErrorCode error = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(name, &error));
  if (U_FAILURE(error)) return nullptr;
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &error);
  return U_SUCCESS(error) ? std::move(converter) : nullptr;
}

bool IsCp932Lead(unsigned b) { return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC); }
bool IsEucByte(unsigned b) { return b >= 0xA1 && b <= 0xFE; }  // JIS X 0208/0212 row or cell

std::string Bytes(std::initializer_list<unsigned> values) {
  std::string bytes;
  for (const unsigned b : values) bytes.push_back(static_cast<char>(b));
  return bytes;
}

// One character: its entry (0 for a U+FFFD) and the bytes it took; 0 bytes when the chunk
// may have cut it.
struct Step {
  uint32_t entry;
  uint32_t consumed;
};

// The step for a table entry that is a character or Invalid().
Step StepOf(uint32_t entry, uint32_t length) {
  return IsInvalid(entry) ? Step{0, entry & 3u} : Step{entry, length};
}

// A table's two-byte characters (pair[]) are indexed by lead * 256 + trail over every first
// byte, kNotPair where single[lead] is not kLead.
constexpr size_t PairIndex(uint8_t lead, uint8_t trail) { return size_t{lead} << 8 | trail; }

// Fills pair[] from `converter` for the lead bytes single[] marks.
void FillPairs(UConverter* converter, const uint32_t (&single)[256], uint32_t (&pair)[256 * 256]) {
  for (unsigned lead = 0; lead < 256; ++lead) {
    for (unsigned trail = 0; trail < 256; ++trail) {
      pair[PairIndex(static_cast<uint8_t>(lead), static_cast<uint8_t>(trail))] =
          single[lead] == kLead ? EntryOrInvalid(converter, Bytes({lead, trail})) : kNotPair;
    }
  }
}

// The loop both tables share. Output is staged (StagedOutput) with whole-word stores: sixteen
// bytes of ASCII (SSE2; eight without) are stored at once and the cursor advances past those
// that are ASCII; an entry's four bytes are stored and the cursor advances by its length. CSV
// in these encodings alternates short ASCII and Japanese runs, where appending each run to
// `out` on its own cost more than the lookups. Inlined into each decoder, whose lambda
// captures its input by value: reached through memory, every output store made the compiler
// load them again.
//
// Runs of two-byte characters (kanji and kana, most of a Japanese cell) take a loop of their
// own, over `pair`: one table load per character, and one test of its bits for stops, bytes that
// do not decode and first bytes that are no lead byte; only those last two take the general
// step.
template <typename DecodeOne>
[[gnu::always_inline]] inline size_t RunTable(const uint8_t* p, size_t n, std::string& out,
                                              uint64_t& invalid, size_t out_start,
                                              std::vector<uint32_t>& stops, const uint32_t* pair,
                                              DecodeOne decode_one) {
  internal::StagedOutput staged(out);
  // Writes a character's entry at `at`, noting it when it is a stop; returns where the next
  // one goes. Takes the cursor and gives it back: a closure holding its address kept it in
  // memory. Inline, the stop included: out of line, each call spilled the loop's registers
  // (full-width digits are a stop each), which cost more than the larger loop.
  const auto put = [&](uint32_t entry, char* at) __attribute__((always_inline)) {
    if ((entry & (kStop | kStopAfterDigit)) != 0) [[unlikely]] {
      const char before = staged.LastBefore(at);
      if ((entry & kStop) != 0 || (before >= '0' && before <= '9')) {
        stops.push_back(static_cast<uint32_t>(staged.SizeAt(at) - out_start));
      }
    }
    std::memcpy(at, &entry, sizeof(entry));
    return at + ((entry & kLengthMask) >> 24);
  };
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  char* cursor = staged.cursor();
  size_t i = 0;
  while (i < n) {
    if (cursor > staged.room_end()) [[unlikely]]
      cursor = staged.Flush(cursor);
    if (p[i] < 0x80) {
#if defined(__SSE2__)
      if (i + 16 <= n) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(cursor), block);
        const unsigned high = static_cast<unsigned>(_mm_movemask_epi8(block));
        const size_t ascii = high == 0 ? 16 : static_cast<size_t>(std::countr_zero(high));
        i += ascii;
        cursor += ascii;
        continue;
      }
#endif
      if (i + 8 > n) {
        *cursor++ = static_cast<char>(p[i++]);
        continue;
      }
      uint64_t word;
      std::memcpy(&word, p + i, sizeof(word));
      std::memcpy(cursor, &word, sizeof(word));
      const uint64_t high = word & kHigh;
      const size_t ascii = high == 0 ? 8 : static_cast<size_t>(std::countr_zero(high)) / 8;
      i += ascii;
      cursor += ascii;
      continue;
    }
    const size_t run_start = i;
    // One bound for the run: the input's last pair, or the last character that still fits
    // the stage (three bytes of UTF-8 at most; `cursor` is within room_end here).
    const size_t fit = static_cast<size_t>(staged.room_end() - cursor) / 3 + 1;
    const size_t run_end = std::min(n - 1, i + 2 * fit);
    while (i < run_end) {
      const uint32_t entry = pair[PairIndex(p[i], p[i + 1])];
      if ((entry & (kStop | kStopAfterDigit)) != 0 && entry >= kFirstSentinel) break;
      cursor = put(entry, cursor);
      i += 2;
    }
    if (i != run_start) continue;
    const Step step = decode_one(i);
    if (step.consumed == 0) break;
    uint32_t entry = step.entry;
    if (entry == 0) {
      entry = kReplacement;
      ++invalid;
    }
    cursor = put(entry, cursor);
    i += step.consumed;
  }
  staged.Flush(cursor);
  return i;
}

}  // namespace

// pair[] covers every first byte (256 KiB, not half that for the lead bytes alone) so that
// the two-byte loop needs no test of its lead byte: a byte that is none gives kNotPair.
struct Cp932Table {
  uint32_t single[256];
  uint32_t pair[256 * 256];  // PairIndex(lead, trail)
};

struct EucJpTable {
  uint32_t single[256];
  uint32_t pair[256 * 256];   // PairIndex(lead, trail); lead 0x8E: kana
  uint32_t triple[94 * 256];  // 0x8F b2 b3 (JIS X 0212), b2 in A1..FE: (b2 - 0xA1) * 256 + b3
  uint32_t lead3_bad[256];    // 0x8F b2 with b2 outside A1..FE: Invalid(bytes taken)
};

const Cp932Table* Cp932() {
  static const Cp932Table* const table = []() -> const Cp932Table* {
    const ConverterPtr converter = OpenStrict("windows-31j");  // ibm-943_P15A-2003
    if (converter == nullptr) return nullptr;
    auto built = std::make_unique<Cp932Table>();
    for (unsigned b = 0; b < 256; ++b) {
      built->single[b] = b < 0x80         ? AsciiEntry(b)
                         : IsCp932Lead(b) ? kLead
                                          : EntryOrInvalid(converter.get(), Bytes({b}));
    }
    FillPairs(converter.get(), built->single, built->pair);
    return built.release();  // lives as long as the process
  }();
  return table;
}

const EucJpTable* EucJp() {
  static const EucJpTable* const table = []() -> const EucJpTable* {
    const ConverterPtr converter = OpenStrict("EUC-JP");  // euc-jp-2007
    if (converter == nullptr) return nullptr;
    auto built = std::make_unique<EucJpTable>();
    for (unsigned b = 0; b < 256; ++b) {
      built->single[b] = b < 0x80                    ? AsciiEntry(b)
                         : b == 0x8F                 ? kLead3
                         : b == 0x8E || IsEucByte(b) ? kLead
                                                     : EntryOrInvalid(converter.get(), Bytes({b}));
      built->lead3_bad[b] =
          IsEucByte(b) ? 0 : Invalid(IcuBadLength(converter.get(), Bytes({0x8F, b})));
    }
    FillPairs(converter.get(), built->single, built->pair);
    for (unsigned b2 = 0xA1; b2 <= 0xFE; ++b2) {
      for (unsigned b3 = 0; b3 < 256; ++b3) {
        built->triple[(b2 - 0xA1) * 256 + b3] =
            EntryOrInvalid(converter.get(), Bytes({0x8F, b2, b3}));
      }
    }
    return built.release();  // lives as long as the process
  }();
  return table;
}

size_t DecodeCp932Run(const Cp932Table& table, const uint8_t* p, size_t n, bool final,
                      std::string& out, uint64_t& invalid, size_t out_start,
                      std::vector<uint32_t>& stops) {
  const auto decode_one = [&table, p, n, final](size_t i) -> Step {
    const uint32_t entry = table.single[p[i]];
    if (entry != kLead) return StepOf(entry, 1);
    if (i + 1 >= n) return final ? Step{0, 1} : Step{0, 0};
    return StepOf(table.pair[PairIndex(p[i], p[i + 1])], 2);
  };
  return RunTable(p, n, out, invalid, out_start, stops, table.pair, decode_one);
}

size_t DecodeEucJpRun(const EucJpTable& table, const uint8_t* p, size_t n, bool final,
                      std::string& out, uint64_t& invalid, size_t out_start,
                      std::vector<uint32_t>& stops) {
  const auto decode_one = [&table, p, n, final](size_t i) -> Step {
    const uint32_t entry = table.single[p[i]];
    if (entry == kLead) {
      if (i + 1 >= n) return final ? Step{0, 1} : Step{0, 0};
      return StepOf(table.pair[PairIndex(p[i], p[i + 1])], 2);
    }
    if (entry != kLead3) return StepOf(entry, 1);
    // 0x8F and two bytes of JIS X 0212. At the end of the input, a cut sequence is one bad
    // one, as ICU counts it.
    if (i + 1 >= n) return final ? Step{0, 1} : Step{0, 0};
    const uint8_t b2 = p[i + 1];
    if (!IsEucByte(b2)) return StepOf(table.lead3_bad[b2], 2);
    if (i + 2 >= n) return final ? Step{0, 2} : Step{0, 0};
    return StepOf(table.triple[(b2 - 0xA1u) * 256 + p[i + 2]], 3);
  };
  return RunTable(p, n, out, invalid, out_start, stops, table.pair, decode_one);
}

}  // namespace mamori::read::decode::legacy
