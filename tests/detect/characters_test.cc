// The character tests of detect/internal/context.h that read a word at a time, against the
// plain byte-by-byte reading of their rule.
#include <gtest/gtest.h>

#include <random>
#include <string>

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

}  // namespace
}  // namespace mamori::detect::internal
