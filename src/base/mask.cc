#include "base/mask.h"

#include "base/utf8.h"

namespace mamori {
namespace {

std::string Digits(std::string_view value) {
  std::string digits;
  for (char c : value) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits;
}

// Keeps the first `keep_front` and last `keep_back` digits, stars the rest, and re-inserts
// hyphens after the digit counts in `groups`.
std::string MaskDigits(const std::string& digits, size_t keep_front, size_t keep_back,
                       std::initializer_list<size_t> groups) {
  std::string starred = digits;
  for (size_t i = 0; i < starred.size(); ++i) {
    if (i >= keep_front && i + keep_back < starred.size()) starred[i] = '*';
  }
  std::string out;
  size_t pos = 0;
  for (size_t group : groups) {
    if (pos >= starred.size()) break;
    if (!out.empty()) out.push_back('-');
    out += starred.substr(pos, group);
    pos += group;
  }
  if (pos < starred.size()) {
    if (!out.empty()) out.push_back('-');
    out += starred.substr(pos);
  }
  return out;
}

bool IsSpace(char32_t cp) { return cp == ' ' || cp == 0x3000 || cp == '\t'; }

std::string MaskName(std::string_view value) {
  std::string out;
  size_t pos = 0;
  bool first = true;
  while (pos < value.size()) {
    const char32_t cp = NextCodePoint(value, pos);
    if (IsSpace(cp)) {
      out.push_back(' ');
    } else if (first) {
      AppendUtf8(cp, out);
      first = false;
    } else {
      out.push_back('*');
    }
  }
  return out;
}

// Keeps the prefecture and municipality (up to the first 市, 区, 町, 村 or 郡 after the
// prefecture), which is what a security officer needs to locate the record set.
std::string MaskAddress(std::string_view value) {
  std::string out;
  size_t pos = 0;
  size_t kept = 0;
  bool done = false;
  while (pos < value.size()) {
    const char32_t cp = NextCodePoint(value, pos);
    if (done) break;
    AppendUtf8(cp, out);
    ++kept;
    if (kept > 3 && (cp == U'市' || cp == U'区' || cp == U'町' || cp == U'村')) done = true;
    if (kept >= 10) done = true;
  }
  out += "****";
  return out;
}

std::string MaskEmail(std::string_view value) {
  const size_t at = value.find('@');
  if (at == std::string_view::npos || at == 0) return "***";
  std::string out;
  out.push_back(value[0]);
  out += "***";
  out += value.substr(at);
  return out;
}

std::string MaskBirthDate(std::string_view value) {
  // Detectors hand dates over as ISO 8601 (yyyy-mm-dd); anything else is starred whole.
  if (value.size() >= 4 && Digits(value.substr(0, 4)).size() == 4) {
    return std::string(value.substr(0, 4)) + "-**-**";
  }
  return "****-**-**";
}

}  // namespace

MaskedValue Mask(Item item, std::string_view value) {
  switch (item) {
    case Item::kPensionNumber:
      return MaskedValue(item, MaskDigits(Digits(value), 4, 2, {4, 6}));
    case Item::kMyNumber:
      return MaskedValue(item, MaskDigits(Digits(value), 0, 2, {4, 4, 4}));
    case Item::kCorporateNumber:
      return MaskedValue(item, MaskDigits(Digits(value), 1, 2, {1, 4, 4, 4}));
    case Item::kPhone: {
      const std::string digits = Digits(value);
      return MaskedValue(item, MaskDigits(digits, 3, 2, {3, 4, 4}));
    }
    case Item::kName:
      return MaskedValue(item, MaskName(value));
    case Item::kBirthDate:
      return MaskedValue(item, MaskBirthDate(value));
    case Item::kAddress:
      return MaskedValue(item, MaskAddress(value));
    case Item::kEmail:
      return MaskedValue(item, MaskEmail(value));
  }
  return MaskedValue(item, "***");
}

MaskedValue RevealForDisplay(Item item, std::string_view value) {
  return MaskedValue(item, std::string(value));
}

}  // namespace mamori
