// Corporate number (法人番号): 13 digits, the first a check digit. Not personal data; found so
// that it is reported apart and never mistaken for a My Number (the 12-digit tail of a
// 13-digit run is not delimited, so the My Number detector never sees it).
//
//   header 法人番号 / keyword   High  kHeader / kKeyword
//   check digit alone          Low   kChecksum
// A leading 'T' is allowed: qualified-invoice issuer numbers are "T" + the corporate number.
#include <array>

#include "detect/internal/detectors.h"

namespace mamori::detect {

bool IsValidCorporateNumber(std::string_view digits) {
  if (digits.size() != 13) return false;
  int sum = 0;
  // P(n) is the n-th of the last 12 digits counted from the right; Q = 1 odd n, 2 even n.
  for (int n = 1; n <= 12; ++n) {
    const char c = digits[static_cast<size_t>(13 - n)];
    if (c < '0' || c > '9') return false;
    sum += (c - '0') * (n % 2 == 1 ? 1 : 2);
  }
  if (digits[0] < '0' || digits[0] > '9') return false;
  return digits[0] - '0' == 9 - sum % 9;
}

namespace internal {
namespace {

constexpr KeywordSet kKeywords = {"法人番号", "登録番号", "Corporate", "corporate"};

}  // namespace

bool DetectCorporateNumber(const Context& context, const NumberToken& token, Sink& sink) {
  if (context.role != ColumnRole::kNone && context.role != ColumnRole::kCorporateNumber) {
    return false;
  }
  if (token.digit_count != 13 || token.attached_after || token.unit_after) return false;
  if (token.attached_before && !(token.letter_before == 'T' && token.lone_letter)) return false;
  if (!token.Shape({13}) &&
      !(token.Shape({1, 4, 4, 4}) && token.AllSeparators(Separator::kHyphen))) {
    return false;
  }
  const ShortValue digits = token.ShortDigits(context.text);
  if (!IsValidCorporateNumber(digits)) return false;
  if (context.role == ColumnRole::kCorporateNumber) {
    sink.Add(context, Item::kCorporateNumber, Confidence::kHigh, Basis::kHeader, digits);
  } else if (KeywordBefore(context, token.begin, kKeywords)) {
    sink.Add(context, Item::kCorporateNumber, Confidence::kHigh, Basis::kKeyword, digits);
  } else {
    sink.Add(context, Item::kCorporateNumber, Confidence::kLow, Basis::kChecksum, digits);
  }
  return true;
}

}  // namespace internal
}  // namespace mamori::detect
