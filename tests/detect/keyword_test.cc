// KeywordBefore against the plain reading of its rule: a keyword lies wholly inside the last
// `max_chars` characters before the value in the cell, or, when the cell has fewer, inside the
// last remaining characters of the text before the cell.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "detect/internal/context.h"

namespace mamori::detect::internal {
namespace {

constexpr KeywordSet kWords = {"年金番号", "生年月日", "TEL", "番号"};
constexpr std::string_view kWordList[] = {"年金番号", "生年月日", "TEL", "番号"};

// The last `budget` characters of `text` (fewer when it has fewer); `budget` is reduced.
std::string_view LastCharacters(std::string_view text, size_t& budget) {
  size_t start = text.size();
  while (start > 0 && budget > 0) {
    --start;
    while (start > 0 && (static_cast<uint8_t>(text[start]) & 0xC0) == 0x80) --start;
    --budget;
  }
  return text.substr(start);
}

bool Reference(std::string_view before, std::string_view cell, size_t pos, size_t max_chars) {
  size_t budget = max_chars;
  const auto has_word = [](std::string_view window) {
    for (std::string_view word : kWordList) {
      if (window.find(word) != std::string_view::npos) return true;
    }
    return false;
  };
  if (has_word(LastCharacters(cell.substr(0, pos), budget))) return true;
  return budget > 0 && has_word(LastCharacters(before, budget));
}

TEST(KeywordBefore, AgreesWithTheWindowRuleOnRandomText) {
  const std::vector<std::string> pieces = {"年金", "番号", "年金番号", "生年月日", "生年", "月日",
                                           "TEL",  "TE",   "L",        "山",       "a",    " ",
                                           "：",   "1",    "é",        "𠀋",       "番",   "号"};
  std::mt19937 generator(300);
  for (int round = 0; round < 30000; ++round) {
    std::string before;
    std::string cell;
    for (size_t k = generator() % 8; k > 0; --k) before += pieces[generator() % pieces.size()];
    for (size_t k = generator() % 8; k > 0; --k) cell += pieces[generator() % pieces.size()];
    const size_t pos = cell.size();
    cell += "1234567890";
    const size_t max_chars = generator() % 12;
    Context context;
    context.text = cell;
    context.before = before;
    ASSERT_EQ(KeywordBefore(context, pos, kWords, max_chars),
              Reference(before, cell, pos, max_chars))
        << "before=" << before << " cell=" << cell << " max=" << max_chars;
  }
}

}  // namespace
}  // namespace mamori::detect::internal
