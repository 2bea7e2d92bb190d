// Addresses: a prefecture followed by a municipality, and postal codes.
//
//   prefecture + municipality (東京都新宿区, 北海道札幌市, 長野県北佐久郡)
//       in an address column High kHeader; elsewhere Medium kPattern
//   municipality first (新宿区西新宿2-8-1) only in an address column   High kHeader
//   〒123-4567 / 〒1234567 (the mark is the evidence)  Medium kPattern (High in a column)
//   123-4567 / 1234567 in a 郵便番号 or 住所 column     High kHeader
//   123-4567 / 1234567 after 郵便番号 / 住所 (30 chars) Medium kKeyword
// All are Item::kAddress. The prefecture is found from its suffix (都, 道, 府, 県), which
// is rarer than its first character.
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "detect/internal/detectors.h"

namespace mamori::detect::internal {
namespace {

constexpr auto kPrefectures = std::to_array<std::string_view>(
    {"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県",   "福島県", "茨城県",
     "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",
     "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",   "愛知県", "三重県",
     "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
     "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県",   "高知県", "福岡県",
     "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"});

// Three bytes at `pos` as one integer. REQUIRES: pos + 3 <= text.size().
constexpr uint32_t Key3(std::string_view text, size_t pos) {
  return static_cast<uint32_t>(static_cast<uint8_t>(text[pos])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(text[pos + 1])) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(text[pos + 2]));
}

struct PrefectureEntry {
  std::string_view name;
  // The character before the suffix (every name has one) and the suffix's last byte, as one
  // key: the entries are sorted by it.
  uint32_t key = 0;
};

constexpr uint32_t PrefectureKey(uint32_t before_suffix, uint8_t suffix_last) {
  return before_suffix << 8 | suffix_last;  // before_suffix is a 3-byte key (Key3)
}

// Sorted by key, stably: a suffix looks up its few candidates (the four 島県 share one key,
// kPrefectureSlots finds them) instead of comparing all 47.
constexpr auto kPrefectureEntries = [] {
  std::array<PrefectureEntry, kPrefectures.size()> entries{};
  for (size_t i = 0; i < kPrefectures.size(); ++i) {
    const std::string_view name = kPrefectures[i];
    PrefectureEntry entry{
        name, PrefectureKey(Key3(name, name.size() - 6), static_cast<uint8_t>(name.back()))};
    size_t at = i;
    for (; at > 0 && entries[at - 1].key > entry.key; --at) entries[at] = entries[at - 1];
    entries[at] = entry;
  }
  return entries;
}();

// The sorted entries that share a key, found by a perfect hash of the key: a multiplier
// under which the 35 distinct keys take 35 different slots of 128.
struct PrefectureSlot {
  uint32_t key = 0;
  uint8_t first = 0;  // in kPrefectureEntries
  uint8_t count = 0;
};
constexpr unsigned kPrefectureSlotBits = 7;

constexpr size_t PrefectureSlotOf(uint32_t key, uint32_t multiplier) {
  return (key * multiplier) >> (32 - kPrefectureSlotBits);
}

// Whether `multiplier` sends different keys to different slots.
constexpr bool SlotsDistinct(uint32_t multiplier) {
  std::array<uint32_t, size_t{1} << kPrefectureSlotBits> taken{};  // key + 1, 0 when free
  for (const PrefectureEntry& entry : kPrefectureEntries) {
    uint32_t& slot = taken[PrefectureSlotOf(entry.key, multiplier)];
    if (slot != 0 && slot != entry.key + 1) return false;
    slot = entry.key + 1;
  }
  return true;
}

// The first odd multiplier that works (a search too long for the compiler's constexpr limit).
constexpr uint32_t kPrefectureMultiplier = 13879;
static_assert(SlotsDistinct(kPrefectureMultiplier));

constexpr auto kPrefectureSlots = [] {
  std::array<PrefectureSlot, size_t{1} << kPrefectureSlotBits> slots{};
  for (size_t i = 0; i < kPrefectureEntries.size(); ++i) {
    PrefectureSlot& slot =
        slots[PrefectureSlotOf(kPrefectureEntries[i].key, kPrefectureMultiplier)];
    if (slot.count == 0) {
      slot.key = kPrefectureEntries[i].key;
      slot.first = static_cast<uint8_t>(i);
    }
    ++slot.count;
  }
  return slots;
}();

// The prefecture whose name ends at byte `suffix_end` (just past its 都/道/府/県) of `text`: its
// name, or an empty view. Candidates share the suffix's last byte and the character before the
// suffix (their key) before the full name is compared.
std::string_view PrefectureEndingAt(std::string_view text, size_t suffix_end) {
  if (suffix_end > text.size() || suffix_end < 6) return {};
  const uint32_t key =
      PrefectureKey(Key3(text, suffix_end - 6), static_cast<uint8_t>(text[suffix_end - 1]));
  const PrefectureSlot slot = kPrefectureSlots[PrefectureSlotOf(key, kPrefectureMultiplier)];
  if (slot.key != key) return {};
  for (size_t i = slot.first; i < size_t{slot.first} + slot.count; ++i) {
    const std::string_view prefecture = kPrefectureEntries[i].name;
    if (prefecture.size() <= suffix_end &&
        HasAt(text, suffix_end - prefecture.size(), prefecture)) {
      return prefecture;
    }
  }
  return {};
}

constexpr KeywordSet kPostalKeywords = {"郵便番号", "〒", "住所", "所在地", "Zip"};
constexpr size_t kPostalKeywordChars = 30;
constexpr size_t kMaxMunicipalityChars = 10;

bool IsMunicipalitySuffix(char32_t c) {
  return c == U'市' || c == U'区' || c == U'町' || c == U'村' || c == U'郡';
}

bool IsPlaceChar(char32_t c) {
  // Hiragana too: さいたま市, つくば市, いわき市.
  return IsKanji(c) || IsKatakana(c) || IsHiragana(c) || c == U'ヶ' || c == U'ケ' || c == U'が' ||
         c == U'の' || c == U'ノ';
}

// Byte end of a municipality starting at `pos` ("新宿区", "札幌市", "北佐久郡"), or 0.
size_t MunicipalityEnd(std::string_view text, size_t pos) {
  size_t chars = 0;
  while (pos < text.size() && chars <= kMaxMunicipalityChars) {
    size_t length = 0;
    const char32_t c = DecodeAt(text, pos, length);
    if (!IsPlaceChar(c)) return 0;
    if (chars > 0 && IsMunicipalitySuffix(c)) return pos + length;
    pos += length;
    ++chars;
  }
  return 0;
}

Confidence ColumnConfidence(const Context& context, Confidence otherwise) {
  return context.role == ColumnRole::kNone ? otherwise : Confidence::kHigh;
}

Basis ColumnBasis(const Context& context, Basis otherwise) {
  return context.role == ColumnRole::kNone ? otherwise : Basis::kHeader;
}

bool AllowedAddress(ColumnRole role) {
  return role == ColumnRole::kNone || role == ColumnRole::kAddress ||
         role == ColumnRole::kPostalCode;
}

// Reads NNN-NNNN or NNNNNNN at `pos`; returns its end or 0. Appends the digits to `value`.
size_t ReadPostal(std::string_view text, size_t pos, ShortValue& value) {
  if (pos >= text.size() || !IsDigit(text[pos])) return 0;
  const NumberToken token = ReadNumberToken(text, pos);
  const bool grouped = token.Shape({3, 4}) && token.AllSeparators(Separator::kHyphen);
  if (!(grouped || token.Shape({7})) || token.attached_after) return 0;
  value.Append(token.ShortDigits(text));
  return token.end;
}

// Adds `prefecture` + the municipality that follows it from byte `cursor` of the text (spaces
// between them left out, the value built on the stack); false, having added nothing, when no
// municipality follows.
bool AddPrefectureAddress(const Context& context, std::string_view prefecture, size_t cursor,
                          Sink& sink) {
  const std::string_view text = context.text;
  while (cursor < text.size() && text[cursor] == ' ') ++cursor;
  const size_t end = MunicipalityEnd(text, cursor);
  if (end == 0) return false;
  const std::string_view municipality = text.substr(cursor, end - cursor);
  std::array<char, 64> value;
  if (prefecture.size() + municipality.size() > value.size()) return false;  // ≤ 12 + 11 × 4
  std::copy(prefecture.begin(), prefecture.end(), value.begin());
  std::copy(municipality.begin(), municipality.end(),
            value.begin() + static_cast<std::ptrdiff_t>(prefecture.size()));
  sink.Add(context, Item::kAddress, ColumnConfidence(context, Confidence::kMedium),
           ColumnBasis(context, Basis::kPattern),
           std::string_view(value.data(), prefecture.size() + municipality.size()));
  return true;
}

}  // namespace

std::span<const std::string_view> PrefectureNames() { return kPrefectures; }

size_t DetectPostalMark(const Context& context, size_t pos, Sink& sink) {
  if (!AllowedAddress(context.role)) return pos;
  size_t cursor = pos + std::string_view("〒").size();
  while (cursor < context.text.size() && context.text[cursor] == ' ') ++cursor;
  ShortValue value;
  value.Append("〒");
  const size_t end = ReadPostal(context.text, cursor, value);
  if (end == 0) return pos;
  sink.Consume(pos, end);
  sink.Add(context, Item::kAddress, ColumnConfidence(context, Confidence::kMedium),
           ColumnBasis(context, Basis::kPattern), value);
  return end;
}

bool DetectPostalCode(const Context& context, const NumberToken& token, Sink& sink) {
  if (!AllowedAddress(context.role) || !token.Clean()) return false;
  const bool grouped = token.Shape({3, 4}) && token.AllSeparators(Separator::kHyphen);
  if (!grouped && !token.Shape({7})) return false;
  ShortValue value;
  value.Append("〒");
  value.Append(token.ShortDigits(context.text));
  if (context.role != ColumnRole::kNone) {
    sink.Add(context, Item::kAddress, Confidence::kHigh, Basis::kHeader, value);
    return true;
  }
  if (!KeywordBefore(context, token.begin, kPostalKeywords, kPostalKeywordChars)) return false;
  sink.Add(context, Item::kAddress, Confidence::kMedium, Basis::kKeyword, value);
  return true;
}

bool DetectPostalCodeCell(const Context& context, Sink& sink) {
  const std::string_view text = context.text;
  const bool grouped = text.size() == 8 && text[3] == '-';
  if (!grouped && text.size() != 7) return false;
  ShortValue value;
  value.Append("〒");
  for (size_t i = 0; i < text.size(); ++i) {
    if (grouped && i == 3) continue;
    if (!IsDigit(text[i])) return false;
    value.Append(text.substr(i, 1));
  }
  sink.Add(context, Item::kAddress, Confidence::kHigh, Basis::kHeader, value);
  return true;
}

void DetectPrefectureAddress(const Context& context, size_t pos, Sink& sink) {
  if (context.role != ColumnRole::kNone && context.role != ColumnRole::kAddress) return;
  const std::string_view text = context.text;
  const std::string_view prefecture = PrefectureEndingAt(text, pos + 3);  // 都道府県: 3 bytes
  if (!prefecture.empty()) AddPrefectureAddress(context, prefecture, pos + 3, sink);
}

namespace {

// The last bytes of the four suffixes (都 道 府 県): a character that ends in none is none of
// them.
constexpr auto kSuffixLastBytes = std::to_array<uint8_t>({0xBD, 0x93, 0x9C, 0x8C});

constexpr size_t kMaskedBytes = 64;

// Bit i set for byte i of `text` (at most kMaskedBytes) that is a digit, '@', or the last byte
// of a prefecture suffix.
struct ByteMasks {
  uint64_t digit = 0;
  uint64_t at = 0;
  uint64_t suffix_last = 0;
};

ByteMasks MasksOf(std::string_view text) {
  alignas(16) std::array<uint8_t, kMaskedBytes> bytes{};
  std::memcpy(bytes.data(), text.data(), std::min(text.size(), kMaskedBytes));
  ByteMasks masks;
#if defined(__SSE2__)
  for (size_t block = 0; block * 16 < text.size(); ++block) {
    const __m128i x = _mm_load_si128(reinterpret_cast<const __m128i*>(bytes.data() + block * 16));
    const auto bits = [block](__m128i match) {
      return static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(match))) << (block * 16);
    };
    // A digit is a byte at most 9 above '0' (unsigned: bytes below '0' wrap past 9).
    const __m128i from_zero = _mm_sub_epi8(x, _mm_set1_epi8('0'));
    masks.digit |= bits(_mm_cmpeq_epi8(_mm_min_epu8(from_zero, _mm_set1_epi8(9)), from_zero));
    masks.at |= bits(_mm_cmpeq_epi8(x, _mm_set1_epi8('@')));
    __m128i last = _mm_setzero_si128();
    for (const uint8_t byte : kSuffixLastBytes) {
      last = _mm_or_si128(last, _mm_cmpeq_epi8(x, _mm_set1_epi8(static_cast<char>(byte))));
    }
    masks.suffix_last |= bits(last);
  }
#else
  for (size_t i = 0; i < std::min(text.size(), kMaskedBytes); ++i) {
    const uint64_t bit = uint64_t{1} << i;
    if (bytes[i] >= '0' && bytes[i] <= '9') masks.digit |= bit;
    if (bytes[i] == '@') masks.at |= bit;
    if (std::find(kSuffixLastBytes.begin(), kSuffixLastBytes.end(), bytes[i]) !=
        kSuffixLastBytes.end()) {
      masks.suffix_last |= bit;
    }
  }
#endif
  return masks;
}

}  // namespace

bool DetectAddressCell(const Context& context, Sink& sink) {
  const std::string_view text = context.text;
  // Prefecture names are three or four characters: the suffix ends at byte 9 or 12.
  std::string_view prefecture = PrefectureEndingAt(text, 9);
  if (prefecture.size() != 9) {
    prefecture = PrefectureEndingAt(text, 12);
    if (prefecture.size() != 12) return false;
  }
  // Nothing after the prefecture that another detector may read: '@', a digit run long enough
  // for a postal code (NNN-NNNN, NNNNNNN; 〒 gives nothing without one either), or a second
  // prefecture (a suffix that ends a prefecture's name: not the 都 of 京都市 or 宇都宮市, nor
  // the 府 of 府中市). Era names need not be looked for: no date is read in an address column.
  const std::string_view rest = text.substr(prefecture.size());
  size_t digits_before = 0;  // the digit run that ends the previous block
  for (size_t offset = 0; offset < rest.size(); offset += kMaskedBytes) {
    const size_t size = std::min(kMaskedBytes, rest.size() - offset);
    const ByteMasks masks = MasksOf(rest.substr(offset, size));
    const uint64_t digit = masks.digit;
    if (masks.at != 0 || (digit & digit >> 1 & digit >> 2 & digit >> 3) != 0) return false;
    const auto leading = static_cast<size_t>(std::countr_one(digit));
    if (leading > 0 && digits_before + leading >= 4) return false;
    digits_before = static_cast<size_t>(std::countl_one(digit << (kMaskedBytes - size)));
    for (uint64_t last = masks.suffix_last; last != 0; last &= last - 1) {
      const size_t at = prefecture.size() + offset + static_cast<size_t>(std::countr_zero(last));
      if (!PrefectureEndingAt(text, at + 1).empty()) return false;
    }
  }
  return AddPrefectureAddress(context, prefecture, prefecture.size(), sink);
}

void DetectAddressByHeader(const Context& context, Sink& sink) {
  const std::string_view text = Trim(context.text);
  const size_t end = MunicipalityEnd(text, 0);
  if (end == 0) return;
  sink.Add(context, Item::kAddress, Confidence::kHigh, Basis::kHeader, text.substr(0, end));
}

}  // namespace mamori::detect::internal
