// Basic pension number (基礎年金番号): 10 digits written NNNN-NNNNNN, no public check digit.
//
//   header 年金番号 column      NNNN-NNNNNN or 10 bare digits          High   kHeader
//   keyword within 300 chars  NNNN-NNNNNN or 10 bare digits, not 0…  High   kKeyword
//   nothing                   NNNN-NNNNNN, not starting with 0       Medium kPattern
//
// Never in a column whose header names something else (注文番号, 電話 …), never a number
// touching letters or other digits ("AB-1234-567890", "12345678901"), never an amount
// ("1234567890円"). Phone-shaped numbers are claimed earlier by the phone detector.
#include <array>

#include "detect/internal/detectors.h"

namespace mamori::detect::internal {
namespace {

constexpr KeywordSet kKeywords = {"年金番号", "基年番号", "年金手帳", "pension"};

}  // namespace

bool DetectPension(const Context& context, const NumberToken& token, Sink& sink) {
  if (context.role != ColumnRole::kNone && context.role != ColumnRole::kPensionNumber) {
    return false;
  }
  if (token.digit_count != 10 || !token.Clean()) return false;
  const bool hyphenated = token.Shape({4, 6}) && token.AllSeparators(Separator::kHyphen);
  const bool bare = token.Shape({10});
  if (!hyphenated && !bare) return false;
  const ShortValue digits = token.ShortDigits(context.text);
  if (context.role == ColumnRole::kPensionNumber) {
    sink.Add(context, Item::kPensionNumber, Confidence::kHigh, Basis::kHeader, digits);
    return true;
  }
  // A leading 0 is the trunk prefix of a phone number (0120-123456, 0312-345678).
  if (context.text[token.begin] == '0') return false;
  if (KeywordBefore(context, token.begin, kKeywords)) {
    sink.Add(context, Item::kPensionNumber, Confidence::kHigh, Basis::kKeyword, digits);
    return true;
  }
  if (hyphenated) {
    sink.Add(context, Item::kPensionNumber, Confidence::kMedium, Basis::kPattern, digits);
    return true;
  }
  return false;
}

bool DetectPensionCell(const Context& context, Sink& sink) {
  const std::string_view text = context.text;
  ShortValue digits;
  if (text.size() == 11 && text[4] == '-') {
    digits.Append(text.substr(0, 4));
    digits.Append(text.substr(5));
  } else if (text.size() == 10) {
    digits.Append(text);
  } else {
    return false;
  }
  if (!AllDigits(digits)) return false;
  sink.Add(context, Item::kPensionNumber, Confidence::kHigh, Basis::kHeader, digits);
  return true;
}

}  // namespace mamori::detect::internal
