// KeywordBefore (and KeywordBeforeEither, which walks for two sets at once) against the plain
// reading of its rule: a keyword lies wholly inside the last `max_chars` characters before the
// value in the cell, or, when the cell has fewer, inside the last remaining characters of the
// text before the cell.
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

// A random case: text before the cell and the cell, each of up to `max_pieces` - 1 pieces, the
// cell ending in `value`, and a window of 0-11 characters.
struct RandomCase {
  std::string before;
  std::string cell;
  size_t pos = 0;  // where the value starts in the cell
  size_t max_chars = 0;
  Context context() const {
    Context context;
    context.text = cell;
    context.before = before;
    return context;
  }
};

RandomCase MakeCase(std::mt19937& generator, const std::vector<std::string>& pieces,
                    size_t max_pieces, std::string_view value) {
  RandomCase c;
  for (size_t k = generator() % max_pieces; k > 0; --k) {
    c.before += pieces[generator() % pieces.size()];
  }
  for (size_t k = generator() % max_pieces; k > 0; --k) {
    c.cell += pieces[generator() % pieces.size()];
  }
  c.pos = c.cell.size();
  c.cell += value;
  c.max_chars = generator() % 12;
  return c;
}

TEST(KeywordBefore, AgreesWithTheWindowRuleOnRandomText) {
  const std::vector<std::string> pieces = {"年金", "番号", "年金番号", "生年月日", "生年", "月日",
                                           "TEL",  "TE",   "L",        "山",       "a",    " ",
                                           "：",   "1",    "é",        "𠀋",       "番",   "号"};
  std::mt19937 generator(300);
  for (int round = 0; round < 30000; ++round) {
    const RandomCase c = MakeCase(generator, pieces, 8, "1234567890");
    ASSERT_EQ(KeywordBefore(c.context(), c.pos, kWords, c.max_chars),
              Reference(c.before, c.cell, c.pos, c.max_chars))
        << "before=" << c.before << " cell=" << c.cell << " max=" << c.max_chars;
  }
}

TEST(KeywordBeforeEither, AgreesWithTwoKeywordBeforeCalls) {
  // "番号" is in both sets: the first set wins where both have a word.
  constexpr KeywordSet kOtherWords = {"受付日", "日付", "番号"};
  const std::vector<std::string> pieces = {"年金番号", "生年月日", "受付日", "受付", "日付", "番号",
                                           "TEL",      "山",       "a",      " ",    "：",   "𠀋"};
  std::mt19937 generator(301);
  size_t seen[3] = {};
  for (int round = 0; round < 30000; ++round) {
    const RandomCase c = MakeCase(generator, pieces, 6, "1970/3/2");
    const Context context = c.context();
    const KeywordFound expected =
        KeywordBefore(context, c.pos, kWords, c.max_chars)        ? KeywordFound::kFirst
        : KeywordBefore(context, c.pos, kOtherWords, c.max_chars) ? KeywordFound::kSecond
                                                                  : KeywordFound::kNeither;
    const KeywordFound found =
        KeywordBeforeEither(context, c.pos, kWords, kOtherWords, c.max_chars);
    ASSERT_EQ(found, expected) << "before=" << c.before << " cell=" << c.cell
                               << " max=" << c.max_chars;
    ++seen[static_cast<size_t>(found)];
  }
  // Each answer came up often: the comparison covered all three.
  for (const size_t count : seen) EXPECT_GT(count, 1000u);
}

}  // namespace
}  // namespace mamori::detect::internal
