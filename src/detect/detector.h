// The detect module finds personal data in normalised (NFKC, UTF-8) text. It is ripgrep's
// matcher split in two: one shared prefilter pass over all patterns (Hyperscan), then
// exact confirmation per item (check digits, era ranges, calendar validity, header and
// keyword evidence). The prefilter may over-report; confirmation rejects. Detect never
// sees the read module: the scan module hands it cells as CellText.
//
//   Result<DetectorSet> detectors = DetectorSet::Build();
//   auto scratch = detectors->NewScratch();                 // one per thread
//   PartEvidence part = detectors->BeginPart(headers, /*tabular=*/true);
//   std::vector<Finding> findings;
//   detectors->Scan(part, cells, /*preceding_text=*/"", *scratch, findings);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/item.h"
#include "base/status.h"
#include "base/text_cell.h"

namespace mamori::detect {

using CellText = TextCell;  // UTF-8, NFKC

// What a column's header says its cells hold. kNone: no header, or a header that names
// nothing personal; such a column still gets pattern matching, with weaker confidence.
enum class ColumnRole : uint8_t {
  kNone,
  kPensionNumber,  // 基礎年金番号, 年金番号, 基年番号
  kMyNumber,       // 個人番号, マイナンバー
  kCorporateNumber,
  kName,        // 氏名, 名前, 氏名カナ, フリガナ, name
  kBirthDate,   // 生年月日, 誕生日, birth
  kAddress,     // 住所, 所在地, address
  kPostalCode,  // 郵便番号, 〒
  kPhone,       // 電話, TEL
  kEmail,       // メール, e-mail
  kOtherDate,   // 受付日, 作成日, 日付: a date that is not a birth date
  kOtherNumber,  // 注文番号, 伝票番号, 商品コード, 受付番号: numbers that are not identifiers
};

// Per part (sheet, CSV, text): the role of each column from its header. Immutable; built by
// DetectorSet::BeginPart and passed back to Scan for every record of the part.
struct PartEvidence {
  bool tabular = false;
  bool has_headers = false;
  std::vector<ColumnRole> roles;  // by column; columns past the end have kNone
  ColumnRole RoleOf(uint32_t column) const {
    return column < roles.size() ? roles[column] : ColumnRole::kNone;
  }
};

// Why a finding was accepted, strongest first.
enum class Basis : uint8_t {
  kHeader,      // the column header names the item
  kKeyword,     // a keyword within 300 characters before the value (or in the same cell)
  kChecksum,    // a check digit validated, nothing else
  kPattern,     // the shape alone (1234-567890, 〒123-4567, an e-mail address, a name's shape)
  kDictionary,  // a surname from the dictionary, nothing else
};

struct Finding {
  Item item;
  Confidence confidence;
  Basis basis;
  uint32_t column = 0;
  // The value in a canonical form, used only for the keyed hash and for Mask():
  // pension "1234567890", My Number "123456789012", birth date "1970-03-02" (ISO),
  // name with spaces folded to one ASCII space, phone digits, e-mail lower-case.
  // Never printed, logged or stored in clear.
  std::string value;
  // For birth dates found without evidence (kLow): the date may still be promoted by the
  // tally when its column looks like birth dates. Year is kept for that test.
  int year = 0;
  // kLow findings are candidates: they count only when the record or column context
  // confirms them (see record/tally.h).
  bool candidate() const { return confidence == Confidence::kLow; }
};

// The findings of one record, for a caller that scans record after record: Clear() keeps
// every finding's storage, so the next record's values (an address, a kana name: past the 15
// bytes a string holds in place) are written into it instead of allocated and freed again.
class Findings {
 public:
  // A finding to fill in; its value keeps the storage of an earlier one.
  Finding& Add() {
    if (size_ == slots_.size()) slots_.emplace_back();
    return slots_[size_++];
  }
  void Clear() { size_ = 0; }
  size_t size() const { return size_; }
  const Finding* begin() const { return slots_.data(); }
  const Finding* end() const { return slots_.data() + size_; }
  std::span<const Finding> view() const { return {slots_.data(), size_}; }

 private:
  std::vector<Finding> slots_;
  size_t size_ = 0;
};

// Per-thread scratch space (Hyperscan scratch, buffers). Not thread-safe; one per worker.
class Scratch {
 public:
  virtual ~Scratch() = default;
};

struct DetectorOptions {
  // Empty: the built-in surname dictionary. Otherwise one surname per line, UTF-8.
  std::string surname_dictionary_path;
};

// Immutable after Build(); shared by all threads.
class DetectorSet {
 public:
  static Result<DetectorSet> Build(const DetectorOptions& options = {});
  DetectorSet(DetectorSet&&) noexcept;
  DetectorSet& operator=(DetectorSet&&) noexcept;
  ~DetectorSet();

  std::unique_ptr<Scratch> NewScratch() const;

  // Reads the header row (NFKC text; empty when there is none) into column roles.
  PartEvidence BeginPart(std::span<const std::string> headers, bool tabular) const;

  // Appends to `out` every finding in one record. `preceding_text` is up to 300 characters
  // of the part's text just before this record (text parts only), for keyword proximity.
  // A candidate the tally could never count is not looked for (record/tally.h): a dictionary
  // name in a short cell under a header that names nothing personal.
  // REQUIRES: `scratch` came from this set's NewScratch().
  void Scan(const PartEvidence& part, std::span<const CellText> cells,
            std::string_view preceding_text, Scratch& scratch, Findings& out) const;
  // The same, appending copies to a vector (tests, one-off callers).
  void Scan(const PartEvidence& part, std::span<const CellText> cells,
            std::string_view preceding_text, Scratch& scratch, std::vector<Finding>& out) const;

  struct Impl;

 private:
  explicit DetectorSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Check-digit rules, exposed for tests and the corpus generator's oracle.
// REQUIRES: `digits` holds exactly 12 (My Number) or 13 (corporate) ASCII digits.
bool IsValidMyNumber(std::string_view digits);
bool IsValidCorporateNumber(std::string_view digits);

}  // namespace mamori::detect
