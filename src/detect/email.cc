// E-mail addresses: local@domain.tld, RFC 5321's dot-atom without quoted local parts. The
// shape is the evidence (Medium kPattern); in a メール column High kHeader. Canonical value
// is lower-case.
#include "detect/internal/detectors.h"

namespace mamori::detect::internal {
namespace {

bool IsLocalChar(char c) {
  return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool IsDomainChar(char c) { return IsAsciiAlnum(c) || c == '-' || c == '.'; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

size_t DetectEmail(const Context& context, size_t pos, Sink& sink) {
  const std::string_view text = context.text;
  size_t begin = pos;
  while (begin > 0 && pos - begin < 64 && IsLocalChar(text[begin - 1])) --begin;
  while (begin < pos && text[begin] == '.') ++begin;  // a local part never starts with '.'
  if (begin == pos || text[pos - 1] == '.') return pos + 1;
  size_t end = pos + 1;
  while (end < text.size() && end - pos < 255 && IsDomainChar(text[end])) ++end;
  while (end > pos + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
  // The domain: labels of letters, digits and inner hyphens, at least two, the last (TLD) of
  // two or more letters.
  const std::string_view domain = text.substr(pos + 1, end - pos - 1);
  if (domain.empty() || domain.front() == '-' || domain.front() == '.') return pos + 1;
  if (domain.find("..") != std::string_view::npos) return pos + 1;
  const size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos) return pos + 1;
  const std::string_view tld = domain.substr(dot + 1);
  if (tld.size() < 2) return pos + 1;
  for (char c : tld) {
    if (!IsAsciiAlpha(c)) return pos + 1;
  }
  std::string value;
  value.reserve(end - begin);
  for (char c : text.substr(begin, end - begin)) value.push_back(Lower(c));
  const bool header = context.role == ColumnRole::kEmail;
  sink.Add(context, Item::kEmail, header ? Confidence::kHigh : Confidence::kMedium,
           header ? Basis::kHeader : Basis::kPattern, std::move(value));
  return end;
}

}  // namespace mamori::detect::internal
