#include "read/xlsx/number_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace mamori::read::xlsx {
namespace {

constexpr int64_t kMaxSerial1900 = 2958465;  // 9999-12-31
constexpr int64_t kUnixDays18991230 = -25569;
constexpr int64_t kUnixDays19040101 = -24107;

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

// Howard Hinnant's civil_from_days: proleptic Gregorian date of a day count from 1970-01-01.
std::string CivilText(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t year = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  if (month <= 2) ++year;
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", static_cast<int>(year),
                static_cast<int>(month), static_cast<int>(day));
  return text;
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

bool IsBuiltinDateFormat(uint32_t id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

NumberStyle StyleOfFormatCode(std::string_view code) {
  if (code.size() >= 2 && code.find_first_not_of('0') == std::string_view::npos) {
    return NumberStyle{NumberKind::kZeroPadded,
                       static_cast<uint8_t>(code.size() > 32 ? 32 : code.size())};
  }
  bool date = false;
  bool month = false;
  bool clock = false;  // h or s: an m next to them is minutes
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = Lower(code[i]);
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '[') {
      const size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal, or a padding width
    } else if (c == 'g' && StartsWithNoCase(code.substr(i), "general")) {
      i += 6;
    } else if (c == 'e' && i + 1 < code.size() && (code[i + 1] == '+' || code[i + 1] == '-')) {
      ++i;  // scientific exponent, not the era year
    } else if (c == 'y' || c == 'd' || c == 'e' || c == 'g') {
      date = true;
    } else if (c == 'm') {
      month = true;
    } else if (c == 'h' || c == 's') {
      clock = true;
    }
  }
  if (date || (month && !clock)) return NumberStyle{NumberKind::kDate, 0};
  return NumberStyle{};
}

std::optional<std::string> SerialDateText(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial >= static_cast<double>(kMaxSerial1900 + 1)) {
    return std::nullopt;
  }
  const auto days = static_cast<int64_t>(std::floor(serial));
  if (date1904) {
    if (days > kMaxSerial1900 - 1462) return std::nullopt;
    return CivilText(kUnixDays19040101 + days);
  }
  if (days < 1) return std::nullopt;
  if (days == 60) return std::string("1900-02-29");  // Lotus 1-2-3's leap-year bug, kept
  // Before the phantom day the serials are one ahead of the real calendar.
  return CivilText(kUnixDays18991230 + days + (days < 60 ? 1 : 0));
}

std::string NumberText(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (AllDigits(value) || (value.size() > 1 && value[0] == '-' && AllDigits(value.substr(1)))) {
    return std::string(value);
  }
  double number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc() || end != value.data() + value.size() || !std::isfinite(number)) {
    return std::string(value);
  }
  if (number == std::trunc(number) && std::fabs(number) < 1e16) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f", number);
    return text[0] == '-' && text[1] == '0' && text[2] == '\0' ? std::string("0")
                                                               : std::string(text);
  }
  return std::string(value);
}

std::string StyledNumberText(std::string_view value, NumberStyle style, bool date1904,
                             bool& is_date) {
  is_date = false;
  if (style.kind == NumberKind::kDate) {
    double serial = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), serial);
    if (error == std::errc() && end == value.data() + value.size()) {
      if (std::optional<std::string> date = SerialDateText(serial, date1904)) {
        is_date = true;
        return *date;
      }
    }
    return NumberText(value);
  }
  std::string text = NumberText(value);
  if (style.kind == NumberKind::kZeroPadded && AllDigits(text) && text.size() < style.width) {
    text.insert(0, style.width - text.size(), '0');
  }
  return text;
}

}  // namespace mamori::read::xlsx
