// The characters the decoders write as ASCII instead of themselves: the full-width forms of
// ASCII and the ideographic space. Private to decode.
#pragma once

namespace mamori::read::internal {

// The ASCII character that `c` (a full-width form, １ Ａ ＠ ..., or the ideographic space) is
// written as, or '\0' to write `c` itself. NFKD maps each of them to that one ASCII character,
// which composes with nothing before it, so the normal form (NFKC and the dash folds) of any
// text that holds `c` is that of the same text with `c` written as ASCII: the cell is then in
// normal form already and is not normalised again, as nearly every cell of a file written in
// full-width digits was. Not the CSV delimiters and quotes (，；＂＇), whose ASCII would split
// fields the file does not split.
constexpr char PreNormalizedAscii(char32_t c) {
  if (c == 0x3000) return ' ';
  if (c < 0xFF01 || c > 0xFF5E) return '\0';
  const char ascii = static_cast<char>(c - 0xFF01 + '!');
  switch (ascii) {
    case ',':
    case ';':
    case '"':
    case '\'':
      return '\0';
    default:
      return ascii;
  }
}

static_assert(PreNormalizedAscii(U'１') == '1' && PreNormalizedAscii(U'Ａ') == 'A' &&
              PreNormalizedAscii(U'～') == '~' && PreNormalizedAscii(U'，') == '\0' &&
              PreNormalizedAscii(U'山') == '\0');

}  // namespace mamori::read::internal
