// The detectors, one per item, each in its own .cc. DetectorSet (detector_set.cc) finds the
// triggers (numeric tokens, '@', era names, prefecture names, 〒, surnames) and hands each to
// the detectors below, which confirm it (shape, check digit, calendar, header and keyword
// evidence) and add at most one finding per trigger.
//
// Numeric detectors return true when they *claim* a token: it has their shape, so no later
// detector may read it as something else, whether or not a finding was added (a phone
// number without evidence is claimed by the phone detector, so it can never become a pension
// number). DetectorSet asks them in a fixed order: date, phone, pension number, My Number,
// corporate number, postal code.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "detect/internal/context.h"

namespace mamori::detect::internal {

// column_roles.cc
ColumnRole RoleFromHeader(std::string_view header);

// detector_set.cc
// Makes Scan with `scratch` run every pass on every cell (the general path) instead of only
// the passes a column's role can use. For tests that compare the two.
void SetAllPassesForTesting(Scratch& scratch, bool all_passes);

// birth_date.cc
bool DetectDateToken(const Context& context, const NumberToken& token, Sink& sink);
// At an era name (明治 … 令和) starting at byte `pos`; returns the end of the date read, or
// `pos` when there is none.
size_t DetectEraDate(const Context& context, size_t pos, Sink& sink);
// The five era names, 明治 to 令和: DetectEraDate reads a date only where one begins.
std::span<const std::string_view> EraNames();
// A cell that is one date and nothing else in a 生年月日 column (昭和45年3月2日, 平成2.5.1,
// 1970/3/2, 1970-03-02): nearly every cell of one, read whole instead of through the
// lexical and token scans. Returns false, having added nothing, for any other cell; those
// scans then read it and find what this would have. REQUIRES: context.role == kBirthDate.
bool DetectBirthDateCell(const Context& context, Sink& sink);
// The Gregorian date of era `era` (0 明治 … 4 令和) year `year` (1 = 元年), or nullopt when the
// date is not a day of that era.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
};
std::optional<Date> EraToGregorian(int era, int year, int month, int day);
bool IsValidGregorian(int year, int month, int day);
int CurrentYear();

// phone.cc
bool DetectPhone(const Context& context, const NumberToken& token, Sink& sink);
// A cell that is one 0-leading number of 10 or 11 digits in one to three groups joined by '-'
// (090-1234-5678, 0312345678) in a 電話 column: nearly every cell of one, read whole instead
// of through the token scan, which would find the same phone number in it. Returns false,
// having added nothing, for any other cell. REQUIRES: context.role == kPhone.
bool DetectPhoneCell(const Context& context, Sink& sink);

// pension.cc
bool DetectPension(const Context& context, const NumberToken& token, Sink& sink);
// A cell that is one pension number and nothing else (NNNN-NNNNNN or ten digits), in a
// 年金番号 column: nearly every cell of one, read whole instead of through the token scan.
// Returns false, having added nothing, for any other cell; the token scan then reads it and
// finds what this would have. REQUIRES: context.role == kPensionNumber.
bool DetectPensionCell(const Context& context, Sink& sink);

// my_number.cc
bool DetectMyNumber(const Context& context, const NumberToken& token, Sink& sink);
// The same for a 個人番号 column: a cell of twelve digits or 4-4-4 with hyphens is read whole,
// and yields a finding when its check digit holds. REQUIRES: context.role == kMyNumber.
bool DetectMyNumberCell(const Context& context, Sink& sink);
// "1234 5678 9012": three 4-digit tokens separated by single spaces, starting at `token`.
// Returns the end of the number when one was found, else 0.
size_t DetectSpacedMyNumber(const Context& context, const NumberToken& token, Sink& sink);

// corporate_number.cc
bool DetectCorporateNumber(const Context& context, const NumberToken& token, Sink& sink);

// address.cc
bool DetectPostalCode(const Context& context, const NumberToken& token, Sink& sink);
// A cell that is one postal code and nothing else (NNN-NNNN or NNNNNNN) in a 郵便番号 column:
// nearly every cell of one, read whole instead of through the token scan, which would find the
// same code in it. Returns false, having added nothing, for any other cell.
// REQUIRES: context.role == kPostalCode.
bool DetectPostalCodeCell(const Context& context, Sink& sink);
// At 〒 (byte `pos`); returns the end of the postal code, or `pos`.
size_t DetectPostalMark(const Context& context, size_t pos, Sink& sink);
// The 47 prefecture names, each ending in its suffix: DetectPrefectureAddress reads an address
// only where one ends.
std::span<const std::string_view> PrefectureNames();
// At a prefecture suffix 都/道/府/県 whose character starts at byte `pos`.
void DetectPrefectureAddress(const Context& context, size_t pos, Sink& sink);
// A cell of an address column that begins with a prefecture and a municipality and holds
// nothing else a detector reads (東京都千代田区霞が関1-2-3, 大阪府堺市堺区南瓦町14番地): the
// address is added as the passes would add it, without them. Returns false, having added
// nothing, for any other cell. REQUIRES: context.role == kAddress.
bool DetectAddressCell(const Context& context, Sink& sink);
// A cell of an address column without a prefecture ("新宿区西新宿2-8-1").
void DetectAddressByHeader(const Context& context, Sink& sink);

// email.cc
// At '@' (byte `pos`); returns the end of the address, or pos + 1.
size_t DetectEmail(const Context& context, size_t pos, Sink& sink);

// name.cc
// The surnames the name detector knows, with an open-addressing table for lookups at a cell's
// start and the list the Hyperscan database is compiled from. Immutable after Load; movable,
// not copyable (the table views the entries' storage).
class SurnameDictionary {
 public:
  // Built-in list (surnames.inc), or one surname per line from `path` (UTF-8; an optional
  // tab and reading follows; '#' starts a comment line) when `path` is not empty.
  static Result<SurnameDictionary> Load(const std::string& path);

  SurnameDictionary() = default;
  SurnameDictionary(SurnameDictionary&&) noexcept = default;
  SurnameDictionary& operator=(SurnameDictionary&&) noexcept = default;
  SurnameDictionary(const SurnameDictionary&) = delete;
  SurnameDictionary& operator=(const SurnameDictionary&) = delete;

  bool Contains(std::string_view surname) const;
  // Bit n set when a surname starting with `c` is n bytes long (surnames are < 32 bytes);
  // 0 when none starts with `c`.
  uint32_t ByteLengthsFrom(char32_t c) const;
  const std::vector<std::string>& entries() const { return entries_; }

 private:
  // Adds `surname` and its spelling variants (髙 for 高, 﨑 for 崎, 邊/邉 for 辺, hiragana
  // for katakana).
  void Add(std::string_view surname);
  void AddOne(std::string surname);
  void Rehash();

  std::vector<std::string> entries_;
  std::unordered_set<std::string> seen_;     // while loading, to drop duplicates
  std::vector<std::string_view> table_;      // open addressing over entries_
  std::vector<uint32_t> byte_lengths_;       // ByteLengthsFrom, over the BMP
  uint32_t supplementary_byte_lengths_ = 0;  // of all surnames starting beyond the BMP
};

// A whole cell of a name column (header evidence).
void DetectNameByHeader(const Context& context, Sink& sink);
// A headerless or unnamed column's cell: a dictionary surname at the start followed by a
// given name, and nothing else (Basis::kDictionary); else a cell of a name's shape, kanji and
// kana of one or two parts (Basis::kPattern), which counts only in a column the dictionary's
// names promoted (record/tally.h).
void DetectNameCell(const Context& context, const SurnameDictionary& surnames, Sink& sink);
// In running text: surname of `length` bytes at byte `pos` (found by the prefilter). Returns
// the end of the name read, or `pos`.
size_t DetectNameInText(const Context& context, size_t pos, size_t length, Sink& sink);
// In running text: a label (氏名, 名前) ending at byte `pos`, followed by a name.
size_t DetectLabelledName(const Context& context, size_t pos, Sink& sink);

}  // namespace mamori::detect::internal
