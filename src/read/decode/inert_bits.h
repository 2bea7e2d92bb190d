// The characters the normal form (decoder.h: Normalize) leaves alone and never combines with
// what precedes them, one bit per BMP code point: what NormalizedPrefix walks over, and what
// the UTF-8 and UTF-16 decoders check as they write each character.
#pragma once

#include <array>
#include <cstdint>

namespace mamori::read::internal {

// Checked against ICU for every code point in the unit tests.
constexpr bool IsInert(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) ||  // CJK unified ideographs
         (cp >= 0x3041 && cp <= 0x3096) ||  // hiragana (not the combining marks)
         (cp >= 0x30A1 && cp <= 0x30FE) ||  // katakana, ・, ー, ヽ, ヾ
         (cp >= 0x3001 && cp <= 0x3020);  // 、。〃々〆〇「」『』【】〒〓〔〕〜 ...
}

// IsInert as a 64-bit word per 64-code-point block (the lead byte's low four bits and the
// second byte's low six of a three-byte sequence): a kanji block is all ones, a kana block
// is decided by one bit.
inline constexpr uint64_t kAllInert = ~uint64_t{0};
inline constexpr std::array<uint64_t, 1024> kInertBits = [] {
  std::array<uint64_t, 1024> blocks{};
  for (unsigned block = 0; block < blocks.size(); ++block) {
    for (unsigned low = 0; low < 64; ++low) {
      if (IsInert(static_cast<char32_t>(block << 6 | low))) blocks[block] |= uint64_t{1} << low;
    }
  }
  return blocks;
}();

static_assert(kInertBits[0x30FC >> 6] != kAllInert, "ー must reach the digit check");

// Whether NormalizedPrefix stops at the valid three-byte character b0 b1 b2 that follows the
// byte `before`: a character that is not inert, or ー after an ASCII digit (it may be a typed
// hyphen, which dash folding turns into '-').
// `before()` gives that byte; it is asked only for ー.
template <typename Before>
inline bool StopsAtThreeByteCharacter(uint8_t b0, uint8_t b1, uint8_t b2, Before before) {
  const unsigned block = (b0 & 0x0Fu) << 6 | (b1 & 0x3Fu);
  const uint64_t bits = kInertBits[block];
  if (bits == kAllInert) return false;
  const unsigned low = b2 & 0x3Fu;
  if ((bits >> low & 1) == 0) return true;
  if ((block << 6 | low) != 0x30FC) return false;
  const char digit = before();
  return digit >= '0' && digit <= '9';
}

}  // namespace mamori::read::internal
