// Shared by the detectors of one module: where a value sits (Context), the numeric tokens of a
// cell (NumberToken), character classes and keyword search. Nothing outside src/detect
// includes this header.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "detect/detector.h"

namespace mamori::detect::internal {

// How many characters before a value a keyword may sit (Microsoft Purview's window).
inline constexpr size_t kKeywordWindowChars = 300;

// Where a value sits. `before` is the text that precedes the cell: the part's preceding text
// for text parts, the previous cell of the record for tables (a label such as "基礎年金番号"
// beside its value in a form-like sheet). Views valid for one Scan call.
struct Context {
  std::string_view text;
  std::string_view before;
  ColumnRole role = ColumnRole::kNone;
  bool tabular = false;
  bool headed = false;  // a table with a header row
  uint32_t column = 0;
};

// Collects findings for one cell and the byte spans already explained by a date or postal
// code, so the numeric pass does not read "昭和45年3月2日" again as the numbers 45, 3 and 2.
class Sink {
 public:
  explicit Sink(Findings& out) : out_(out) {}
  // Copies `value` straight into the new finding: values are built on the stack (ShortValue)
  // or viewed in the cell, so a finding costs one copy into storage Findings keeps.
  void Add(const Context& context, Item item, Confidence confidence, Basis basis,
           std::string_view value, int year = 0) {
    Finding& finding = out_.Add();
    finding.item = item;
    finding.confidence = confidence;
    finding.basis = basis;
    finding.column = context.column;
    // Not assign(), nor resize() and a copy: their general paths (overlap; filling with zeros
    // first) cost more than the rest of a finding. append() to an empty string copies once.
    // A slot's value keeps the capacity of an earlier one, so this rarely allocates.
    finding.value.clear();
    finding.value.append(value.data(), value.size());
    finding.year = year;
  }
  void Consume(size_t begin, size_t end) {
    if (span_count_ < spans_.size()) {
      spans_[span_count_].begin = begin;
      spans_[span_count_].end = end;
      ++span_count_;
    }
  }
  bool Consumed(size_t pos) const {
    for (size_t i = 0; i < span_count_; ++i) {
      if (pos >= spans_[i].begin && pos < spans_[i].end) return true;
    }
    return false;
  }
  void ResetSpans() { span_count_ = 0; }

 private:
  Findings& out_;
  // Left uninitialised on purpose: a Sink is made per cell and zeroing 256 bytes there
  // showed as a third of the cell loop's time. Only the first span_count_ entries are read.
  struct Span {
    size_t begin;
    size_t end;
  };
  std::array<Span, 16> spans_;
  size_t span_count_ = 0;
};

// A short canonical value (digits, an ISO date, a postal code) built on the stack.
class ShortValue {
 public:
  static constexpr size_t kCapacity = 32;
  // REQUIRES: the total stays within kCapacity (callers check lengths first).
  void Append(std::string_view text) {
    std::memcpy(bytes_.data() + size_, text.data(), text.size());
    size_ += text.size();
  }
  char* data() { return bytes_.data(); }
  void Resize(size_t size) { size_ = size; }
  std::string_view view() const { return {bytes_.data(), size_}; }
  operator std::string_view() const { return view(); }  // NOLINT: reads as a value

 private:
  std::array<char, kCapacity> bytes_;
  size_t size_ = 0;
};

// ---- Characters ------------------------------------------------------------------------

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// The high bit of each byte of `x` that is an ASCII digit: "Bit Twiddling Hacks"'
// hasbetween(x, '0' - 1, '9' + 1), made exact per byte by leaving out bytes of 0x80 and up.
inline uint64_t DigitBits(uint64_t x) {
  constexpr uint64_t kOnes = ~uint64_t{0} / 255;
  const uint64_t low = x & (kOnes * 0x7F);
  return (kOnes * (127 + '9' + 1) - low) & ~x & (low + kOnes * (127 - ('0' - 1))) & (kOnes * 0x80);
}
// Eight bytes at a time (DigitBits); a tail shorter than eight bytes is one load of the last
// eight, overlapping.
inline bool AllDigits(std::string_view text) {
  constexpr uint64_t kAll = ~uint64_t{0} / 255 * 0x80;
  if (text.size() < 8) {
    for (char c : text) {
      if (!IsDigit(c)) return false;
    }
    return true;
  }
  uint64_t x = 0;
  for (size_t pos = 0; pos + 8 <= text.size(); pos += 8) {
    std::memcpy(&x, text.data() + pos, 8);
    if (DigitBits(x) != kAll) return false;
  }
  std::memcpy(&x, text.data() + text.size() - 8, 8);
  return DigitBits(x) == kAll;
}
inline bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiAlnum(char c) { return IsDigit(c) || IsAsciiAlpha(c); }

// The code point of the three-byte character at `pos` (lead byte E0..EF). REQUIRES: three
// bytes left there.
inline char32_t ThreeByteAt(std::string_view text, size_t pos) {
  return static_cast<char32_t>(static_cast<uint8_t>(text[pos]) & 0x0F) << 12 |
         static_cast<char32_t>(static_cast<uint8_t>(text[pos + 1]) & 0x3F) << 6 |
         static_cast<char32_t>(static_cast<uint8_t>(text[pos + 2]) & 0x3F);
}

// Decodes the code point at `pos` without validation beyond lengths (input is valid UTF-8
// from the reader; garbage still terminates because every step advances). Sets `length`.
// At or past the end returns 0 with length 1.
inline char32_t DecodeAt(std::string_view text, size_t pos, size_t& length) {
  if (pos >= text.size()) {  // callers at the end of a cell see "no character"
    length = 1;
    return 0;
  }
  const auto b = [&](size_t i) { return static_cast<uint8_t>(text[pos + i]); };
  const uint8_t b0 = b(0);
  const size_t left = text.size() - pos;
  if (b0 < 0x80) {
    length = 1;
    return b0;
  }
  if (b0 >= 0xE0 && b0 < 0xF0 && left >= 3) {
    length = 3;
    return ThreeByteAt(text, pos);
  }
  if (b0 >= 0xC0 && b0 < 0xE0 && left >= 2) {
    length = 2;
    return (static_cast<char32_t>(b0 & 0x1F) << 6) | static_cast<char32_t>(b(1) & 0x3F);
  }
  if (b0 >= 0xF0 && left >= 4) {
    length = 4;
    return (static_cast<char32_t>(b0 & 0x07) << 18) | (static_cast<char32_t>(b(1) & 0x3F) << 12) |
           (static_cast<char32_t>(b(2) & 0x3F) << 6) | static_cast<char32_t>(b(3) & 0x3F);
  }
  length = 1;
  return 0xFFFD;
}

// The code point that ends just before `pos`, or 0 at the start. Sets `length`.
char32_t DecodeBefore(std::string_view text, size_t pos, size_t& length);

inline bool IsKanji(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF) || c == 0x3005;  // 々
}
inline bool IsHiragana(char32_t c) { return c >= 0x3041 && c <= 0x309F; }
inline bool IsKatakana(char32_t c) {
  return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || c == 0x30FD || c == 0x30FE;
}
inline bool IsJapaneseLetter(char32_t c) { return IsKanji(c) || IsHiragana(c) || IsKatakana(c); }

// Hyphen-like characters NFKC leaves alone (‐ ‑ ‒ – — ― − ー); returns the byte length of
// the one at `pos`, 0 if there is none. ASCII '-' is handled by callers.
inline size_t WideHyphenLength(std::string_view text, size_t pos) {
  if (pos + 3 > text.size()) return 0;
  const auto b0 = static_cast<uint8_t>(text[pos]);
  if (b0 != 0xE2 && b0 != 0xE3) return 0;  // the common case: one compare
  const auto b1 = static_cast<uint8_t>(text[pos + 1]);
  const auto b2 = static_cast<uint8_t>(text[pos + 2]);
  if (b0 == 0xE2 && b1 == 0x80 && b2 >= 0x90 && b2 <= 0x95) return 3;  // U+2010..U+2015
  if (b0 == 0xE2 && b1 == 0x88 && b2 == 0x92) return 3;                // U+2212 −
  if (b0 == 0xE3 && b1 == 0x83 && b2 == 0xBC) return 3;                // U+30FC ー
  return 0;
}

// True when `literal` occurs at byte `pos` of `text` (a byte loop: literals here are a few
// bytes, where a memcmp call costs more than the compare).
inline bool HasAt(std::string_view text, size_t pos, std::string_view literal) {
  if (pos > text.size() || text.size() - pos < literal.size()) return false;
  for (size_t i = 0; i < literal.size(); ++i) {
    if (text[pos + i] != literal[i]) return false;
  }
  return true;
}

// Removes ASCII spaces and tabs at both ends.
std::string_view Trim(std::string_view text);

// Folds runs of ASCII/ideographic spaces and tabs to one ASCII space (canonical names).
std::string FoldSpaces(std::string_view text);
// The same into `out`, which must hold text.size() bytes; returns the length written.
size_t FoldSpacesInto(std::string_view text, char* out);

// ---- Keywords --------------------------------------------------------------------------

// A short list of keywords (at most 16, each at least 2 bytes) with a filter on their first
// two bytes, so a window is searched in one pass rather than one find() per keyword (which
// showed as a sixth of the time on headerless tables).
class KeywordSet {
 public:
  constexpr KeywordSet(std::initializer_list<std::string_view> words) {
    for (std::string_view word : words) {
      if (count_ == words_.size() || word.size() < 2) continue;
      words_[count_++] = word;
      const unsigned key = Key(word[0], word[1]);
      filter_[key / 64] |= uint64_t{1} << (key % 64);
    }
  }
  // True when a keyword lies within the last `budget` characters of `text`; `budget` is
  // reduced by the characters looked at. Searches from the end backwards: a keyword usually
  // sits just before its value ("基礎年金番号：1234567890"), so a hit ends the search after a
  // few bytes, and the window's start is found on the way rather than by a pass of its own.
  bool FoundInLast(std::string_view text, size_t& budget) const {
    bool unused = false;
    return Walk<false>(text, budget, *this, unused);
  }
  // The same walk for this set and, noted in `found_other` on the way, for `other`: one pass
  // where a second set is asked only when the first has no word.
  bool FoundInLast(std::string_view text, size_t& budget, const KeywordSet& other,
                   bool& found_other) const {
    return Walk<true>(text, budget, other, found_other);
  }

 private:
  // One loop per use, so that the single-set walk (every KeywordBefore) tests no second set.
  template <bool kWithOther>
  bool Walk(std::string_view text, size_t& budget, const KeywordSet& other,
            bool& found_other) const {
    const char* data = text.data();
    const size_t size = text.size();
    size_t i = size;
    while (i > 0 && budget > 0) {
      --i;
      if ((static_cast<uint8_t>(data[i]) & 0xC0) == 0x80) continue;  // inside a character
      --budget;
      if (i + 1 >= size) continue;  // every word has two bytes or more
      const unsigned key = Key(data[i], data[i + 1]);
      if (HasWordAt(data, size, i, key)) return true;
      if constexpr (kWithOther) {
        if (!found_other) found_other = other.HasWordAt(data, size, i, key);
      }
    }
    return false;
  }

  // Whether a word starts at data[i], whose first two bytes give `key`. Inlined into the
  // walks, where its filter test runs at every character (out of line it cost a call each).
  [[gnu::always_inline]] bool HasWordAt(const char* data, size_t size, size_t i,
                                        unsigned key) const {
    if ((filter_[key / 64] >> (key % 64) & 1) == 0) return false;
    // A byte loop, not memcmp: words are a few bytes and most differ in the first three.
    for (size_t w = 0; w < count_; ++w) {
      const std::string_view word = words_[w];
      if (word.size() > size - i) continue;
      size_t k = 0;
      while (k < word.size() && data[i + k] == word[k]) ++k;
      if (k == word.size()) return true;
    }
    return false;
  }

  static constexpr unsigned Key(char a, char b) {
    return ((static_cast<unsigned>(static_cast<uint8_t>(a)) * 31u) ^
            static_cast<unsigned>(static_cast<uint8_t>(b))) &
           1023u;
  }
  std::array<std::string_view, 16> words_{};
  size_t count_ = 0;
  std::array<uint64_t, 16> filter_{};
};

// True when one of `keywords` lies within `max_chars` characters before byte `pos` of the
// cell, looking into context.before when the cell is shorter than the window.
bool KeywordBefore(const Context& context, size_t pos, const KeywordSet& keywords,
                   size_t max_chars = kKeywordWindowChars);
// Which of two keyword sets has a word within `max_chars` characters before byte `pos` (as
// KeywordBefore): kFirst when `first` has one, else kSecond when `second` has, else kNeither.
// One walk where two KeywordBefore calls would make two.
enum class KeywordFound : uint8_t { kNeither, kFirst, kSecond };
KeywordFound KeywordBeforeEither(const Context& context, size_t pos, const KeywordSet& first,
                                 const KeywordSet& second, size_t max_chars);

// ---- Numeric tokens --------------------------------------------------------------------

enum class Separator : uint8_t { kHyphen, kSlash, kDot, kParen };

// The byte length of a separator at `pos` that may join two digit groups, 0 if none.
inline size_t SeparatorAt(std::string_view text, size_t pos, Separator& kind) {
  const char c = text[pos];
  if (static_cast<uint8_t>(c) < 0x80) {
    switch (c) {
      case '-':
        kind = Separator::kHyphen;
        return 1;
      case '/':
        kind = Separator::kSlash;
        return 1;
      case '.':
        kind = Separator::kDot;
        return 1;
      case '(':
      case ')':
        kind = Separator::kParen;
        return 1;
      default:
        return 0;
    }
  }
  const size_t wide = WideHyphenLength(text, pos);
  if (wide > 0) kind = Separator::kHyphen;
  return wide;
}

// A run of digit groups joined by single separators ("1234-567890", "1970/3/2",
// "03(1234)5678"), delimited: the digits before and after are not digits.
struct NumberToken {
  static constexpr size_t kMaxGroups = 6;
  size_t begin = 0;  // first digit
  size_t end = 0;    // one past the last digit
  size_t group_count = 0;
  bool too_many_groups = false;
  std::array<uint32_t, kMaxGroups> group_begin{};
  std::array<uint32_t, kMaxGroups> group_length{};
  std::array<Separator, kMaxGroups> separator{};  // separator[i] sits after group i
  uint32_t digit_count = 0;
  // The token touches an ASCII letter, digit, '_' or '+' on either side (directly or across
  // one separator): part of a product code or a longer identifier ("AB-1234-567890").
  bool attached_before = false;
  bool attached_after = false;
  char letter_before = 0;    // the ASCII letter directly before the first digit, if any
  bool lone_letter = false;  // that letter is itself not preceded by a letter or digit
  bool unit_after = false;   // followed by 円, 件, 人, 歳 ... or '%': an amount or count

  // True when the groups have exactly these lengths.
  // Inline: every numeric detector asks it of every token, with a constant list.
  bool Shape(std::initializer_list<uint32_t> lengths) const {
    if (too_many_groups || lengths.size() != group_count) return false;
    size_t i = 0;
    for (uint32_t length : lengths) {
      if (group_length[i++] != length) return false;
    }
    return true;
  }
  // True when every separator is `kind`.
  bool AllSeparators(Separator kind) const;
  // Digits only, separators removed.
  std::string Digits(std::string_view text) const;
  // The same on the stack. REQUIRES: digit_count <= ShortValue::kCapacity.
  ShortValue ShortDigits(std::string_view text) const {
    ShortValue value;
    value.Resize(CopyDigits(text, value.data()));
    return value;
  }
  // The same into `out`, which must hold digit_count bytes (no allocation on the hot path);
  // returns the number of bytes written.
  size_t CopyDigits(std::string_view text, char* out) const;
  // Number of the group (0-based) as an integer (groups are at most 9 digits when used).
  int GroupValue(std::string_view text, size_t group) const;
  // A number with no letters or units around it, usable as an identifier.
  bool Clean() const { return !attached_before && !attached_after && !unit_after; }
};

// Reads the numeric token whose first digit is at `pos`. REQUIRES: text[pos] is a digit.
NumberToken ReadNumberToken(std::string_view text, size_t pos);
// Only where that token ends (ReadNumberToken(text, pos).end), for tokens inside a span a date
// already explained. REQUIRES: text[pos] is a digit.
size_t NumberTokenEnd(std::string_view text, size_t pos);

}  // namespace mamori::detect::internal
