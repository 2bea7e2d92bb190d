// Character classes, keyword windows and the numeric tokenizer shared by the detectors.
#include "detect/internal/context.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace mamori::detect::internal {
namespace {

bool IsSpaceByte(char c) { return c == ' ' || c == '\t'; }

// Characters that make the number before them an amount, a count or an age.
bool IsUnit(char32_t c) {
  switch (c) {
    case U'%':
    case U'円':
    case U'万':
    case U'億':
    case U'千':
    case U'件':
    case U'個':
    case U'枚':
    case U'本':
    case U'人':
    case U'名':
    case U'歳':
    case U'才':
    case U'回':
    case U'台':
    case U'点':
      return true;
    default:
      return false;
  }
}

bool AttachChar(char c) { return IsAsciiAlnum(c) || c == '_' || c == '+'; }

}  // namespace

char32_t DecodeBefore(std::string_view text, size_t pos, size_t& length) {
  if (pos == 0) {
    length = 0;
    return 0;
  }
  size_t start = pos - 1;
  while (start > 0 && pos - start < 4 && (static_cast<uint8_t>(text[start]) & 0xC0) == 0x80) {
    --start;
  }
  size_t decoded = 0;
  const char32_t c = DecodeAt(text, start, decoded);
  if (start + decoded != pos) {
    length = 1;
    return 0xFFFD;
  }
  length = decoded;
  return c;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpaceByte(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpaceByte(text.back())) text.remove_suffix(1);
  return text;
}

size_t FoldSpacesInto(std::string_view text, char* out) {
  // Same segmentation as DecodeAt, so malformed input folds exactly as a decode loop would;
  // ASCII bytes take the short branch.
  size_t n = 0;
  bool pending_space = false;
  size_t pos = 0;
  while (pos < text.size()) {
    const char byte = text[pos];
    if (static_cast<uint8_t>(byte) < 0x80) {
      if (byte == ' ' || byte == '\t') {
        pending_space = n != 0;
      } else {
        if (pending_space) out[n++] = ' ';
        pending_space = false;
        out[n++] = byte;
      }
      ++pos;
      continue;
    }
    if (static_cast<uint8_t>(byte) >= 0xE0 && static_cast<uint8_t>(byte) < 0xF0 &&
        text.size() - pos >= 3) {  // kana and kanji, what DecodeAt reads as three bytes
      if (ThreeByteAt(text, pos) == 0x3000) {
        pending_space = n != 0;
      } else {
        if (pending_space) out[n++] = ' ';
        pending_space = false;
        std::memcpy(out + n, text.data() + pos, 3);
        n += 3;
      }
      pos += 3;
      continue;
    }
    size_t length = 0;
    const char32_t c = DecodeAt(text, pos, length);
    if (c == U' ' || c == U'\t' || c == 0x3000) {
      pending_space = n != 0;
    } else {
      if (pending_space) out[n++] = ' ';
      pending_space = false;
      for (size_t i = 0; i < length; ++i) out[n++] = text[pos + i];
    }
    pos += length;
  }
  return n;
}

std::string FoldSpaces(std::string_view text) {
  constexpr size_t kStack = 256;
  if (text.size() <= kStack) {
    std::array<char, kStack> buffer;
    return std::string(buffer.data(), FoldSpacesInto(text, buffer.data()));
  }
  std::string out(text.size(), '\0');
  out.resize(FoldSpacesInto(text, out.data()));
  return out;
}

bool KeywordBefore(const Context& context, size_t pos, const KeywordSet& keywords,
                   size_t max_chars) {
  size_t budget = max_chars;
  if (keywords.FoundInLast(context.text.substr(0, pos), budget)) return true;
  return budget > 0 && keywords.FoundInLast(context.before, budget);
}

KeywordFound KeywordBeforeEither(const Context& context, size_t pos, const KeywordSet& first,
                                 const KeywordSet& second, size_t max_chars) {
  size_t budget = max_chars;
  bool found_second = false;
  if (first.FoundInLast(context.text.substr(0, pos), budget, second, found_second) ||
      (budget > 0 && first.FoundInLast(context.before, budget, second, found_second))) {
    return KeywordFound::kFirst;
  }
  return found_second ? KeywordFound::kSecond : KeywordFound::kNeither;
}

bool NumberToken::AllSeparators(Separator kind) const {
  for (size_t i = 0; i + 1 < group_count; ++i) {
    if (separator[i] != kind) return false;
  }
  return true;
}

std::string NumberToken::Digits(std::string_view text) const {
  std::string digits(digit_count, '\0');
  digits.resize(CopyDigits(text, digits.data()));
  return digits;
}

size_t NumberToken::CopyDigits(std::string_view text, char* out) const {
  // Groups past kMaxGroups are not recorded (digit_count still counts them).
  size_t n = 0;
  for (size_t i = 0; i < group_count; ++i) {
    const char* group = text.data() + group_begin[i];
    for (uint32_t k = 0; k < group_length[i]; ++k) out[n++] = group[k];
  }
  return n;
}

int NumberToken::GroupValue(std::string_view text, size_t group) const {
  int value = 0;
  const size_t length = std::min<size_t>(group_length[group], 9);
  for (size_t i = 0; i < length; ++i) value = value * 10 + (text[group_begin[group] + i] - '0');
  return value;
}

NumberToken ReadNumberToken(std::string_view text, size_t pos) {
  NumberToken token;
  token.begin = pos;
  const char* data = text.data();
  const size_t size = text.size();
  size_t cursor = pos;
  while (true) {
    const size_t group_start = cursor;
    while (cursor < size && IsDigit(data[cursor])) ++cursor;
    const auto length = static_cast<uint32_t>(cursor - group_start);
    token.digit_count += length;
    if (token.group_count < NumberToken::kMaxGroups) {
      token.group_begin[token.group_count] = static_cast<uint32_t>(group_start);
      token.group_length[token.group_count] = length;
      ++token.group_count;
    } else {
      token.too_many_groups = true;
    }
    token.end = cursor;
    if (cursor >= size) break;
    Separator kind = Separator::kHyphen;
    const size_t separator_length = SeparatorAt(text, cursor, kind);
    if (separator_length == 0 || cursor + separator_length >= size ||
        !IsDigit(data[cursor + separator_length])) {
      break;
    }
    if (token.group_count <= NumberToken::kMaxGroups && !token.too_many_groups) {
      token.separator[token.group_count - 1] = kind;
    }
    cursor += separator_length;
  }

  // What touches the token on the left: a letter or digit directly, or across a separator
  // (never a parenthesis). The separator is ASCII '-' '/' '.' or a 3-byte wide hyphen, so
  // looking at bytes is the same as decoding the character before.
  if (pos > 0) {
    const char before = data[pos - 1];
    if (IsAsciiAlpha(before)) {
      token.letter_before = before;
      token.lone_letter = pos < 2 || !AttachChar(data[pos - 2]);
      token.attached_before = true;
    } else if (AttachChar(before)) {
      token.attached_before = true;
    } else if (static_cast<uint8_t>(before) < 0x80) {
      if ((before == '-' || before == '/' || before == '.') && pos > 1 &&
          AttachChar(data[pos - 2])) {
        token.attached_before = true;
      }
    } else if (pos > 3 && WideHyphenLength(text, pos - 3) == 3 && AttachChar(data[pos - 4])) {
      token.attached_before = true;
    }
    // A currency or number sign before: an amount. ¥ (U+00A5) ends in byte 0xA5.
    if (before == '$' || before == '#') {
      token.unit_after = true;
    } else if (static_cast<uint8_t>(before) == 0xA5) {
      size_t length = 0;
      if (DecodeBefore(text, pos, length) == U'¥') token.unit_after = true;
    }
  }
  // And on the right.
  const size_t end = token.end;
  if (end < size) {
    const char after = data[end];
    if (AttachChar(after) && after != '+') {
      token.attached_after = true;
    } else {
      Separator kind = Separator::kHyphen;
      const size_t length = SeparatorAt(text, end, kind);
      if (length > 0 && end + length < size && IsAsciiAlnum(data[end + length]) &&
          kind != Separator::kParen && kind != Separator::kDot) {
        token.attached_after = true;
      }
      // Directly after only: "1234567890 個人番号" is a number followed by a keyword.
      if (static_cast<uint8_t>(after) < 0x80) {
        if (after == '%') token.unit_after = true;
      } else {
        size_t unit_length = 0;
        if (IsUnit(DecodeAt(text, end, unit_length))) token.unit_after = true;
      }
    }
  }
  return token;
}

size_t NumberTokenEnd(std::string_view text, size_t pos) {
  const size_t size = text.size();
  size_t cursor = pos;
  while (true) {
    while (cursor < size && IsDigit(text[cursor])) ++cursor;
    if (cursor >= size) return cursor;
    Separator kind = Separator::kHyphen;
    const size_t separator_length = SeparatorAt(text, cursor, kind);
    if (separator_length == 0 || cursor + separator_length >= size ||
        !IsDigit(text[cursor + separator_length])) {
      return cursor;
    }
    cursor += separator_length;
  }
}

}  // namespace mamori::detect::internal
