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
#include <array>

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

// Reads NNN-NNNN or NNNNNNN at `pos`; returns its end or 0. Sets `digits`.
size_t ReadPostal(std::string_view text, size_t pos, std::string& digits) {
  if (pos >= text.size() || !IsDigit(text[pos])) return 0;
  const NumberToken token = ReadNumberToken(text, pos);
  const bool grouped = token.Shape({3, 4}) && token.AllSeparators(Separator::kHyphen);
  if (!(grouped || token.Shape({7})) || token.attached_after) return 0;
  digits = token.Digits(text);
  return token.end;
}

}  // namespace

size_t DetectPostalMark(const Context& context, size_t pos, Sink& sink) {
  if (!AllowedAddress(context.role)) return pos;
  size_t cursor = pos + std::string_view("〒").size();
  while (cursor < context.text.size() && context.text[cursor] == ' ') ++cursor;
  std::string digits;
  const size_t end = ReadPostal(context.text, cursor, digits);
  if (end == 0) return pos;
  sink.Consume(pos, end);
  sink.Add(context, Item::kAddress, ColumnConfidence(context, Confidence::kMedium),
           ColumnBasis(context, Basis::kPattern), "〒" + digits);
  return end;
}

bool DetectPostalCode(const Context& context, const NumberToken& token, Sink& sink) {
  if (!AllowedAddress(context.role) || !token.Clean()) return false;
  const bool grouped = token.Shape({3, 4}) && token.AllSeparators(Separator::kHyphen);
  if (!grouped && !token.Shape({7})) return false;
  std::string value = "〒" + token.Digits(context.text);
  if (context.role != ColumnRole::kNone) {
    sink.Add(context, Item::kAddress, Confidence::kHigh, Basis::kHeader, std::move(value));
    return true;
  }
  if (!KeywordBefore(context, token.begin, kPostalKeywords, kPostalKeywordChars)) return false;
  sink.Add(context, Item::kAddress, Confidence::kMedium, Basis::kKeyword, std::move(value));
  return true;
}

void DetectPrefectureAddress(const Context& context, size_t pos, Sink& sink) {
  if (context.role != ColumnRole::kNone && context.role != ColumnRole::kAddress) return;
  const std::string_view text = context.text;
  const size_t suffix_end = pos + 3;  // 都道府県 are 3 bytes in UTF-8
  if (suffix_end > text.size()) return;
  for (std::string_view prefecture : kPrefectures) {
    // The suffix's last byte and the name's first byte rule out most prefectures before a
    // full comparison.
    if (prefecture.size() > suffix_end || prefecture.back() != text[suffix_end - 1] ||
        prefecture.front() != text[suffix_end - prefecture.size()] ||
        text.substr(suffix_end - prefecture.size(), prefecture.size()) != prefecture) {
      continue;
    }
    size_t cursor = suffix_end;
    while (cursor < text.size() && text[cursor] == ' ') ++cursor;
    const size_t end = MunicipalityEnd(text, cursor);
    if (end == 0) return;
    sink.Add(context, Item::kAddress, ColumnConfidence(context, Confidence::kMedium),
             ColumnBasis(context, Basis::kPattern),
             std::string(prefecture) + std::string(text.substr(cursor, end - cursor)));
    return;
  }
}

void DetectAddressByHeader(const Context& context, Sink& sink) {
  const std::string_view text = Trim(context.text);
  const size_t end = MunicipalityEnd(text, 0);
  if (end == 0) return;
  sink.Add(context, Item::kAddress, Confidence::kHigh, Basis::kHeader,
           std::string(text.substr(0, end)));
}

}  // namespace mamori::detect::internal
