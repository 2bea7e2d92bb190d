// E-mail addresses: local@domain.tld, RFC 5321's dot-atom without quoted local parts. The
// shape is the evidence (Medium kPattern); in a メール column High kHeader. Canonical value
// is lower-case.
#include <array>

#include "detect/internal/detectors.h"

namespace mamori::detect::internal {
namespace {

// Byte classes by table: this runs at every '@' and each test was a chain of compares.
constexpr uint8_t kLocal = 1;   // dot-atom local part: letters, digits, . _ % + -
constexpr uint8_t kDomain = 2;  // letters, digits, - .
constexpr std::array<uint8_t, 256> kClass = [] {
  std::array<uint8_t, 256> table{};
  for (size_t c = 0; c < 256; ++c) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alnum || c == '.' || c == '_' || c == '%' || c == '+' || c == '-') table[c] |= kLocal;
    if (alnum || c == '-' || c == '.') table[c] |= kDomain;
  }
  return table;
}();

bool Is(char c, uint8_t kind) { return (kClass[static_cast<uint8_t>(c)] & kind) != 0; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

size_t DetectEmail(const Context& context, size_t pos, Sink& sink) {
  const std::string_view text = context.text;
  size_t begin = pos;
  while (begin > 0 && pos - begin < 64 && Is(text[begin - 1], kLocal)) --begin;
  while (begin < pos && text[begin] == '.') ++begin;  // a local part never starts with '.'
  if (begin == pos || text[pos - 1] == '.') return pos + 1;
  size_t end = pos + 1;
  while (end < text.size() && end - pos < 255 && Is(text[end], kDomain)) ++end;
  while (end > pos + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
  // The domain: labels of letters, digits and inner hyphens, at least two, the last (TLD) of
  // two or more letters.
  const std::string_view domain = text.substr(pos + 1, end - pos - 1);
  if (domain.empty() || domain.front() == '-' || domain.front() == '.') return pos + 1;
  size_t dot = std::string_view::npos;
  for (size_t i = 0; i < domain.size(); ++i) {
    if (domain[i] != '.') continue;
    if (i + 1 < domain.size() && domain[i + 1] == '.') return pos + 1;  // ".."
    dot = i;
  }
  if (dot == std::string_view::npos) return pos + 1;
  const std::string_view tld = domain.substr(dot + 1);
  if (tld.size() < 2) return pos + 1;
  for (char c : tld) {
    if (!IsAsciiAlpha(c)) return pos + 1;
  }
  // At most 64 + 1 + 255 bytes.
  std::array<char, 320> value;
  const size_t size = end - begin;
  for (size_t i = 0; i < size; ++i) value[i] = Lower(text[begin + i]);
  const bool header = context.role == ColumnRole::kEmail;
  sink.Add(context, Item::kEmail, header ? Confidence::kHigh : Confidence::kMedium,
           header ? Basis::kHeader : Basis::kPattern, std::string_view(value.data(), size));
  return end;
}

}  // namespace mamori::detect::internal
