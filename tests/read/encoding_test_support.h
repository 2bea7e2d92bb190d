// Test inputs in the encodings mamori reads, made from UTF-8 with ICU (an independent
// converter table from the one under test would be better still; iconv agrees with ICU on
// every character these tests use, checked when they were written).
#pragma once

#include <unicode/ucnv.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace mamori::read::testing {

// `utf8` converted to the ICU charset `charset` ("windows-31j", "EUC-JP", "UTF-16LE" ...).
inline std::string Encode(const char* charset, std::string_view utf8) {
  std::string out(utf8.size() * 4 + 16, '\0');
  UErrorCode error = U_ZERO_ERROR;
  const int32_t length =
      ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                   static_cast<int32_t>(utf8.size()), &error);
  if (U_FAILURE(error)) throw std::runtime_error("ICU conversion failed");
  out.resize(static_cast<size_t>(length));
  return out;
}

inline std::string ShiftJis(std::string_view utf8) { return Encode("windows-31j", utf8); }
inline std::string EucJp(std::string_view utf8) { return Encode("EUC-JP", utf8); }
inline std::string Utf16Le(std::string_view utf8) { return Encode("UTF-16LE", utf8); }
inline std::string Utf16Be(std::string_view utf8) { return Encode("UTF-16BE", utf8); }
inline std::string Iso2022Jp(std::string_view utf8) { return Encode("ISO-2022-JP", utf8); }

}  // namespace mamori::read::testing
