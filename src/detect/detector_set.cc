// DetectorSet: finds the triggers in each cell and hands them to the detectors
// (internal/detectors.h).
//
// Two paths, chosen by measurement (bench/detect_bench.cc). A Hyperscan call costs ~85 ns
// even on a 20-byte cell, which caps a cell-by-cell scan near 175 MB/s, so table cells go
// through a hand-written pass: one loop over the bytes notes digits, '@' and non-ASCII; numeric
// tokens are read where the digits are; era names, 〒 and prefecture suffixes are checked
// only at non-ASCII characters; a headerless column's cell is looked up in the surname table
// at its start. Running text (text parts, and long free-text cells) also needs surnames
// anywhere in a line: there the Hyperscan database of every surname and name label finds
// them in one pass, and the same numeric and lexical passes run as for cells.
#include <hs/hs.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <mutex>

#include "detect/detector.h"
#include "detect/internal/detectors.h"

namespace mamori::detect {

using internal::Context;
using internal::NumberToken;
using internal::Sink;

namespace {

// Cells longer than this in a column without a role are read as running text.
constexpr size_t kShortCellBytes = 48;
// A previous cell this short may be a label ("基礎年金番号") for the cell after it.
constexpr size_t kLabelCellBytes = 64;

constexpr auto kNameLabels = std::to_array<std::string_view>({"氏名", "名前"});

struct TextMatch {
  uint32_t begin;
  uint32_t length;
  bool label;
};

// What the lexical pass looks for, found in running text by the same literal matcher as the
// surnames: an era name, a prefecture name or 〒, at the character the pass would stop at (the
// era name's first, the prefecture's suffix, the mark).
enum class TriggerKind : uint8_t { kEra, kPrefecture, kPostalMark };

struct TriggerMatch {
  uint32_t pos;
  TriggerKind kind;
};

class ScratchImpl final : public Scratch {
 public:
  ~ScratchImpl() override {
    if (hs_scratch_ != nullptr) hs_free_scratch(hs_scratch_);
  }
  hs_scratch_t* hs_scratch_ = nullptr;
  bool scratch_failed_ = false;
  std::vector<TextMatch> matches_;
  std::vector<TriggerMatch> triggers_;
  bool all_passes_ = false;  // the general path, for tests (SetAllPassesForTesting)
};

struct Features {
  bool digit = false;
  bool at = false;
  bool high = false;
};

// One pass over the cell, eight bytes at a time (this loop runs on every cell, and a byte loop
// was the largest single cost on dense tables). '@' by "Bit Twiddling Hacks"' haszero(v),
// digits by internal::DigitBits.
Features Classify(std::string_view text) {
  constexpr uint64_t kOnes = ~uint64_t{0} / 255;
  constexpr uint64_t kHigh = kOnes * 0x80;
  uint64_t high = 0;
  uint64_t at = 0;
  uint64_t digit = 0;
  size_t pos = 0;
  for (; pos + 8 <= text.size(); pos += 8) {
    uint64_t x = 0;
    std::memcpy(&x, text.data() + pos, 8);
    high |= x;
    const uint64_t v = x ^ (kOnes * '@');
    at |= (v - kOnes) & ~v;
    digit |= internal::DigitBits(x);
  }
  if (pos < text.size() && text.size() >= 8) {
    // The tail as one load of the last eight bytes: bytes seen twice change no flag.
    uint64_t x = 0;
    std::memcpy(&x, text.data() + text.size() - 8, 8);
    high |= x;
    const uint64_t v = x ^ (kOnes * '@');
    at |= (v - kOnes) & ~v;
    digit |= internal::DigitBits(x);
    pos = text.size();
  }
  Features f;
  f.high = (high & kHigh) != 0;
  f.at = (at & kHigh) != 0;
  f.digit = (digit & kHigh) != 0;
  for (; pos < text.size(); ++pos) {
    const auto byte = static_cast<uint8_t>(text[pos]);
    f.high |= byte >= 0x80;
    f.digit |= static_cast<uint8_t>(byte - '0') < 10;
    f.at |= byte == '@';
  }
  return f;
}

// Which passes over a cell can find anything in a column of a given role. Each detector
// rejects the roles it does not serve, so a pass all of whose detectors would reject the role
// is skipped whole: a pension column needs only the numeric pass (and e-mail, which every
// role but kName gets), a mail column only the e-mail pass. The general path (all passes, as
// tests/detect/fast_path_test.cc compares) gives the same findings.
constexpr unsigned kLexicalPass = 1;  // era names, 〒, prefectures
constexpr unsigned kNumberPass = 2;   // numeric tokens
constexpr unsigned kAllPasses = kLexicalPass | kNumberPass;

constexpr unsigned PassesFor(ColumnRole role) {
  switch (role) {
    case ColumnRole::kNone:
    case ColumnRole::kBirthDate:   // era dates, Western dates
    case ColumnRole::kAddress:     // 〒, prefectures, postal codes
    case ColumnRole::kPostalCode:  // 〒, postal codes
      return kAllPasses;
    case ColumnRole::kPensionNumber:
    case ColumnRole::kMyNumber:
    case ColumnRole::kCorporateNumber:
    case ColumnRole::kPhone:
      return kNumberPass;
    case ColumnRole::kName:
    case ColumnRole::kEmail:
    case ColumnRole::kOtherDate:
    case ColumnRole::kOtherNumber:
      return 0;
  }
  return kAllPasses;
}

// The first byte at or after `pos` that is not ASCII, or text.size().
size_t SkipAscii(std::string_view text, size_t pos) {
  constexpr uint64_t kHigh = ~uint64_t{0} / 255 * 0x80;
  const char* data = text.data();
  const size_t size = text.size();
  for (; pos + 8 <= size; pos += 8) {
    uint64_t x = 0;
    std::memcpy(&x, data + pos, 8);
    x &= kHigh;
    if (x != 0) return pos + static_cast<size_t>(std::countr_zero(x) / 8);
  }
  if (pos < size && size >= 8) {  // the tail: the last eight bytes, those before pos masked
    uint64_t x = 0;
    std::memcpy(&x, data + size - 8, 8);
    x &= kHigh & (~uint64_t{0} << (8 * (pos - (size - 8))));
    return x != 0 ? size - 8 + static_cast<size_t>(std::countr_zero(x) / 8) : size;
  }
  while (pos < size && static_cast<uint8_t>(data[pos]) < 0x80) ++pos;
  return pos;
}

// The first ASCII digit at or after `pos`, or text.size(). Per byte exact (DigitBits).
size_t FindDigit(std::string_view text, size_t pos) {
  const char* data = text.data();
  const size_t size = text.size();
  for (; pos + 8 <= size; pos += 8) {
    uint64_t x = 0;
    std::memcpy(&x, data + pos, 8);
    const uint64_t digit = internal::DigitBits(x);
    if (digit != 0) return pos + static_cast<size_t>(std::countr_zero(digit) / 8);
  }
  if (pos < size && size >= 8) {  // the tail: the last eight bytes, those before pos masked
    uint64_t x = 0;
    std::memcpy(&x, data + size - 8, 8);
    const uint64_t digit = internal::DigitBits(x) & (~uint64_t{0} << (8 * (pos - (size - 8))));
    return digit != 0 ? size - 8 + static_cast<size_t>(std::countr_zero(digit) / 8) : size;
  }
  while (pos < size && !internal::IsDigit(data[pos])) ++pos;
  return pos;
}

// One past the last digit of the run starting at `pos`.
size_t DigitRunEnd(std::string_view text, size_t pos) {
  while (pos < text.size() && internal::IsDigit(text[pos])) ++pos;
  return pos;
}

// The lengths a number of one digit group must have for some detector to read it: 4 (a year
// before 年, a group of a spaced My Number), 7 (era date code, postal code), 8 (19700302),
// 10 (pension number, phone), 11 (mobile phone), 12 (My Number), 13 (corporate number).
// A run of any other length that no separator joins to another group is skipped unread: the
// general path (every detector on every token) gives the same findings
// (tests/detect/fast_path_test.cc).
bool IsIdentifierLength(size_t digits) {
  switch (digits) {
    case 4:
    case 7:
    case 8:
    case 10:
    case 11:
    case 12:
    case 13:
      return true;
    default:
      return false;
  }
}

// Whether a separator after a digit run joins it to a next group, by ReadNumberToken's own
// rule: a separator (SeparatorAt), then a digit. "1. " of a numbered line and "20-" of a range
// then leave the run alone.
bool JoinsAnotherGroup(std::string_view text, size_t end) {
  if (end >= text.size()) return false;
  internal::Separator kind = internal::Separator::kHyphen;
  const size_t length = internal::SeparatorAt(text, end, kind);
  return length > 0 && end + length < text.size() && internal::IsDigit(text[end + length]);
}

// A bitmap over c >> 6 for the BMP: true for the 64-code-point blocks that hold 〒, an era
// name's first character or a prefecture suffix. Most kanji and kana miss it.
constexpr std::array<uint64_t, 16> kTriggerBlocks = [] {
  std::array<uint64_t, 16> bits{};
  for (char32_t c : {U'〒', U'明', U'大', U'昭', U'平', U'令', U'都', U'道', U'府', U'県'}) {
    const unsigned block = static_cast<unsigned>(c) >> 6;
    bits[block / 64] |= uint64_t{1} << (block % 64);
  }
  return bits;
}();

constexpr bool InTriggerBlock(unsigned block) {
  return (kTriggerBlocks[block / 64] >> (block % 64) & 1) != 0;
}

// kPassOverPairs[lead | second << 8]: true when a character of three bytes starting with
// these two lies in no trigger's block, so the walk passes over it (as the check after it
// would). One load per kanji or kana instead of the range test and the bitmap's arithmetic.
constexpr auto kPassOverPairs = [] {
  std::array<bool, 0x10000> pass{};
  for (unsigned lead = 0xE0; lead < 0xF0; ++lead) {
    for (unsigned second = 0; second < 0x100; ++second) {
      pass[lead | second << 8] = !InTriggerBlock((lead & 0x0Fu) << 6 | (second & 0x3Fu));
    }
  }
  return pass;
}();

// The first two bytes at `pos` as kPassOverPairs indexes them. REQUIRES: pos + 2 <= size.
unsigned PairAt(std::string_view text, size_t pos) {
  return static_cast<unsigned>(static_cast<uint8_t>(text[pos])) |
         static_cast<unsigned>(static_cast<uint8_t>(text[pos + 1])) << 8;
}

bool MayBeTrigger(char32_t c) {
  return c < 0x10000 && InTriggerBlock(static_cast<unsigned>(c) >> 6);
}

}  // namespace

struct DetectorSet::Impl {
  ~Impl() {
    if (database != nullptr) hs_free_database(database);
  }

  // The Hyperscan database of surnames, name labels and the lexical pass's triggers, compiled
  // on first use: compiling ~3,000 literals costs ~240 M instructions (60 ms), which a scan of
  // tables alone never needs, and a scan that does pays it on one worker while the others go
  // on. Returns nullptr when the compile failed (out of memory): running text is then searched
  // without the dictionary, and its triggers found by the walk, as when a scratch cannot be
  // allocated.
  const hs_database_t* Database() const {
    std::call_once(compiled, [this] { Compile(); });
    return database;
  }
  void Compile() const;

  internal::SurnameDictionary surnames;
  mutable std::once_flag compiled;
  mutable hs_database_t* database = nullptr;  // surnames, labels, triggers: running text
  std::vector<uint32_t> pattern_length;
  uint32_t first_label = 0;                // pattern ids from here on are name labels
  uint32_t first_trigger = 0;              // and from here on the lexical pass's triggers
  std::vector<TriggerKind> trigger_kinds;  // by pattern id - first_trigger
  std::vector<std::string_view> triggers;  // the same order

  void ScanCell(const Context& context, ScratchImpl& scratch, Findings& out) const;
  void ScanPatterns(const Context& context, unsigned passes, ScratchImpl& scratch,
                    Findings& out) const;
  void ScanRunningNames(const Context& context, ScratchImpl& scratch, Sink& sink) const;
  bool MatchLiterals(const Context& context, ScratchImpl& scratch) const;
  void NamesFromMatches(const Context& context, ScratchImpl& scratch, Sink& sink) const;
  static void LexicalFromTriggers(const Context& context, ScratchImpl& scratch, Sink& sink);
};

Result<DetectorSet> DetectorSet::Build(const DetectorOptions& options) {
  auto impl = std::make_unique<Impl>();
  Result<internal::SurnameDictionary> surnames =
      internal::SurnameDictionary::Load(options.surname_dictionary_path);
  if (!surnames) return tl::unexpected(surnames.error());
  impl->surnames = std::move(*surnames);
  for (const std::string& surname : impl->surnames.entries()) {
    impl->pattern_length.push_back(static_cast<uint32_t>(surname.size()));
  }
  impl->first_label = static_cast<uint32_t>(impl->pattern_length.size());
  for (std::string_view label : kNameLabels) {
    impl->pattern_length.push_back(static_cast<uint32_t>(label.size()));
  }
  impl->first_trigger = static_cast<uint32_t>(impl->pattern_length.size());
  const auto add_trigger = [&impl](std::string_view literal, TriggerKind kind) {
    impl->triggers.push_back(literal);
    impl->trigger_kinds.push_back(kind);
    impl->pattern_length.push_back(static_cast<uint32_t>(literal.size()));
  };
  for (std::string_view era : internal::EraNames()) add_trigger(era, TriggerKind::kEra);
  for (std::string_view name : internal::PrefectureNames()) {
    add_trigger(name, TriggerKind::kPrefecture);
  }
  add_trigger("〒", TriggerKind::kPostalMark);
  return DetectorSet(std::move(impl));
}

void DetectorSet::Impl::Compile() const {
  // Same order as pattern_length, which Build filled: surnames, the name labels, the triggers.
  std::vector<const char*> expressions;
  for (const std::string& surname : surnames.entries()) expressions.push_back(surname.data());
  for (std::string_view label : kNameLabels) expressions.push_back(label.data());
  for (std::string_view trigger : triggers) expressions.push_back(trigger.data());
  const std::vector<size_t> lengths(pattern_length.begin(), pattern_length.end());
  std::vector<unsigned> flags(expressions.size(), 0);
  std::vector<unsigned> ids(expressions.size());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<unsigned>(i);
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr,
                           &database, &error) != HS_SUCCESS) {
    database = nullptr;
    hs_free_compile_error(error);
  }
}

DetectorSet::DetectorSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DetectorSet::DetectorSet(DetectorSet&&) noexcept = default;
DetectorSet& DetectorSet::operator=(DetectorSet&&) noexcept = default;
DetectorSet::~DetectorSet() = default;

std::unique_ptr<Scratch> DetectorSet::NewScratch() const {
  // The Hyperscan scratch comes with the database, on the first line of running text.
  return std::make_unique<ScratchImpl>();
}

PartEvidence DetectorSet::BeginPart(std::span<const std::string> headers, bool tabular) const {
  PartEvidence part;
  part.tabular = tabular;
  part.has_headers = !headers.empty();
  part.roles.reserve(headers.size());
  for (const std::string& header : headers) part.roles.push_back(internal::RoleFromHeader(header));
  return part;
}

void DetectorSet::Scan(const PartEvidence& part, std::span<const CellText> cells,
                       std::string_view preceding_text, Scratch& scratch,
                       std::vector<Finding>& out) const {
  Findings findings;
  Scan(part, cells, preceding_text, scratch, findings);
  out.insert(out.end(), findings.begin(), findings.end());
}

void DetectorSet::Scan(const PartEvidence& part, std::span<const CellText> cells,
                       std::string_view preceding_text, Scratch& scratch, Findings& out) const {
  auto& local = static_cast<ScratchImpl&>(scratch);
  for (size_t i = 0; i < cells.size(); ++i) {
    Context context;
    context.text = cells[i].text;
    context.column = cells[i].column;
    context.tabular = part.tabular;
    context.headed = part.tabular && part.has_headers;
    context.role = part.tabular ? part.RoleOf(cells[i].column) : ColumnRole::kNone;
    if (!part.tabular) {
      context.before = i == 0 ? preceding_text : cells[i - 1].text;
    } else if (i > 0 && cells[i - 1].text.size() <= kLabelCellBytes) {
      context.before = cells[i - 1].text;
    }
    impl_->ScanCell(context, local, out);
  }
}

namespace {

// A cell that is one value of its column's kind and nothing else (most cells of a pension list)
// is read whole by its detector; false for any other cell, which the passes then read.
bool ReadWholeCell(const Context& context, Findings& out) {
  Sink sink(out);
  switch (context.role) {
    case ColumnRole::kPensionNumber:
      return internal::DetectPensionCell(context, sink);
    case ColumnRole::kMyNumber:
      return internal::DetectMyNumberCell(context, sink);
    case ColumnRole::kBirthDate:
      return internal::DetectBirthDateCell(context, sink);
    case ColumnRole::kPhone:
      return internal::DetectPhoneCell(context, sink);
    case ColumnRole::kPostalCode:
      return internal::DetectPostalCodeCell(context, sink);
    case ColumnRole::kAddress:
      return internal::DetectAddressCell(context, sink);
    default:
      return false;
  }
}

}  // namespace

// The cheap cases first, apart from the pattern passes: a name column's cell (a third of a
// personal table's cells) then never pays for their large frame. Forced inline into Scan's
// loop, where GCC left a call per cell: its frame and call were 2.7% of a CSV scan.
[[gnu::always_inline]] inline void DetectorSet::Impl::ScanCell(const Context& context,
                                                               ScratchImpl& scratch,
                                                               Findings& out) const {
  const std::string_view text = context.text;
  if (text.empty()) return;
  const ColumnRole role = context.role;
  if (role == ColumnRole::kName) {
    Sink sink(out);
    internal::DetectNameByHeader(context, sink);
    return;
  }
  if (!scratch.all_passes_ && ReadWholeCell(context, out)) return;
  const unsigned passes = scratch.all_passes_ ? kAllPasses : PassesFor(role);
  if (passes == 0) {  // e-mail only: a mail column, or one of numbers or dates that are not ids
    Sink sink(out);
    for (size_t pos = text.find('@'); pos != std::string_view::npos;) {
      pos = text.find('@', internal::DetectEmail(context, pos, sink));
    }
    return;
  }
  ScanPatterns(context, passes, scratch, out);
}

void DetectorSet::Impl::ScanPatterns(const Context& context, unsigned passes, ScratchImpl& scratch,
                                     Findings& out) const {
  const std::string_view text = context.text;
  const ColumnRole role = context.role;
  const Features features = Classify(text);
  if (!features.digit && !features.at && !features.high) return;
  Sink sink(out);
  const size_t found_before = out.size();
  // Running text is searched for surnames by Hyperscan anyway: the same search finds what the
  // lexical pass looks for, instead of a walk over every character.
  const bool running_text = role == ColumnRole::kNone && features.high &&
                            !(context.tabular && text.size() <= kShortCellBytes);
  const bool matched = running_text && !scratch.all_passes_ && MatchLiterals(context, scratch);
  if (matched && (passes & kLexicalPass) != 0) {
    LexicalFromTriggers(context, scratch, sink);
  } else if (features.high && (passes & kLexicalPass) != 0) {
    // Era names, 〒 and prefecture suffixes, looked for only at non-ASCII characters, and only
    // decoded in full where the character's top bits say it may be one of them.
    size_t pos = SkipAscii(text, 0);
    // Below this, a character's first two bytes and a third are in the cell.
    const size_t pair_end = text.size() >= 3 ? text.size() - 2 : 0;
    while (pos < text.size()) {
      // Three-byte characters (what DecodeAt reads) in no trigger's block.
      while (pos < pair_end && kPassOverPairs[PairAt(text, pos)]) pos += 3;
      if (pos >= text.size()) break;
      const auto lead = static_cast<uint8_t>(text[pos]);
      if (lead < 0x80) {
        pos = SkipAscii(text, pos);
        continue;
      }
      size_t length = 0;
      const char32_t c = internal::DecodeAt(text, pos, length);
      if (MayBeTrigger(c)) {
        switch (c) {
          case U'〒':
            pos = std::max(pos + length, internal::DetectPostalMark(context, pos, sink));
            continue;
          case U'明':
          case U'大':
          case U'昭':
          case U'平':
          case U'令':
            pos = std::max(pos + length, internal::DetectEraDate(context, pos, sink));
            continue;
          case U'都':
          case U'道':
          case U'府':
          case U'県':
            internal::DetectPrefectureAddress(context, pos, sink);
            break;
          default:
            break;
        }
      }
      pos += length;
    }
  }
  if (features.digit && (passes & kNumberPass) != 0) {
    size_t pos = FindDigit(text, 0);
    while (pos < text.size()) {
      if (sink.Consumed(pos)) {  // inside a date or postal code already read
        pos = FindDigit(text, internal::NumberTokenEnd(text, pos));
        continue;
      }
      if (!scratch.all_passes_) {
        const size_t run_end = DigitRunEnd(text, pos);
        if (!IsIdentifierLength(run_end - pos) && !JoinsAnotherGroup(text, run_end)) {
          pos = FindDigit(text, run_end);  // "7" of 7丁目, "20" of 20番: nothing reads these
          continue;
        }
      }
      const NumberToken token = internal::ReadNumberToken(text, pos);
      pos = token.end;
      const size_t spaced = internal::DetectSpacedMyNumber(context, token, sink);
      if (spaced != 0) {
        pos = FindDigit(text, spaced);
        continue;
      }
      // The order matters: a phone number is claimed before the pension detector sees it.
      (void)(internal::DetectDateToken(context, token, sink) ||
             internal::DetectPhone(context, token, sink) ||
             internal::DetectPension(context, token, sink) ||
             internal::DetectMyNumber(context, token, sink) ||
             internal::DetectCorporateNumber(context, token, sink) ||
             internal::DetectPostalCode(context, token, sink));
      pos = FindDigit(text, pos);
    }
  }
  if (role == ColumnRole::kAddress) {
    const bool found =
        std::any_of(out.begin() + static_cast<std::ptrdiff_t>(found_before), out.end(),
                    [](const Finding& f) { return f.item == Item::kAddress; });
    if (!found) internal::DetectAddressByHeader(context, sink);
  }
  if (features.at) {
    size_t pos = text.find('@');
    while (pos != std::string_view::npos) {
      pos = text.find('@', internal::DetectEmail(context, pos, sink));
    }
  }
  if (role == ColumnRole::kNone && features.high) {
    if (context.tabular && text.size() <= kShortCellBytes) {
      // A short cell is a name only by the dictionary, a candidate, which a table's header row
      // outweighs: under a header that names nothing personal it never counts (record/tally.h).
      if (!context.headed) internal::DetectNameCell(context, surnames, sink);
    } else if (matched) {
      NamesFromMatches(context, scratch, sink);
    } else {
      ScanRunningNames(context, scratch, sink);
    }
  }
}

void DetectorSet::Impl::ScanRunningNames(const Context& context, ScratchImpl& scratch,
                                         Sink& sink) const {
  if (MatchLiterals(context, scratch)) NamesFromMatches(context, scratch, sink);
}

// Surnames, name labels and triggers in `context.text`, into the scratch's lists; false when
// there is no database or scratch to search with (running text is then read without them).
bool DetectorSet::Impl::MatchLiterals(const Context& context, ScratchImpl& scratch) const {
  const std::string_view text = context.text;
  if (text.size() > UINT32_MAX) return false;
  if (scratch.hs_scratch_ == nullptr) {
    const hs_database_t* names = Database();
    // Allocation fails only when out of memory; the dictionary is then skipped, not a crash.
    if (names == nullptr || scratch.scratch_failed_ ||
        hs_alloc_scratch(names, &scratch.hs_scratch_) != HS_SUCCESS) {
      scratch.scratch_failed_ = true;
      return false;
    }
  }
  scratch.matches_.clear();
  scratch.triggers_.clear();
  struct Target {
    const Impl* impl;
    ScratchImpl* scratch;
  } target{this, &scratch};
  const auto on_match = [](unsigned id, unsigned long long /*from*/, unsigned long long to,
                           unsigned /*flags*/, void* user) -> int {
    auto* t = static_cast<Target*>(user);
    const uint32_t length = t->impl->pattern_length[id];
    const auto end = static_cast<uint32_t>(to);
    if (id >= t->impl->first_trigger) {
      const TriggerKind kind = t->impl->trigger_kinds[id - t->impl->first_trigger];
      // The pass stops at an era name's first character, and at a prefecture's suffix.
      const uint32_t pos = kind == TriggerKind::kPrefecture ? end - 3 : end - length;
      t->scratch->triggers_.push_back(TriggerMatch{pos, kind});
      return 0;
    }
    t->scratch->matches_.push_back(TextMatch{end - length, length, id >= t->impl->first_label});
    return 0;
  };
  return hs_scan(Database(), text.data(), static_cast<unsigned>(text.size()), 0,
                 scratch.hs_scratch_, on_match, &target) == HS_SUCCESS;
}

// The lexical pass from the triggers found, in the order the walk over the characters would
// meet them. No trigger lies inside a date or postal code one of them reads (those hold only
// digits, spaces, 元, 年, 月, 日 and separators), so none is skipped as the walk skips them.
void DetectorSet::Impl::LexicalFromTriggers(const Context& context, ScratchImpl& scratch,
                                            Sink& sink) {
  auto& triggers = scratch.triggers_;
  // Matches come by their end; the walk meets them by where it stops.
  std::sort(triggers.begin(), triggers.end(),
            [](const TriggerMatch& a, const TriggerMatch& b) { return a.pos < b.pos; });
  for (const TriggerMatch& trigger : triggers) {
    switch (trigger.kind) {
      case TriggerKind::kPostalMark:
        internal::DetectPostalMark(context, trigger.pos, sink);
        break;
      case TriggerKind::kEra:
        internal::DetectEraDate(context, trigger.pos, sink);
        break;
      case TriggerKind::kPrefecture:
        internal::DetectPrefectureAddress(context, trigger.pos, sink);
        break;
    }
  }
}

void DetectorSet::Impl::NamesFromMatches(const Context& context, ScratchImpl& scratch,
                                         Sink& sink) const {
  // Longest surname first at each position; a name read ends the matches inside it.
  std::sort(scratch.matches_.begin(), scratch.matches_.end(),
            [](const TextMatch& a, const TextMatch& b) {
              return a.begin != b.begin ? a.begin < b.begin : a.length > b.length;
            });
  size_t done = 0;
  for (const TextMatch& match : scratch.matches_) {
    if (match.begin < done) continue;
    const size_t end = match.label
                           ? internal::DetectLabelledName(context, match.begin + match.length, sink)
                           : internal::DetectNameInText(context, match.begin, match.length, sink);
    if (end > match.begin + (match.label ? match.length : 0)) done = end;
  }
}

namespace internal {

void SetAllPassesForTesting(Scratch& scratch, bool all_passes) {
  static_cast<ScratchImpl&>(scratch).all_passes_ = all_passes;
}

}  // namespace internal
}  // namespace mamori::detect
