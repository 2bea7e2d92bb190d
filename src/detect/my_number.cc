// My Number (個人番号): 12 digits, the last a check digit. Bare, 4-4-4 with hyphens, or
// 4 4 4 with single spaces. The check digit is always required.
//
//   header 個人番号/マイナンバー   High   kHeader
//   keyword within 300 chars     High   kKeyword
//   check digit alone            Low    kChecksum (a candidate: one random 12-digit number in
//                                               ten passes; the tally promotes a column
//                                               where most cells pass)
#include <array>

#include "detect/internal/detectors.h"

namespace mamori::detect {

bool IsValidMyNumber(std::string_view digits) {
  if (digits.size() != 12) return false;
  int sum = 0;
  // P(n) is the n-th digit from the right of the first 11; Q(n) = n+1 (n ≤ 6), n-5 (n ≥ 7).
  for (int n = 1; n <= 11; ++n) {
    const char c = digits[static_cast<size_t>(11 - n)];
    if (c < '0' || c > '9') return false;
    const int q = n <= 6 ? n + 1 : n - 5;
    sum += (c - '0') * q;
  }
  if (digits[11] < '0' || digits[11] > '9') return false;
  const int r = sum % 11;
  const int check = r <= 1 ? 0 : 11 - r;
  return digits[11] - '0' == check;
}

namespace internal {
namespace {

constexpr KeywordSet kKeywords = {"個人番号", "マイナンバー", "My Number", "my number", "MyNumber"};

void Report(const Context& context, size_t begin, std::string_view digits, Sink& sink) {
  if (context.role == ColumnRole::kMyNumber) {
    sink.Add(context, Item::kMyNumber, Confidence::kHigh, Basis::kHeader, digits);
  } else if (KeywordBefore(context, begin, kKeywords)) {
    sink.Add(context, Item::kMyNumber, Confidence::kHigh, Basis::kKeyword, digits);
  } else {
    sink.Add(context, Item::kMyNumber, Confidence::kLow, Basis::kChecksum, digits);
  }
}

bool Allowed(ColumnRole role) { return role == ColumnRole::kNone || role == ColumnRole::kMyNumber; }

}  // namespace

bool DetectMyNumber(const Context& context, const NumberToken& token, Sink& sink) {
  if (!Allowed(context.role)) return false;
  if (token.digit_count != 12 || !token.Clean()) return false;
  const bool grouped = token.Shape({4, 4, 4}) && token.AllSeparators(Separator::kHyphen);
  if (!grouped && !token.Shape({12})) return false;
  const ShortValue digits = token.ShortDigits(context.text);
  if (!IsValidMyNumber(digits)) return false;
  Report(context, token.begin, digits, sink);
  return true;
}

bool DetectMyNumberCell(const Context& context, Sink& sink) {
  const std::string_view text = context.text;
  ShortValue digits;
  if (text.size() == 12) {
    digits.Append(text);
  } else if (text.size() == 14 && text[4] == '-' && text[9] == '-') {
    digits.Append(text.substr(0, 4));
    digits.Append(text.substr(5, 4));
    digits.Append(text.substr(10));
  } else {
    return false;
  }
  if (!AllDigits(digits)) return false;
  if (IsValidMyNumber(digits)) Report(context, 0, digits, sink);
  return true;
}

size_t DetectSpacedMyNumber(const Context& context, const NumberToken& token, Sink& sink) {
  if (!Allowed(context.role) || !token.Shape({4}) || token.attached_before) return 0;
  const std::string_view text = context.text;
  ShortValue digits;
  digits.Append(text.substr(token.begin, 4));
  size_t pos = token.end;
  for (int group = 0; group < 2; ++group) {
    if (pos + 5 > text.size() || text[pos] != ' ') return 0;
    for (size_t i = 1; i <= 4; ++i) {
      if (!IsDigit(text[pos + i])) return 0;
    }
    digits.Append(text.substr(pos + 1, 4));
    pos += 5;
  }
  if (pos < text.size() && (IsAsciiAlnum(text[pos]) || text[pos] == '-')) return 0;
  if (!IsValidMyNumber(digits)) return 0;
  Report(context, token.begin, digits, sink);
  return pos;
}

}  // namespace internal
}  // namespace mamori::detect
