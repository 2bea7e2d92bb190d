// Small UTF-8 helpers shared by readers, detectors and reporters.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mamori {

// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, max U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

// Length of the longest prefix of `bytes` that is well-formed UTF-8 and does not end in the
// middle of a sequence; used to cut a stream at a character boundary.
size_t ValidUtf8Prefix(std::string_view bytes);

// Decodes one code point at `pos`, advancing it. Invalid bytes yield U+FFFD and advance by 1.
char32_t NextCodePoint(std::string_view text, size_t& pos);

// Appends the UTF-8 encoding of `cp` to `out`.
void AppendUtf8(char32_t cp, std::string& out);

// Number of code points in valid UTF-8 text.
size_t CodePointCount(std::string_view text);

}  // namespace mamori
