// Phone numbers: Japanese fixed-line, mobile/IP and free-dial shapes. Not personal on their
// own, but claimed before the pension detector so a phone number never becomes a pension
// number.
//
//   header 電話/TEL column   any 10/11-digit number starting with 0      High   kHeader
//   grouped shape           03-1234-5678, 045-123-4567, 090-1234-5678,
//                           0120-123-456, 03(1234)5678; bare 090/080/070/050
//                           11-digit numbers                             Medium kPattern
//   keyword (電話, TEL, 携帯, FAX) before other 0-leading 10/11 digits    High   kKeyword
// Every 0-leading 10/11-digit number is claimed, with or without a finding.
#include <array>

#include "detect/internal/detectors.h"

namespace mamori::detect::internal {
namespace {

constexpr KeywordSet kKeywords = {"電話", "TEL", "Tel", "tel",   "携帯",
                                  "FAX",  "Fax", "fax", "phone", "Phone"};

bool StartsWith(std::string_view digits, std::string_view prefix) {
  return digits.substr(0, prefix.size()) == prefix;
}

bool IsMobilePrefix(std::string_view digits) {
  return digits.size() == 11 && digits[0] == '0' && digits[2] == '0' &&
         (digits[1] == '9' || digits[1] == '8' || digits[1] == '7' || digits[1] == '5' ||
          digits[1] == '2');
}

bool IsFreeDialPrefix(std::string_view digits) {
  return StartsWith(digits, "0120") || StartsWith(digits, "0800") || StartsWith(digits, "0570") ||
         StartsWith(digits, "0990");
}

// Three groups in one of the shapes the numbering plan allows.
bool IsGroupedPhone(const NumberToken& token, std::string_view digits) {
  if (token.group_count != 3 || token.too_many_groups) return false;
  const uint32_t a = token.group_length[0];
  const uint32_t b = token.group_length[1];
  const uint32_t c = token.group_length[2];
  if (digits.size() == 11) return IsMobilePrefix(digits) && a == 3 && b == 4 && c == 4;
  if (digits.size() != 10) return false;
  if (IsFreeDialPrefix(digits)) return a == 4 && ((b == 3 && c == 3) || (b == 2 && c == 4));
  return a >= 2 && a <= 5 && b >= 1 && b <= 4 && c == 4;
}

}  // namespace

bool DetectPhone(const Context& context, const NumberToken& token, Sink& sink) {
  if (context.role != ColumnRole::kNone && context.role != ColumnRole::kPhone) return false;
  if (token.too_many_groups || token.group_count > 3) return false;
  if (context.text[token.begin] != '0') return false;
  if (token.attached_after || (token.attached_before && token.letter_before == 0)) return false;
  if (token.digit_count != 10 && token.digit_count != 11) return false;
  for (size_t i = 0; i + 1 < token.group_count; ++i) {
    if (token.separator[i] == Separator::kSlash) return false;
  }
  const ShortValue value = token.ShortDigits(context.text);
  const std::string_view digits = value.view();
  const bool header = context.role == ColumnRole::kPhone;
  if (header) {
    sink.Add(context, Item::kPhone, Confidence::kHigh, Basis::kHeader, digits);
    return true;
  }
  if (token.attached_before) return false;  // "AB0312345678": a code, not a number
  if (token.unit_after) return true;        // an amount: phone-shaped, so claimed, no finding
  // A grouped shape is evidence enough; the keyword search is kept for bare digits.
  if (IsGroupedPhone(token, digits) || (token.group_count == 1 && IsMobilePrefix(digits))) {
    sink.Add(context, Item::kPhone, Confidence::kMedium, Basis::kPattern, digits);
  } else if (KeywordBefore(context, token.begin, kKeywords)) {
    sink.Add(context, Item::kPhone, Confidence::kHigh, Basis::kKeyword, digits);
  }
  // Any 0-leading 10/11-digit number is phone-shaped: claimed, so it is never a pension number.
  return true;
}

bool DetectPhoneCell(const Context& context, Sink& sink) {
  const std::string_view text = context.text;
  if (text.empty() || text[0] != '0' || text.back() == '-') return false;
  std::array<char, 11> digits;
  size_t count = 0;
  size_t groups = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsDigit(c)) {
      if (count == digits.size()) return false;
      digits[count++] = c;
    } else if (c != '-' || text[i - 1] == '-' || ++groups > 3) {  // text[0] is a digit
      return false;
    }
  }
  if (count < 10) return false;
  sink.Add(context, Item::kPhone, Confidence::kHigh, Basis::kHeader,
           std::string_view(digits.data(), count));
  return true;
}

}  // namespace mamori::detect::internal
