// Normalisation for matching: NFKC plus dash folding.
//
// This runs on every cell of every file, so it avoids ICU where it can. NormalizedPrefix()
// walks the text over characters that NFKC leaves alone and that never combine with what
// comes before them (ASCII, kana, CJK unified ideographs, CJK punctuation); for most
// Japanese cells that is the whole cell and nothing is copied. Otherwise ICU's
// normalizeUTF8 (itself quick-check based, so normalised stretches are copied, not
// recomputed) runs from the last character before the first unknown one — that character
// is included because a following combining mark (か + U+3099) may compose with it — and
// the dash folds are applied to what ICU wrote.
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <array>
#include <bit>
#include <climits>
#include <cstring>

#include "read/decode/decoder.h"

namespace mamori::read::decode {
namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Characters NFKC maps to themselves and that start a new composition segment. Checked
// against ICU for every code point in the unit tests.
constexpr bool IsInert(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) ||  // CJK unified ideographs
         (cp >= 0x3041 && cp <= 0x3096) ||  // hiragana (not the combining marks)
         (cp >= 0x30A1 && cp <= 0x30FE) ||  // katakana, ・, ー, ヽ, ヾ
         (cp >= 0x3001 && cp <= 0x3020);  // 、。〃々〆〇「」『』【】〒〓〔〕〜 ...
}

// IsInert by 64-code-point block of the BMP (the lead byte's low four bits and the second
// byte's low six of a three-byte sequence): every code point inert, some, or none.
constexpr uint8_t kNoneInert = 0;
constexpr uint8_t kSomeInert = 1;
constexpr uint8_t kAllInert = 2;
constexpr std::array<uint8_t, 1024> kInertBlocks = [] {
  std::array<uint8_t, 1024> blocks{};
  for (unsigned block = 0; block < blocks.size(); ++block) {
    unsigned inert = 0;
    for (char32_t cp = block << 6; cp < (block + 1) << 6; ++cp) inert += IsInert(cp) ? 1u : 0u;
    blocks[block] = inert == 64 ? kAllInert : inert > 0 ? kSomeInert : kNoneInert;
  }
  return blocks;
}();

static_assert(kInertBlocks[0x30FC >> 6] == kSomeInert, "ー must reach the digit check");

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

// Rewrites out[from, end) in place: U+2010..U+2015 and U+2212 become '-', and U+30FC
// between two ASCII digits becomes '-'. Looks back no further than `floor` for the digit.
void FoldDashes(std::string& out, size_t floor, size_t from) {
  size_t write = from;
  size_t read = from;
  const size_t end = out.size();
  while (read < end) {
    const auto b = static_cast<uint8_t>(out[read]);
    if ((b == 0xE2 || b == 0xE3) && read + 2 < end) {
      const char32_t cp = (static_cast<char32_t>(b & 0x0F) << 12) |
                          (static_cast<char32_t>(static_cast<uint8_t>(out[read + 1]) & 0x3F) << 6) |
                          (static_cast<uint8_t>(out[read + 2]) & 0x3F);
      bool dash = (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212;
      if (cp == 0x30FC) {
        dash = write > floor && IsAsciiDigit(out[write - 1]) && read + 3 < end &&
               IsAsciiDigit(out[read + 3]);
      }
      if (dash) {
        out[write++] = '-';
        read += 3;
        continue;
      }
    }
    out[write++] = out[read++];
  }
  out.resize(write);
}

void AppendSlow(std::string_view text, size_t prefix, std::string& out) {
  size_t back = prefix;
  if (back > 0) {
    --back;
    while (back > 0 && (static_cast<uint8_t>(text[back]) & 0xC0) == 0x80) --back;
  }
  const size_t floor = out.size();
  out.append(text.data(), back);
  const size_t from = out.size();
  AppendIcuNfkc(text.substr(back), out);
  FoldDashes(out, floor, from);
}

}  // namespace

size_t NormalizedPrefix(std::string_view text) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  size_t i = 0;
  for (;;) {
    // ASCII, eight bytes at a time up to the first byte above 0x7F.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, sizeof(word));
      const uint64_t high = word & kHigh;
      if (high != 0) {
        i += static_cast<size_t>(std::countr_zero(high)) / 8;
        break;
      }
      i += 8;
    }
    while (i < n && p[i] < 0x80) ++i;
    if (i >= n) return n;
    // Three-byte characters, one after the other as Japanese text has them: one table load
    // decides most (a kanji or kana block), and only the blocks with inert and other code
    // points decode the character.
    while (i + 2 < n && (p[i] & 0xF0) == 0xE0) {
      const uint8_t b1 = p[i + 1];
      const uint8_t b2 = p[i + 2];
      if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return i;
      const unsigned block = (p[i] & 0x0Fu) << 6 | (b1 & 0x3Fu);
      const uint8_t kind = kInertBlocks[block];
      if (kind == kSomeInert) {
        const char32_t cp = static_cast<char32_t>(block) << 6 | (b2 & 0x3Fu);
        if (!IsInert(cp)) return i;
        // ー after a digit may be a typed hyphen: leave it to the slow path.
        if (cp == 0x30FC && i > 0 && IsAsciiDigit(static_cast<char>(p[i - 1]))) return i;
      } else if (kind != kAllInert) {
        return i;
      }
      i += 3;
    }
    if (i >= n) return n;
    if (p[i] >= 0x80) return i;
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

}  // namespace mamori::read::decode
