// How a numeric cell of a workbook becomes text: dates by their number format (so birth
// dates stored as serial numbers are seen as dates), whole numbers as their digits (so a
// 10-digit pension number typed as a number is not "1.23E+09"), zero-padded formats
// ("0000000000") padded back. Internal to the xlsx reader; the ODF reader uses NumberText.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mamori::read::xlsx {

enum class NumberKind : uint8_t { kGeneral, kDate, kZeroPadded };

struct NumberStyle {
  NumberKind kind = NumberKind::kGeneral;
  uint8_t width = 0;  // digits of a kZeroPadded format
};

// Excel's built-in date and time formats: 14–22, 27–36 and 50–58 (the Japanese era and
// 年月日 formats of a Japanese locale), 45–47.
bool IsBuiltinDateFormat(uint32_t id);

// The style a format code gives a number: kDate when a date or time token (y m d e g, m
// only without h or s) stands outside quotes, brackets and escapes; kZeroPadded for codes of
// two or more '0' only.
NumberStyle StyleOfFormatCode(std::string_view code);

// "YYYY-MM-DD" for a serial day number (the fraction, a time of day, is dropped), in the
// 1900 system (serial 1 = 1900-01-01, with Lotus's nonexistent 1900-02-29 as 60) or the
// 1904 system (serial 0 = 1904-01-01). nullopt outside 1900-01-01..9999-12-31.
std::optional<std::string> SerialDateText(double serial, bool date1904);

// A number as written in a cell value ("1234567890", "1.23456789012E+11",
// "1234567890.0") as people read it: whole numbers below 1e16 as plain digits, anything else
// unchanged.
std::string NumberText(std::string_view value);

// NumberText(value) rendered under `style` (dates via SerialDateText); sets `is_date`.
std::string StyledNumberText(std::string_view value, NumberStyle style, bool date1904,
                             bool& is_date);

}  // namespace mamori::read::xlsx
