// Birth dates, Western and era forms. Every date is checked against the calendar and its
// era's range, and must fall in a plausible birth year (1900 .. this year). A date is a birth
// date only with evidence:
//
//   header 生年月日/誕生日 column                       High  kHeader
//   keyword just before (生年月日, 誕生日, 生まれ …)      High  kKeyword
//   "生" / "生まれ" right after ("昭和45年3月2日生")     High  kKeyword
//   nothing                                            Low   kPattern, with Finding::year
//                                                      (the tally promotes a column whose
//                                                      dates spread over decades)
//
// Forms: 1970/3/2 1970-03-02 1970.3.2 1970年3月2日; 昭和45年3月2日 昭和45.3.2 令和元年5月1日;
// S45.3.2 H2/5/1 R1-5-1; with evidence also 19700302; in a birth-date column also the
// government's 7-digit era code 5450302 (1 明治 2 大正 3 昭和 4 平成 5 令和). The kanji forms
// also with single spaces between the tokens ("昭和 45 年 3 月 2 日", as poppler extracts
// them from LibreOffice PDFs); a month so spaced needs its 日.
#include <algorithm>
#include <array>
#include <cstring>
#include <ctime>

#include "detect/internal/detectors.h"

namespace mamori::detect::internal {
namespace {

struct Era {
  std::string_view name;
  char letter;
  Date first;
  Date last;
};

constexpr std::array<Era, 5> kEras = {{
    {"明治", 'M', {1868, 1, 1}, {1912, 7, 29}},
    {"大正", 'T', {1912, 7, 30}, {1926, 12, 24}},
    {"昭和", 'S', {1926, 12, 25}, {1989, 1, 7}},
    {"平成", 'H', {1989, 1, 8}, {2019, 4, 30}},
    {"令和", 'R', {2019, 5, 1}, {9999, 12, 31}},
}};

constexpr KeywordSet kBirthKeywords = {"生年月日", "誕生日", "生まれ", "出生", "birth",
                                       "Birth",    "BIRTH",  "DOB",    "生年"};
constexpr KeywordSet kOtherDateKeywords = {"受付日", "作成日", "更新日", "登録日",
                                           "提出日", "処理日", "発行日", "申請日",
                                           "日付",   "開催日", "納品日", "締切"};
// How close a keyword must be to count as "next to" the date.
constexpr size_t kBirthKeywordChars = 12;

int Key(const Date& d) { return d.year * 10000 + d.month * 100 + d.day; }

int EraIndexOfLetter(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  for (size_t i = 0; i < kEras.size(); ++i) {
    if (kEras[i].letter == c) return static_cast<int>(i);
  }
  return -1;
}

// Reads up to `max_digits` digits at `pos`; returns the count read (0 if none).
size_t ReadInt(std::string_view text, size_t pos, size_t max_digits, int& value) {
  size_t n = 0;
  value = 0;
  while (pos + n < text.size() && IsDigit(text[pos + n])) {
    if (n == max_digits) return 0;  // longer than allowed: not this form
    value = value * 10 + (text[pos + n] - '0');
    ++n;
  }
  return n;
}

bool ConsumeLiteral(std::string_view text, size_t& pos, std::string_view literal) {
  if (!HasAt(text, pos, literal)) return false;
  pos += literal.size();
  return true;
}

void SkipSpaces(std::string_view text, size_t& pos) {
  while (pos < text.size() && text[pos] == ' ') ++pos;
}

// One space, as PDF text extraction puts around every number ("昭和 28 年 11 月 1 日").
bool SkipOneSpace(std::string_view text, size_t& pos) {
  if (pos >= text.size() || text[pos] != ' ') return false;
  ++pos;
  return true;
}

// "3月2日" or "3.2" after the year (`pos` just past 年 or the first separator). In the kanji
// form a single space may stand before 月 and 日; a month written "3 月" must then end in 日,
// so that spaced words ("3 月 2 回", "3 月 2 人") are not read as a day.
bool ReadMonthDay(std::string_view text, size_t& pos, bool kanji, char separator, int& month,
                  int& day) {
  SkipSpaces(text, pos);
  const size_t m = ReadInt(text, pos, 2, month);
  if (m == 0) return false;
  pos += m;
  bool spaced = false;
  if (kanji) {
    spaced = SkipOneSpace(text, pos);
    if (!ConsumeLiteral(text, pos, "月")) return false;
    SkipSpaces(text, pos);
  } else {
    if (pos >= text.size() || text[pos] != separator) return false;
    ++pos;
  }
  const size_t d = ReadInt(text, pos, 2, day);
  if (d == 0) return false;
  pos += d;
  if (kanji) {
    size_t after = pos;
    SkipOneSpace(text, after);
    if (ConsumeLiteral(text, after, "日")) {
      pos = after;
    } else if (spaced) {
      return false;
    }
  }
  return true;
}

// "00" .. "99", for writing a date two digits at a time.
constexpr std::array<char, 200> kTwoDigits = [] {
  std::array<char, 200> digits{};
  for (int i = 0; i < 100; ++i) {
    digits[static_cast<size_t>(2 * i)] = static_cast<char>('0' + i / 10);
    digits[static_cast<size_t>(2 * i + 1)] = static_cast<char>('0' + i % 10);
  }
  return digits;
}();

// REQUIRES: year 1..9999, month 1..12, day 1..31 (a date that passed the calendar check).
ShortValue Iso(const Date& d) {
  const auto two = [](char* out, int value) {
    std::memcpy(out, &kTwoDigits[static_cast<size_t>(2 * value)], 2);
  };
  ShortValue out;
  char* iso = out.data();
  two(iso, d.year / 100);
  two(iso + 2, d.year % 100);
  iso[4] = '-';
  two(iso + 5, d.month);
  iso[7] = '-';
  two(iso + 8, d.day);
  out.Resize(10);
  return out;
}

bool Plausible(const Date& d) { return d.year >= 1900 && d.year <= CurrentYear(); }

// Decides the confidence of a valid date spanning [begin, end) and adds it.
void Report(const Context& context, size_t begin, size_t end, const Date& date, Sink& sink) {
  sink.Consume(begin, end);
  if (!Plausible(date)) return;
  if (context.role == ColumnRole::kBirthDate) {
    sink.Add(context, Item::kBirthDate, Confidence::kHigh, Basis::kHeader, Iso(date));
    return;
  }
  size_t after = end;
  while (after < context.text.size() &&
         (context.text[after] == ' ' || context.text[after] == ')')) {
    ++after;
  }
  const KeywordFound keyword = HasAt(context.text, after, "生")
                                   ? KeywordFound::kFirst
                                   : KeywordBeforeEither(context, begin, kBirthKeywords,
                                                         kOtherDateKeywords, kBirthKeywordChars);
  if (keyword == KeywordFound::kFirst) {
    sink.Add(context, Item::kBirthDate, Confidence::kHigh, Basis::kKeyword, Iso(date));
    return;
  }
  if (keyword == KeywordFound::kSecond) return;
  sink.Add(context, Item::kBirthDate, Confidence::kLow, Basis::kPattern, Iso(date), date.year);
}

bool Allowed(ColumnRole role) {
  return role == ColumnRole::kNone || role == ColumnRole::kBirthDate;
}

}  // namespace

int CurrentYear() {
  static const int year = [] {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    return parts.tm_year + 1900;
  }();
  return year;
}

bool IsValidGregorian(int year, int month, int day) {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[static_cast<size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

std::optional<Date> EraToGregorian(int era, int year, int month, int day) {
  if (era < 0 || era >= static_cast<int>(kEras.size()) || year < 1 || year > 99) {
    return std::nullopt;
  }
  const Era& e = kEras[static_cast<size_t>(era)];
  const Date date{e.first.year + year - 1, month, day};
  if (!IsValidGregorian(date.year, date.month, date.day)) return std::nullopt;
  if (Key(date) < Key(e.first) || Key(date) > Key(e.last)) return std::nullopt;
  return date;
}

namespace {

// An era date read at `pos` without deciding what it is: `end` is past it (`pos` when there is
// none), `date` empty when it names no day of its era.
struct EraDateRead {
  size_t end;
  std::optional<Date> date;
};

// Every era name is two kanji, six bytes of UTF-8.
constexpr size_t kEraNameBytes = 6;
static_assert(std::all_of(kEras.begin(), kEras.end(),
                          [](const Era& era) { return era.name.size() == kEraNameBytes; }));

// The era whose name is at `pos`, or -1.
int EraAt(std::string_view text, size_t pos) {
  if (pos > text.size() || text.size() - pos < kEraNameBytes) return -1;
  for (size_t i = 0; i < kEras.size(); ++i) {
    if (std::memcmp(text.data() + pos, kEras[i].name.data(), kEraNameBytes) == 0) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

// One or two digits at `pos`, followed by the three bytes of `unit` (年, 月 or 日); advances
// `pos` past the unit.
bool ReadNumberAndUnit(std::string_view text, size_t& pos, const char (&unit)[4], int& value) {
  const char* p = text.data() + pos;
  const size_t left = text.size() - pos;
  if (left < 4 || !IsDigit(p[0])) return false;
  size_t digits = 1;
  value = p[0] - '0';
  if (IsDigit(p[1])) {
    value = value * 10 + (p[1] - '0');
    digits = 2;
  }
  if (left < digits + 3 || std::memcmp(p + digits, unit, 3) != 0) return false;
  pos += digits + 3;
  return true;
}

// "昭和45年3月2日" filling the whole of `text`, without spaces or 元: the form of nearly
// every cell of an era date column. Reads only what ReadEraDate(text, 0) reads the same way;
// anything else is {0, nullopt}, for ReadEraDate to read.
EraDateRead ReadCompactEraCell(std::string_view text) {
  const EraDateRead none{0, std::nullopt};
  const int era = EraAt(text, 0);
  if (era < 0) return none;
  size_t pos = kEraNameBytes;
  int year = 0;
  int month = 0;
  int day = 0;
  if (!ReadNumberAndUnit(text, pos, "年", year) || !ReadNumberAndUnit(text, pos, "月", month) ||
      !ReadNumberAndUnit(text, pos, "日", day) || pos != text.size()) {
    return none;
  }
  return {pos, EraToGregorian(era, year, month, day)};
}

EraDateRead ReadEraDate(std::string_view text, size_t pos) {
  const EraDateRead none{pos, std::nullopt};
  const int era = EraAt(text, pos);
  if (era < 0) return none;
  size_t cursor = pos + kEraNameBytes;
  SkipSpaces(text, cursor);
  int year = 0;
  if (!ConsumeLiteral(text, cursor, "元")) {
    const size_t n = ReadInt(text, cursor, 2, year);
    if (n == 0) return none;
    cursor += n;
  } else {
    year = 1;
  }
  SkipSpaces(text, cursor);
  bool kanji = false;
  char separator = 0;
  if (ConsumeLiteral(text, cursor, "年")) {
    kanji = true;
  } else if (cursor < text.size() &&
             (text[cursor] == '.' || text[cursor] == '/' || text[cursor] == '-')) {
    separator = text[cursor++];
  } else {
    return none;
  }
  int month = 0;
  int day = 0;
  if (!ReadMonthDay(text, cursor, kanji, separator, month, day)) return none;
  return {cursor, EraToGregorian(era, year, month, day)};
}

// Reports an era date read at `pos`; returns its end.
size_t ReportEraDate(const Context& context, size_t pos, const EraDateRead& read, Sink& sink) {
  if (!read.date) {
    sink.Consume(pos, read.end);  // an impossible date is still not three loose numbers
  } else {
    Report(context, pos, read.end, *read.date, sink);
  }
  return read.end;
}

// Three digit groups from `pos` to the end of `text`, joined by one separator ('/', '-' or
// '.'): the first of `first_digits` digits (0: one or two), the others of one or two. What
// the token scan reads as a date token of three groups ("1970/3/2", the "45.3.2" of
// "S45.3.2").
bool ReadDateGroups(std::string_view text, size_t pos, size_t first_digits, Date& date) {
  const auto group = [&](size_t min, size_t max, int& value) {
    const size_t n = ReadInt(text, pos, max, value);  // 0 when longer than max
    pos += n;
    return n >= min;  // min is at least 1
  };
  const size_t min = first_digits == 0 ? 1 : first_digits;
  const size_t max = first_digits == 0 ? 2 : first_digits;
  if (!group(min, max, date.year) || pos >= text.size()) return false;
  const char separator = text[pos++];
  if (separator != '/' && separator != '-' && separator != '.') return false;
  if (!group(1, 2, date.month) || pos >= text.size() || text[pos++] != separator) return false;
  return group(1, 2, date.day) && pos == text.size();
}

}  // namespace

std::span<const std::string_view> EraNames() {
  static constexpr auto kNames = [] {
    std::array<std::string_view, kEras.size()> names{};
    for (size_t i = 0; i < kEras.size(); ++i) names[i] = kEras[i].name;
    return names;
  }();
  return kNames;
}

size_t DetectEraDate(const Context& context, size_t pos, Sink& sink) {
  if (!Allowed(context.role)) return pos;
  const EraDateRead read = ReadEraDate(context.text, pos);
  return read.end == pos ? pos : ReportEraDate(context, pos, read, sink);
}

namespace {

// The value of the two digits at text[pos], or -1 when either is not a digit.
int TwoDigitsAt(std::string_view text, size_t pos) {
  const unsigned tens = static_cast<unsigned>(static_cast<uint8_t>(text[pos]) - '0');
  const unsigned ones = static_cast<unsigned>(static_cast<uint8_t>(text[pos + 1]) - '0');
  return tens <= 9 && ones <= 9 ? static_cast<int>(tens * 10 + ones) : -1;
}

// Reads "70/03/02" at text[pos] (eight bytes, present): three two-digit groups joined by the same
// one of / - . twice.
bool ReadTwoDigitGroups(std::string_view text, size_t pos, std::array<int, 3>& groups) {
  const char separator = text[pos + 2];
  if ((separator != '/' && separator != '-' && separator != '.') || text[pos + 5] != separator) {
    return false;
  }
  for (size_t i = 0; i < 3; ++i) {
    groups[i] = TwoDigitsAt(text, pos + 3 * i);
    if (groups[i] < 0) return false;
  }
  return true;
}

// The two shapes most birth-date columns are written in, read without the general path's
// group scan: "1970/03/02" and "S45.03.02" (any one of / - . both times). Returns false,
// having added nothing, for any other cell. Same findings as the general path below
// (tests/detect/birth_date_test.cc, FixedShapesReadAsTheGeneralPath).
bool ReadFixedShapeDateCell(const Context& context, Sink& sink) {
  const std::string_view text = context.text;
  std::array<int, 3> groups{};
  if (text.size() == 10) {
    const int century = TwoDigitsAt(text, 0);
    if (century < 0 || !ReadTwoDigitGroups(text, 2, groups)) return false;
    const Date date{century * 100 + groups[0], groups[1], groups[2]};
    if (IsValidGregorian(date.year, date.month, date.day)) Report(context, 0, 10, date, sink);
    return true;
  }
  if (text.size() == 9) {
    const int era = EraIndexOfLetter(text[0]);
    if (era < 0 || !ReadTwoDigitGroups(text, 1, groups)) return false;
    const std::optional<Date> gregorian = EraToGregorian(era, groups[0], groups[1], groups[2]);
    if (gregorian) Report(context, 0, 9, *gregorian, sink);
    return true;
  }
  return false;
}

}  // namespace

bool DetectBirthDateCell(const Context& context, Sink& sink) {
  const std::string_view text = context.text;
  if (ReadFixedShapeDateCell(context, sink)) return true;
  if (!text.empty() && static_cast<uint8_t>(text[0]) >= 0x80) {
    EraDateRead read = ReadCompactEraCell(text);
    if (read.end == 0) read = ReadEraDate(text, 0);
    if (read.end == 0 || read.end != text.size()) return false;
    ReportEraDate(context, 0, read, sink);
    return true;
  }
  Date date;
  if (text.size() > 4 && ReadInt(text, 0, 4, date.year) == 4 &&
      static_cast<uint8_t>(text[4]) >= 0x80) {
    // "1970年3月2日", as the token scan reads a 4-digit year before 年.
    size_t cursor = 4;
    if (!ConsumeLiteral(text, cursor, "年")) return false;
    const size_t month_at = cursor;
    if (!ReadNumberAndUnit(text, cursor, "月", date.month) ||
        !ReadNumberAndUnit(text, cursor, "日", date.day) || cursor != text.size()) {
      cursor = month_at;  // spaced, or no 日: the general reading
      if (!ReadMonthDay(text, cursor, /*kanji=*/true, 0, date.month, date.day) ||
          cursor != text.size()) {
        return false;
      }
    }
    if (IsValidGregorian(date.year, date.month, date.day)) {
      Report(context, 0, cursor, date, sink);
    }
    return true;
  }
  if (ReadDateGroups(text, 0, 4, date)) {  // 1970/3/2, 1970-03-02, 1970.3.2
    if (IsValidGregorian(date.year, date.month, date.day)) {
      Report(context, 0, text.size(), date, sink);
    }
    return true;
  }
  const int era = text.size() >= 6 ? EraIndexOfLetter(text[0]) : -1;
  if (era >= 0 && ReadDateGroups(text, 1, 0, date)) {
    // S45.3.2, H2/5/1: the date begins at the letter.
    const std::optional<Date> gregorian = EraToGregorian(era, date.year, date.month, date.day);
    if (gregorian) Report(context, 0, text.size(), *gregorian, sink);
    return true;
  }
  if ((text.size() == 8 || text.size() == 7) && AllDigits(text)) {
    int value = 0;
    ReadInt(text, 0, text.size(), value);
    // 19700302, or the government's era code 5450302 (1 明治 .. 5 令和, year, month, day).
    const std::optional<Date> gregorian =
        text.size() == 8 ? std::optional<Date>(Date{value / 10000, value / 100 % 100, value % 100})
                         : EraToGregorian(value / 1000000 - 1, value / 10000 % 100,
                                          value / 100 % 100, value % 100);
    if (gregorian && IsValidGregorian(gregorian->year, gregorian->month, gregorian->day) &&
        Plausible(*gregorian)) {
      sink.Add(context, Item::kBirthDate, Confidence::kHigh, Basis::kHeader, Iso(*gregorian));
    }
    return true;
  }
  return false;
}

bool DetectDateToken(const Context& context, const NumberToken& token, Sink& sink) {
  if (!Allowed(context.role) || token.too_many_groups || token.attached_after) return false;
  const std::string_view text = context.text;
  const bool era_letter =
      token.letter_before != 0 && token.lone_letter && EraIndexOfLetter(token.letter_before) >= 0;
  if (token.attached_before && !era_letter) return false;
  const auto separated = [&token] {
    const Separator s = token.separator[0];
    return token.group_count == 3 && s != Separator::kParen && token.AllSeparators(s);
  };
  const auto short_group = [&token](size_t i) {
    return token.group_length[i] >= 1 && token.group_length[i] <= 2;
  };

  if (era_letter) {  // S45.3.2
    if (!separated() || !short_group(0) || !short_group(1) || !short_group(2)) return false;
    const std::optional<Date> date =
        EraToGregorian(EraIndexOfLetter(token.letter_before), token.GroupValue(text, 0),
                       token.GroupValue(text, 1), token.GroupValue(text, 2));
    if (!date) return true;
    Report(context, token.begin - 1, token.end, *date, sink);
    return true;
  }
  if (separated() && token.group_length[0] == 4 && short_group(1) && short_group(2)) {
    const Date date{token.GroupValue(text, 0), token.GroupValue(text, 1),
                    token.GroupValue(text, 2)};
    if (IsValidGregorian(date.year, date.month, date.day)) {
      Report(context, token.begin, token.end, date, sink);
    }
    return true;
  }
  if (token.Shape({4})) {  // 1970年3月2日
    size_t cursor = token.end;
    SkipSpaces(text, cursor);
    if (!ConsumeLiteral(text, cursor, "年")) return false;
    int month = 0;
    int day = 0;
    if (!ReadMonthDay(text, cursor, /*kanji=*/true, 0, month, day)) return false;
    const Date date{token.GroupValue(text, 0), month, day};
    if (IsValidGregorian(date.year, date.month, date.day)) {
      Report(context, token.begin, cursor, date, sink);
    } else {
      sink.Consume(token.begin, cursor);
    }
    return true;
  }
  if (token.unit_after) return false;
  const bool header = context.role == ColumnRole::kBirthDate;
  if (token.Shape({8})) {  // 19700302: only with evidence, it is too common a shape
    if (!header && !KeywordBefore(context, token.begin, kBirthKeywords, kBirthKeywordChars)) {
      return false;
    }
    const int value = token.GroupValue(text, 0);
    const Date date{value / 10000, value / 100 % 100, value % 100};
    if (!IsValidGregorian(date.year, date.month, date.day) || !Plausible(date)) return false;
    sink.Add(context, Item::kBirthDate, Confidence::kHigh,
             header ? Basis::kHeader : Basis::kKeyword, Iso(date));
    return true;
  }
  if (token.Shape({7}) && header) {  // 5450302
    const int value = token.GroupValue(text, 0);
    const std::optional<Date> date =
        EraToGregorian(value / 1000000 - 1, value / 10000 % 100, value / 100 % 100, value % 100);
    if (!date || !Plausible(*date)) return false;
    sink.Add(context, Item::kBirthDate, Confidence::kHigh, Basis::kHeader, Iso(*date));
    return true;
  }
  return false;
}

}  // namespace mamori::detect::internal
