#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <memory>

#include "base/utf8.h"
#include "report/reporter.h"

namespace mamori::report {
namespace {

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};

// Decodes `raw` as CP932 and fails on any byte that is not CP932, so a name that is
// neither UTF-8 nor CP932 is not dressed up as readable Japanese.
bool DecodeCp932(std::string_view raw, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> cp932(ucnv_open("windows-31j", &status));
  if (U_FAILURE(status)) return false;
  ucnv_setToUCallBack(cp932.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::u16string utf16(raw.size() + 1, u'\0');
  const int32_t units = ucnv_toUChars(cp932.get(), utf16.data(), static_cast<int32_t>(utf16.size()),
                                      raw.data(), static_cast<int32_t>(raw.size()), &status);
  if (U_FAILURE(status)) return false;
  out.resize(static_cast<size_t>(units) * 3 + 1);
  int32_t length = 0;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &length, utf16.data(), units, &status);
  if (U_FAILURE(status)) return false;
  out.resize(static_cast<size_t>(length));
  return true;
}

}  // namespace

// A share often mixes encodings in one path: folders created on a UTF-8 server holding a
// file copied from an old Windows share. Each '/'-separated component is therefore judged
// on its own: UTF-8 kept, else CP932 decoded, else invalid bytes replaced by U+FFFD.
std::string DisplayPath(std::string_view raw, bool* lossless) {
  if (IsValidUtf8(raw)) {
    if (lossless) *lossless = true;
    return std::string(raw);
  }
  if (lossless) *lossless = false;
  std::string display;
  std::string decoded;
  size_t start = 0;
  while (start <= raw.size()) {
    size_t end = raw.find('/', start);
    if (end == std::string_view::npos) end = raw.size();
    const std::string_view component = raw.substr(start, end - start);
    if (IsValidUtf8(component)) {
      display.append(component);
    } else if (DecodeCp932(component, decoded)) {
      display.append(decoded);
    } else {
      size_t pos = 0;
      while (pos < component.size()) AppendUtf8(NextCodePoint(component, pos), display);
    }
    if (end == raw.size()) break;
    display.push_back('/');
    start = end + 1;
  }
  return display;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n = (static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16) |
                       (static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back(kAlphabet[n & 63]);
  }
  if (i < bytes.size()) {
    uint32_t n = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace mamori::report
