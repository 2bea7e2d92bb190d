// Names. A name column (header 氏名, 名前, フリガナ, name …) vouches for its cells: any cell
// that looks like a name (letters only, 1–30 characters, not a placeholder such as 不明) is a
// name, High kHeader. Elsewhere a name needs the surname dictionary: a known surname followed
// by a plausible given name, Low kDictionary (a candidate: the tally counts it when most of a
// headerless column holds names, or, in text, beside another confirmed item). In text, a name
// right after the label 氏名 / 名前 is Medium kKeyword.
//
// Given names: 1–4 kanji, 1–8 kana after a kana surname, and kana after a kanji surname: after
// a space in katakana ("鈴木 トメ"); otherwise 2–4 kana that end where a name ends (坂田さくら様,
// 長島キヨ（…）, 鈴木 さくら さん) and are not a sentence or a business going on after the
// surname (山田さんは, 田中から, 山田ビル). After a one-kanji surname with no space (林紗希,
// 辻香織様) the given name must also close with a kanji that closes names and end as a name.
// Characters that end place and organisation names (市, 区, 店, 社, 駅 …) are never part of a given
// name, so "中野区", "山田商店" and "田中工業" are not people.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "detect/internal/detectors.h"

namespace mamori::detect::internal {
namespace {

constexpr std::string_view kBuiltinSurnames =
#include "detect/surnames.inc"
    ;

constexpr size_t kMaxNameChars = 30;
constexpr size_t kMaxKanjiGiven = 4;
constexpr size_t kMaxKanaGiven = 8;
// A kana given name after a kanji surname, where nothing but its end tells it from a word.
constexpr size_t kMinKanaGivenAfterKanji = 2;
constexpr size_t kMaxKanaGivenAfterKanji = 4;
constexpr size_t kMaxSurnameChars = 6;
// A given name joined to a one-kanji surname: 蓮, 紗希, 久美子; katakana トメ, hiragana さくら.
constexpr size_t kMaxJoinedGivenChars = 3;

constexpr auto kPlaceholders = std::to_array<std::string_view>(
    {"不明", "なし", "無し", "未定",     "未記入", "未入力", "該当なし", "空欄",
     "null", "NULL", "Null", "N/A",      "n/a",    "NA",     "none",     "None",
     "同上", "氏名", "名前", "フリガナ", "name",   "Name",   "NAME",     "-",
     "--",   "ー",   "*",    "***",      "?",      "済",     "削除"});

// The placeholders by byte length, and where those of each length start: every name cell is
// compared only with the few of its own length.
constexpr auto kPlaceholdersBySize = [] {
  auto sorted = kPlaceholders;
  std::sort(sorted.begin(), sorted.end(),
            [](std::string_view a, std::string_view b) { return a.size() < b.size(); });
  return sorted;
}();
constexpr size_t kLongestPlaceholder = kPlaceholdersBySize.back().size();
constexpr auto kFirstPlaceholderOfSize = [] {
  std::array<size_t, kLongestPlaceholder + 2> first{};
  for (size_t size = 0; size < first.size(); ++size) {
    first[size] =
        static_cast<size_t>(std::find_if(kPlaceholdersBySize.begin(), kPlaceholdersBySize.end(),
                                         [size](std::string_view p) { return p.size() >= size; }) -
                            kPlaceholdersBySize.begin());
  }
  return first;
}();

bool IsPlaceholder(std::string_view text) {
  if (text.size() > kLongestPlaceholder) return false;
  for (size_t i = kFirstPlaceholderOfSize[text.size()];
       i < kFirstPlaceholderOfSize[text.size() + 1]; ++i) {
    if (text == kPlaceholdersBySize[i]) return true;
  }
  return false;
}

// Folded names up to this many bytes are built on the stack (30 characters of 3 bytes fit).
constexpr size_t kFoldBufferBytes = 128;

constexpr auto kOrganisationWords = std::to_array<std::string_view>(
    {"会社", "法人", "組合", "(株)", "(有)", "協会", "事務所", "株式", "有限"});

// The first character of a kanji word of kOrganisationWords ('(' is checked where it is
// read): a name holding one is searched for those words.
constexpr auto kOrganisationMarks =
    std::to_array<char32_t>({U'会', U'法', U'組', U'協', U'株', U'有', U'事'});
// Bit c % 64 set for each mark: one test clears most kanji of a name without the comparisons.
constexpr uint64_t kOrganisationMarkBits = [] {
  uint64_t bits = 0;
  for (const char32_t mark : kOrganisationMarks) bits |= uint64_t{1} << (mark % 64);
  return bits;
}();

// Inlined into the loops over a name's characters, where GCC left a call per character.
[[gnu::always_inline]] inline bool IsOrganisationMark(char32_t c) {
  if ((kOrganisationMarkBits >> (c % 64) & 1) == 0) return false;
  return std::find(kOrganisationMarks.begin(), kOrganisationMarks.end(), c) !=
         kOrganisationMarks.end();
}

// Whether `text` holds a word of kOrganisationWords: asked only of a name in which a mark
// (or a '(') was seen.
bool HoldsOrganisationWord(std::string_view text) {
  return std::any_of(
      kOrganisationWords.begin(), kOrganisationWords.end(),
      [text](std::string_view word) { return text.find(word) != std::string_view::npos; });
}

// Latin letters beyond ASCII: Latin-1 Supplement (not × ÷), Latin Extended-A/B and Latin
// Extended Additional (Vietnamese), as NFKC leaves them composed.
bool IsAccentedLatinLetter(char32_t c) {
  return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF);
}

// Characters that end place and organisation names, or units and dates.
constexpr std::u32string_view kStopChars =
    U"市区町村郡県都府丁番号店社駅線課部局署所院銀行屋病省庁業製事務商会年時円件分方宛様殿名便通館"
    U"園校券品料費表書票簿欄者員係外等用的状態点電";

// kStopChars as a bitmap over the BMP: the test runs on every character of a given name.
constexpr auto kStopCharBits = [] {
  std::array<uint64_t, 0x10000 / 64> bits{};
  for (const char32_t c : kStopChars) bits[c / 64] |= uint64_t{1} << (c % 64);
  return bits;
}();

bool IsStopChar(char32_t c) { return c < 0x10000 && (kStopCharBits[c / 64] >> (c % 64) & 1) != 0; }

bool IsHonorific(char32_t c) { return c == U'様' || c == U'殿' || c == U'氏' || c == U'君'; }

// The honorifics that close a name inside a longer run of kanji too (山田由美子様宛, 鈴木太郎様方,
// 佐藤花子殿分); 氏 and 君 begin words of their own (氏名, 君津).
bool IsAddressHonorific(char32_t c) { return c == U'様' || c == U'殿'; }

// Kanji that make a word with 様 (同様, 模様, 仕様, 皆様, 奥様): after a surname ("村田同様に",
// "鈴木仕様書") they are that word, not a one-kanji given name and an honorific. Kanji that are
// given names as often (一, 文, 貴, 有) are not listed.
constexpr std::u32string_view kKanjiBeforeSamaInWords = U"同模仕皆多異神王殿両別今各奥態紋外";

// Honorifics written in kana after a name (坂田さくらさん).
constexpr auto kKanaHonorifics =
    std::to_array<std::string_view>({"さん", "さま", "ちゃん", "くん"});

// Hiragana that goes on from a surname in a sentence: honorifics alone, particles, copulas
// (山田さんは, 田中から, 鈴木です, 佐藤がやる). A hiragana run after a surname that starts with
// one is not a given name.
constexpr auto kWordsAfterSurname = std::to_array<std::string_view>(
    {"さん", "さま", "くん", "ちゃん", "たち", "から", "まで", "より", "など", "には",
     "とは", "では", "でも", "です",   "でし", "ます", "まし", "ませ", "への", "との",
     "での", "だけ", "しか", "のみ",   "こそ", "ほど", "なら", "だっ", "だろ", "にも",
     "とか", "ので", "けど", "にて",   "が",   "を",   "に",   "へ",   "で"});

// Katakana that names a business or a building after a surname (山田ビル, 鈴木ハイツ).
constexpr auto kBusinessWords = std::to_array<std::string_view>(
    {"ビル",     "ハイツ",   "コーポ",   "ホテル",   "ストア",     "ハウス",   "ホーム",
     "マート",   "プラザ",   "パン",     "ファーム", "ラボ",       "ショップ", "クリニック",
     "センター", "グループ", "サービス", "タワー",   "マンション", "アパート", "レジデンス",
     "テック",   "システム", "ゼミ",     "スクール"});

// The first of `words` that `text` starts with, or an empty view.
template <size_t N>
std::string_view PrefixAmong(std::string_view text, const std::array<std::string_view, N>& words) {
  for (std::string_view word : words) {
    if (text.starts_with(word)) return word;
  }
  return {};
}

template <size_t N>
bool StartsWithAny(std::string_view text, const std::array<std::string_view, N>& words) {
  return !PrefixAmong(text, words).empty();
}

enum class Script : uint8_t { kOther, kKanji, kHiragana, kKatakana };

Script ScriptOf(char32_t c) {
  if (IsKanji(c)) return Script::kKanji;
  if (IsHiragana(c)) return Script::kHiragana;
  if (IsKatakana(c)) return Script::kKatakana;
  return Script::kOther;
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// Code points of `text`, or SIZE_MAX past `limit`.
size_t CharCount(std::string_view text, size_t limit) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<uint8_t>(c) & 0xC0) != 0x80 && ++count > limit) return SIZE_MAX;
  }
  return count;
}

// A given name on its own: 1–4 kanji / 1–8 kana, Japanese letters only, no stop characters.
bool PlausibleGiven(std::string_view given, Script surname_script) {
  if (given.empty()) return false;
  size_t first_length = 0;
  if (IsHonorific(DecodeAt(given, 0, first_length)) && first_length == given.size()) {
    return false;  // 山田様, 田中氏: a surname and an honorific, no given name
  }
  size_t chars = 0;
  size_t kanji = 0;
  size_t pos = 0;
  while (pos < given.size()) {
    size_t length = 0;
    const char32_t c = DecodeAt(given, pos, length);
    const Script script = ScriptOf(c);
    if (script == Script::kOther || IsStopChar(c)) return false;
    if (script == Script::kKanji) ++kanji;
    ++chars;
    pos += length;
  }
  if (surname_script == Script::kKanji) return chars <= kMaxKanaGiven && kanji <= kMaxKanjiGiven;
  return kanji == 0 && chars <= kMaxKanaGiven;
}

// Adds a name finding, its spaces folded on the stack when it is short (as it nearly always is).
void AddFolded(const Context& context, Confidence confidence, Basis basis, std::string_view name,
               Sink& sink) {
  std::array<char, kFoldBufferBytes> stack;
  if (name.size() > stack.size()) {
    sink.Add(context, Item::kName, confidence, basis, FoldSpaces(name));
    return;
  }
  sink.Add(context, Item::kName, confidence, basis,
           std::string_view(stack.data(), FoldSpacesInto(name, stack.data())));
}

// Surnames are 3–18 bytes; std::hash's out-of-line murmur and a byte-wise hash both showed in
// profiles. This mixes eight bytes at a time (the tail as an overlapping load of the last
// eight).
uint64_t HashOf(std::string_view s) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15u;
  uint64_t hash = s.size() * kMul;
  const auto mix = [&hash](uint64_t word) {
    hash = (hash ^ word) * kMul;
    hash ^= hash >> 32;
  };
  if (s.size() >= 8) {
    size_t pos = 0;
    for (; pos + 8 <= s.size(); pos += 8) {
      uint64_t word = 0;
      std::memcpy(&word, s.data() + pos, 8);
      mix(word);
    }
    if (pos < s.size()) {
      uint64_t word = 0;
      std::memcpy(&word, s.data() + s.size() - 8, 8);
      mix(word);
    }
  } else {
    uint64_t word = 0;
    for (char c : s) word = word << 8 | static_cast<uint8_t>(c);
    mix(word);
  }
  return hash;
}

}  // namespace

// ---- SurnameDictionary -------------------------------------------------------------------

Result<SurnameDictionary> SurnameDictionary::Load(const std::string& path) {
  SurnameDictionary dictionary;
  std::string file;
  std::string_view source = kBuiltinSurnames;
  if (!path.empty()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return MakeError(ErrorCode::kIo, "cannot open surname dictionary " + path);
    file.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    source = file;
  }
  size_t start = 0;
  while (start < source.size()) {
    size_t end = source.find('\n', start);
    if (end == std::string_view::npos) end = source.size();
    std::string_view line = source.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const size_t tab = line.find('\t');
    dictionary.Add(Trim(line.substr(0, tab)));
    if (tab != std::string_view::npos) dictionary.Add(Trim(line.substr(tab + 1)));
  }
  if (dictionary.entries_.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "surname dictionary is empty: " + path);
  }
  dictionary.Rehash();
  return dictionary;
}

void SurnameDictionary::Add(std::string_view surname) {
  if (surname.empty() || CharCount(surname, kMaxSurnameChars) == SIZE_MAX) return;
  // Variants: 髙 for 高 and 﨑 for 崎 (outside JIS X 0208, common in registers), the old forms
  // 邊/邉 for 辺, 奧 for 奥 and 嶋 for 島 (奧田, 嶋田), and the hiragana spelling of a katakana
  // reading. Each variant character doubles the spellings of a surname that holds its plain
  // form; the others are left as they are.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kVariants = {
      {{"高", "髙"}, {"崎", "﨑"}, {"辺", "邊"}, {"辺", "邉"}, {"奥", "奧"}, {"島", "嶋"}}};
  std::vector<std::string> spellings = {std::string(surname)};
  for (const auto& [plain, variant] : kVariants) {
    if (surname.find(plain) == std::string_view::npos) continue;
    for (size_t i = 0, n = spellings.size(); i < n; ++i) {
      std::string spelling = spellings[i];
      for (size_t at = spelling.find(plain); at != std::string::npos;
           at = spelling.find(plain, at + variant.size())) {
        spelling.replace(at, plain.size(), variant);
      }
      if (spelling != spellings[i]) spellings.push_back(std::move(spelling));
    }
  }
  for (std::string& spelling : spellings) AddOne(std::move(spelling));
  std::string hiragana;
  size_t pos = 0;
  bool all_katakana = true;
  while (pos < surname.size()) {
    size_t length = 0;
    const char32_t c = DecodeAt(surname, pos, length);
    pos += length;
    if (c >= 0x30A1 && c <= 0x30F6) {
      AppendUtf8(c - 0x60, hiragana);
    } else if (c == 0x30FC) {
      AppendUtf8(c, hiragana);
    } else {
      all_katakana = false;
      break;
    }
  }
  if (all_katakana) AddOne(hiragana);
}

void SurnameDictionary::AddOne(std::string surname) {
  if (!seen_.insert(surname).second) return;
  entries_.push_back(std::move(surname));
  table_.clear();
}

void SurnameDictionary::Rehash() {
  seen_ = {};
  size_t capacity = 16;
  while (capacity < entries_.size() * 3) capacity *= 2;
  table_.assign(capacity, std::string_view());
  byte_lengths_.assign(0x10000, 0);
  supplementary_byte_lengths_ = 0;
  for (const std::string& entry : entries_) {
    size_t slot = HashOf(entry) & (capacity - 1);
    while (!table_[slot].empty()) slot = (slot + 1) & (capacity - 1);
    table_[slot] = entry;
    size_t length = 0;
    const char32_t c = DecodeAt(entry, 0, length);
    // Add() keeps surnames of at most kMaxSurnameChars characters: 24 bytes or fewer.
    const uint32_t bit = uint32_t{1} << entry.size();
    if (c < 0x10000) {
      byte_lengths_[c] |= bit;
    } else {
      supplementary_byte_lengths_ |= bit;
    }
  }
}

bool SurnameDictionary::Contains(std::string_view surname) const {
  if (table_.empty()) return false;
  const size_t mask = table_.size() - 1;
  for (size_t slot = HashOf(surname) & mask;; slot = (slot + 1) & mask) {
    if (table_[slot].empty()) return false;
    if (table_[slot].size() == surname.size() && HasAt(table_[slot], 0, surname)) return true;
  }
}

uint32_t SurnameDictionary::ByteLengthsFrom(char32_t c) const {
  if (c >= 0x10000) return supplementary_byte_lengths_;
  return byte_lengths_.empty() ? 0 : byte_lengths_[c];
}

// ---- Detection ---------------------------------------------------------------------------

void DetectNameByHeader(const Context& context, Sink& sink) {
  const std::string_view text = Trim(context.text);
  // Bytes bound characters from above, so only a long cell needs counting.
  if (text.empty() || (text.size() > kMaxNameChars && CharCount(text, kMaxNameChars) == SIZE_MAX)) {
    return;
  }
  if (IsPlaceholder(text)) return;
  // One pass checks every character and notes whether folding spaces (FoldSpacesInto) would
  // change the text: most names ("山田 太郎") are already their folded form and are not copied.
  bool fold = false;
  bool after_space = true;  // at the start, a space would be dropped
  size_t letters = 0;
  bool maybe_organisation = false;
  size_t pos = 0;
  while (pos < text.size()) {
    // Kanji of U+5000..U+9FFF (lead bytes E5..E9), most of a Japanese name: always a letter,
    // without the general character classes below.
    const auto lead = static_cast<uint8_t>(text[pos]);
    if (lead >= 0xE5 && lead <= 0xE9 && text.size() - pos >= 3) {
      const char32_t c = ThreeByteAt(text, pos);
      ++letters;
      maybe_organisation |= IsOrganisationMark(c);
      after_space = false;
      pos += 3;
      continue;
    }
    // Kana (lead byte E3), the whole of a furigana column: letters, and never an organisation
    // mark (those are kanji).
    if (lead == 0xE3 && text.size() - pos >= 3) {
      const char32_t c = ThreeByteAt(text, pos);
      if (IsHiragana(c) || IsKatakana(c)) {
        ++letters;
        after_space = false;
        pos += 3;
        continue;
      }
    }
    size_t length = 0;
    const char32_t c = DecodeAt(text, pos, length);
    if (c == U' ' || c == U'\t' || c == 0x3000) {
      fold |= c != U' ' || after_space;
      after_space = true;
      pos += length;
      continue;
    }
    after_space = false;
    if (c < 0x80) {
      if (IsAsciiAlpha(static_cast<char>(c))) {
        ++letters;
      } else if (c == U'(') {
        maybe_organisation = true;
      } else if (!(c == U'.' || c == U'=' || c == U'-' || c == U'\'' || c == U')' || c == U',')) {
        return;  // digits, '@', other symbols: not a name
      }
    } else if (IsAccentedLatinLetter(c)) {
      ++letters;  // Frédérique, Müller, Björn in a ContactName column
    } else if (IsJapaneseLetter(c)) {
      ++letters;
      maybe_organisation |= IsOrganisationMark(c);
    } else if (c != U'・') {
      return;
    }
    pos += length;
  }
  if (letters == 0) return;
  if (maybe_organisation && HoldsOrganisationWord(text)) return;
  fold |= after_space;  // a space at the end is dropped
  if (!fold) {
    sink.Add(context, Item::kName, Confidence::kHigh, Basis::kHeader, text);
    return;
  }
  std::array<char, kFoldBufferBytes> stack;
  std::string heap;
  char* folded = stack.data();
  if (text.size() > stack.size()) {
    heap.resize(text.size());
    folded = heap.data();
  }
  sink.Add(context, Item::kName, Confidence::kHigh, Basis::kHeader,
           std::string_view(folded, FoldSpacesInto(text, folded)));
}

namespace {

// The most characters of each part of a name read by its shape alone: 勅使河原 三郎 (kanji),
// チョクシガワラ サブロウ (kana).
constexpr size_t kMaxShapeKanji = 6;
constexpr size_t kMaxShapeKana = 10;

// Whether a short cell has the shape of a Japanese personal name: one or two runs of kanji and
// kana (surname and given name, spaced or not) of at least two characters in all, with no
// character that ends places, organisations, units or dates, and no placeholder.
bool HasNameShape(std::string_view text) {
  if (IsPlaceholder(text)) return false;
  size_t parts = 1;
  size_t letters = 0;
  size_t kanji = 0;
  size_t kana = 0;
  bool maybe_organisation = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t length = 0;
    const char32_t c = DecodeAt(text, pos, length);
    pos += length;
    if (c == U' ') {
      if (++parts > 2 || letters == 0) return false;
      kanji = 0;
      kana = 0;
      while (pos < text.size() && text[pos] == ' ') ++pos;
      continue;
    }
    const Script script = ScriptOf(c);
    if (script == Script::kOther || IsStopChar(c)) return false;
    maybe_organisation |= IsOrganisationMark(c);
    ++letters;
    if (script == Script::kKanji) {
      if (++kanji > kMaxShapeKanji) return false;
    } else if (++kana > kMaxShapeKana) {
      return false;
    }
  }
  if (letters < 2) return false;
  return !maybe_organisation || !HoldsOrganisationWord(text);
}

// A name whose surname the dictionary holds, at the start of a short cell.
bool StartsWithDictionaryName(std::string_view text, const SurnameDictionary& surnames) {
  size_t length = 0;
  const char32_t first = DecodeAt(text, 0, length);
  // The byte lengths of the surnames starting with `first` (none: not a name); only prefixes
  // of those lengths are looked up, and most first characters have one.
  const uint32_t lengths = surnames.ByteLengthsFrom(first);
  if (lengths == 0) return false;
  const Script script = ScriptOf(first);
  if (script == Script::kOther) return false;
  // Surname prefixes, longest first, so 佐々木 wins over a shorter entry.
  std::array<size_t, kMaxSurnameChars + 1> ends{};
  size_t count = 0;
  size_t pos = 0;
  while (pos < text.size() && count < kMaxSurnameChars) {
    const char32_t c = DecodeAt(text, pos, length);
    if (ScriptOf(c) == Script::kOther) break;
    pos += length;
    ends[count++] = pos;
  }
  for (size_t i = count; i-- > 0;) {
    const size_t end = ends[i];
    if (end >= 32 || (lengths >> end & 1) == 0 || !surnames.Contains(text.substr(0, end))) {
      continue;
    }
    std::string_view given = text.substr(end);
    while (!given.empty() && IsSpace(given.front())) given.remove_prefix(1);
    if (PlausibleGiven(given, script)) return true;
  }
  return false;
}

}  // namespace

void DetectNameCell(const Context& context, const SurnameDictionary& surnames, Sink& sink) {
  const std::string_view text = Trim(context.text);
  if (text.empty()) return;
  if (StartsWithDictionaryName(text, surnames)) {
    AddFolded(context, Confidence::kLow, Basis::kDictionary, text, sink);
  } else if (HasNameShape(text)) {
    // A name whose surname the dictionary lacks (勅使河原, 小鳥遊): it casts no vote for its
    // column, but counts once the dictionary's names show the column to hold names.
    AddFolded(context, Confidence::kLow, Basis::kPattern, text, sink);
  }
}

namespace {

// Whether a kana given name that ends at `end` ends there as a name: before an honorific (様,
// さん), an opening parenthesis or a space; katakana also at the end of the text, before a
// closing bracket or punctuation. A hiragana run that merely stops at the end of a line or a
// 。 is as often a sentence (山田はいない).
bool EndsKanaName(std::string_view text, size_t end, Script script) {
  if (end >= text.size()) return script == Script::kKatakana;
  size_t length = 0;
  const char32_t c = DecodeAt(text, end, length);
  if (IsHonorific(c) || c == U'(' || c == U' ' || c == U'\t' ||
      StartsWithAny(text.substr(end), kKanaHonorifics)) {
    return true;
  }
  if (script == Script::kHiragana) return false;
  return c == U')' || c == U'」' || c == U'』' || c == U'】' || c == U'、' || c == U'。' ||
         c == U',' || c == U'.';
}

// Column headers a table's header row puts after 氏名 that name no personal item.
constexpr auto kColumnWords = std::to_array<std::string_view>(
    {"性別", "備考", "担当", "担当者",   "連絡先", "所属", "部署", "役職", "区分", "続柄",
     "職業", "国籍", "メモ", "コメント", "状態",   "種別", "摘要", "内容", "用件", "結果"});

// Whether a word after the label 氏名/名前 is the header of the next column, not a name.
bool IsColumnHeaderWord(std::string_view word) {
  return std::find(kColumnWords.begin(), kColumnWords.end(), word) != kColumnWords.end() ||
         RoleFromHeader(word) != ColumnRole::kNone;
}

// The kanji that close many hiragana given names (よし子, はる江, きく代).
constexpr auto kGivenNameEndings = std::to_array<std::string_view>({"子", "江", "代"});

// The end of a kana given name after a kanji surname that the old rule (katakana after a
// space) does not cover: the run of `script` from `begin` to `end`, a kana honorific at its
// end left out of the name (坂田さくらさん), a closing 子 taken in (小田よし子). 0 when it is
// no name.
size_t KanaGivenEnd(std::string_view text, size_t begin, size_t end, Script script) {
  const std::string_view run = text.substr(begin, end - begin);
  const size_t chars = CharCount(run, kMaxKanaGivenAfterKanji + 2);  // room for an honorific
  if (chars < kMinKanaGivenAfterKanji || chars == SIZE_MAX) return 0;
  size_t name_end = end;
  if (script == Script::kHiragana) {
    if (StartsWithAny(run, kWordsAfterSurname)) return 0;
    const std::string_view ending = PrefixAmong(text.substr(end), kGivenNameEndings);
    if (!ending.empty() && chars <= kMaxKanaGivenAfterKanji - 1) {
      end += ending.size();
      name_end = end;
    } else {
      for (std::string_view honorific : kKanaHonorifics) {
        if (run.size() > honorific.size() && run.ends_with(honorific)) {
          name_end -= honorific.size();
          break;
        }
      }
    }
  } else if (StartsWithAny(run, kBusinessWords)) {
    return 0;
  }
  const size_t name_chars = CharCount(text.substr(begin, name_end - begin), SIZE_MAX - 1);
  if (name_chars < kMinKanaGivenAfterKanji || name_chars > kMaxKanaGivenAfterKanji) return 0;
  return EndsKanaName(text, end, script) ? name_end : 0;
}

// The given name after a surname ending at `pos` in running text: its end, or 0.
size_t GivenEnd(std::string_view text, size_t pos, Script surname_script, bool need_space) {
  size_t cursor = pos;
  while (cursor < text.size() && IsSpace(text[cursor])) ++cursor;
  const bool spaced = cursor > pos;
  if (need_space && !spaced) return 0;
  if (cursor >= text.size()) return 0;
  size_t length = 0;
  const Script run_script = ScriptOf(DecodeAt(text, cursor, length));
  // After a kana surname the given name is in the same kana.
  if (run_script == Script::kOther) return 0;
  if (surname_script != Script::kKanji && run_script != surname_script) return 0;
  size_t end = cursor;
  size_t chars = 0;
  size_t last_length = 0;
  char32_t last = 0;
  while (end < text.size()) {
    const char32_t c = DecodeAt(text, end, length);
    if (ScriptOf(c) != run_script) break;
    if (run_script == Script::kKanji && chars > 0 && IsAddressHonorific(c)) break;
    last = c;
    last_length = length;
    end += length;
    ++chars;
  }
  // After a kanji surname, katakana after a space is a given name as before ("鈴木 トメ");
  // other kana only where it ends as a name.
  if (surname_script == Script::kKanji && run_script != Script::kKanji &&
      (run_script == Script::kHiragana || !spaced)) {
    const size_t name_end = KanaGivenEnd(text, cursor, end, run_script);
    if (name_end == 0 || !PlausibleGiven(text.substr(cursor, name_end - cursor), surname_script)) {
      return 0;
    }
    return name_end;
  }
  if (IsHonorific(last) && chars > 1) {  // 山田太郎氏, 山田太郎君
    end -= last_length;
    --chars;
  }
  const size_t limit = run_script == Script::kKanji ? kMaxKanjiGiven : kMaxKanaGiven;
  if (chars == 0 || chars > limit) return 0;
  if (chars == 1 && kKanjiBeforeSamaInWords.find(last) != std::u32string_view::npos &&
      text.substr(end).starts_with("様")) {
    return 0;
  }
  if (!PlausibleGiven(text.substr(cursor, end - cursor), surname_script)) return 0;
  return end;
}

// The kanji that close given names (一郎, 孝子, 紗希, 蓮): a one-kanji surname joined to a word
// that ends otherwise (原因, 関数, 東京, 森林, 原則) is no name. Characters that close common
// words after those surnames as often as names are left out (京, 野, 大: 東京, 西東京, 東中野,
// 東北大), or kept for given names of two kanji or more only (below).
constexpr std::u32string_view kGivenNameLastKanji =
    U"子美恵江枝代世香佳花華菜奈乃音織希紀絵衣穂帆里莉梨葉羽彩綾愛結咲桜凛紬杏芽沙紗舞実未由雪"
    U"瞳晶薫静緒琴鈴萌澄郎朗夫雄男介助輔太平吉蔵造三二一次治司史志彦人仁也哉斗翔樹輝貴之久明昭"
    U"晃光宏弘浩博寛隆孝幸行信伸真誠正清聡智哲徹徳敏俊利勝克勇武健剛豪稔茂修勉登昇進亮涼諒良蓮"
    U"陽悠優湊颯翼航拓匠渉歩悟学功栄恭純淳潤遥蒼駿陸律碧葵晴春月圭成依豊苗々茜摘守尋泉敦忍篤望";

// Kanji that close given names of two or more kanji (七海, 拓海, 真理, 正則) but, right after such
// a surname, a word of one (東海, 南海, 原理, 原則).
constexpr std::u32string_view kLongerGivenNameLastKanji = U"海理則";

bool ClosesGivenName(char32_t last, size_t chars) {
  return kGivenNameLastKanji.find(last) != std::u32string_view::npos ||
         (chars >= 2 && kLongerGivenNameLastKanji.find(last) != std::u32string_view::npos);
}

// Whether the text at `pos` closes a given name joined to its surname: the end, an honorific
// (辻香織様, 原優太さん), a space, an opening parenthesis or a comma ("林紗希 生年月日", "辻典子
// (1948年…)", "堀健太、").
bool EndsJoinedName(std::string_view text, size_t pos) {
  if (pos >= text.size()) return true;
  size_t length = 0;
  const char32_t c = DecodeAt(text, pos, length);
  return IsHonorific(c) || c == U' ' || c == U'\t' || c == U'(' || c == U'、' || c == U',' ||
         c == U':' || StartsWithAny(text.substr(pos), kKanaHonorifics);
}

// Kana that no word, and so no given name, starts with.
bool IsSmallKana(char32_t c) {
  constexpr std::u32string_view kSmall = U"ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー";
  return kSmall.find(c) != std::u32string_view::npos;
}

// The end of a given name written straight after a one-kanji surname (林紗希, 辻香織様, 原トメ様),
// or 0: a given name as GivenEnd reads one after any kanji surname, of at most three characters.
// Such a surname begins too many words (原因, 東京, 関数) for that to do with kanji: a kanji
// given name must also end in a kanji that closes names, and then end as a name ends (kana
// given names already had to).
size_t JoinedGivenEnd(std::string_view text, size_t cursor) {
  if (cursor >= text.size()) return 0;
  size_t length = 0;
  const char32_t first = DecodeAt(text, cursor, length);
  if (IsSmallKana(first)) return 0;  // 原っぱ, 東ヶ丘
  const size_t end = GivenEnd(text, cursor, Script::kKanji, /*need_space=*/false);
  if (end == 0) return 0;
  const size_t chars = CharCount(text.substr(cursor, end - cursor), kMaxJoinedGivenChars);
  if (chars == SIZE_MAX) return 0;
  if (ScriptOf(first) != Script::kKanji) return end;
  const char32_t last = DecodeBefore(text, end, length);
  return ClosesGivenName(last, chars) && EndsJoinedName(text, end) ? end : 0;
}

// Whether `c`, the character before a surname, is a letter of any script: a joined name must
// begin a word ("JR西日本", "この原子" begin none).
bool IsLetter(char32_t c) {
  return ScriptOf(c) != Script::kOther || (c < 0x80 && std::isalnum(static_cast<int>(c)) != 0);
}

}  // namespace

size_t DetectNameInText(const Context& context, size_t pos, size_t length, Sink& sink) {
  const std::string_view text = context.text;
  size_t first_length = 0;
  const Script script = ScriptOf(DecodeAt(text, pos, first_length));
  if (script == Script::kOther) return pos;
  size_t before_length = 0;
  const char32_t before = DecodeBefore(text, pos, before_length);
  if (before != 0 && ScriptOf(before) == script) return pos;  // inside a longer word
  // A one-kanji surname (林, 森) or a kana one is a word too often; ask for the space, or for a
  // one-kanji surname a given name joined to it that ends as a name, at the start of a word.
  const bool one_kanji = script == Script::kKanji && first_length == length;
  const bool need_space = script != Script::kKanji || one_kanji;
  size_t end = GivenEnd(text, pos + length, script, need_space);
  if (end == 0 && one_kanji && (before == 0 || !IsLetter(before))) {
    end = JoinedGivenEnd(text, pos + length);
  }
  if (end == 0) return pos;
  AddFolded(context, Confidence::kLow, Basis::kDictionary, text.substr(pos, end - pos), sink);
  return end;
}

size_t DetectLabelledName(const Context& context, size_t pos, Sink& sink) {
  const std::string_view text = context.text;
  size_t cursor = pos;
  bool tabbed = false;
  bool colon = false;
  // "氏名:", "氏名 ", "名前】" — at most a few separators between label and name.
  for (int i = 0; i < 3 && cursor < text.size(); ++i) {
    size_t length = 0;
    const char32_t c = DecodeAt(text, cursor, length);
    if (c != U':' && c != U' ' && c != U'】' && c != U'」' && c != U'\t') break;
    tabbed |= c == U'\t';
    colon |= c == U':';
    cursor += length;
  }
  if (cursor == pos || cursor >= text.size()) return pos;
  size_t length = 0;
  const Script script = ScriptOf(DecodeAt(text, cursor, length));
  if (script != Script::kKanji && script != Script::kKatakana) return pos;
  // A run of 1–5 name characters of `script` at `at` that ends cleanly; its end, or 0.
  const auto run_end = [&](size_t at) -> size_t {
    size_t end = at;
    size_t chars = 0;
    size_t n = 0;
    while (end < text.size()) {
      const char32_t c = DecodeAt(text, end, n);
      if (ScriptOf(c) != script) break;
      if (IsStopChar(c)) return 0;
      end += n;
      ++chars;
    }
    return chars >= 1 && chars <= 5 ? end : 0;
  };
  // Surname run, then optionally one space and a given-name run ("山田 太郎", "山田太郎").
  const size_t first = run_end(cursor);
  if (first == 0) return pos;
  // Between tabs (or colons), the label is one column of a table's header row
  // ("オフセット<TAB>名前<TAB>サイズ", "名前:目的:マニュアル" in manuals), and the word after it
  // the next column's header, not a name.
  if (first < text.size() && ((tabbed && text[first] == '\t') || (colon && text[first] == ':'))) {
    return pos;
  }
  // So is a label followed by another column's header, spaced: "氏名 フリガナ 電話 性別".
  if (IsColumnHeaderWord(text.substr(cursor, first - cursor))) return pos;
  size_t end = first;
  if (first + 1 < text.size() && IsSpace(text[first])) {
    const size_t second = run_end(first + 1);
    if (second != 0) end = second;
  }
  if (end == first && CharCount(text.substr(cursor, first - cursor), 10) < 2) return pos;
  const std::string_view name = Trim(text.substr(cursor, end - cursor));
  AddFolded(context, Confidence::kMedium, Basis::kKeyword, name, sink);
  return end;
}

}  // namespace mamori::detect::internal
