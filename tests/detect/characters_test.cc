// The character tests and folds of detect/internal/context.h that take a short cut (a word at
// a time, three bytes at once), against the plain reading of their rule.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "detect/internal/context.h"

namespace mamori::detect::internal {
namespace {

TEST(AllDigits, AgreesWithByteByByteOnRandomText) {
  // Digits, their ASCII neighbours, and bytes whose low seven bits are digits.
  const std::string alphabet = std::string("0123456789/:-a ") + "\xB0\xB9\xBA\xE3\x80\xAF";
  std::mt19937 random(7);
  for (int round = 0; round < 200000; ++round) {
    std::string text;
    const size_t size = random() % 21;
    const bool mostly_digits = random() % 2 == 0;
    for (size_t i = 0; i < size; ++i) {
      text.push_back(mostly_digits && random() % 8 != 0 ? static_cast<char>('0' + random() % 10)
                                                        : alphabet[random() % alphabet.size()]);
    }
    bool expected = true;
    for (char c : text) expected = expected && c >= '0' && c <= '9';
    ASSERT_EQ(AllDigits(text), expected) << text;
  }
}

// FoldSpacesInto's rule read one DecodeAt character at a time: spaces, tabs and U+3000 become
// one ASCII space between characters, none at either end.
std::string FoldByCharacters(std::string_view text) {
  std::string out;
  bool pending_space = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t length = 0;
    const char32_t c = DecodeAt(text, pos, length);
    if (c == U' ' || c == U'\t' || c == 0x3000) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(text.substr(pos, length));
    }
    pos += length;
  }
  return out;
}

TEST(FoldSpaces, AgreesWithACharacterLoopOnRandomText) {
  // Whole and cut three-byte characters, the ideographic space and look-alikes of its bytes
  // (E3 40 40 decodes to U+3000 too), two- and four-byte leads, stray continuation bytes.
  const std::vector<std::string> pieces = {" ",
                                           "\t",
                                           "a",
                                           "1",
                                           "山",
                                           "田",
                                           "\xE3\x80\x80",
                                           "\xE3\x40\x40",
                                           "\xE3\x80",
                                           "\xE3",
                                           "\xC3\xA9",
                                           "\xF0\x9F\x98\x80",
                                           "\x80",
                                           "\xBF",
                                           "ア",
                                           "ー",
                                           "\xEF\xBC\x91"};
  std::mt19937 random(11);
  for (int round = 0; round < 100000; ++round) {
    std::string text;
    const size_t count = random() % 12;
    for (size_t i = 0; i < count; ++i) text += pieces[random() % pieces.size()];
    std::string folded(text.size(), '\0');
    folded.resize(FoldSpacesInto(text, folded.data()));
    ASSERT_EQ(folded, FoldByCharacters(text)) << text;
    ASSERT_EQ(FoldSpaces(text), folded);
  }
}

}  // namespace
}  // namespace mamori::detect::internal
