// The record module turns per-record findings into the numbers the 2015 report used:
// records holding personal data, distinct people, items per record, and the "4 items" /
// "3 items" / "2 items" categories. People are counted through keyed hashes, never values.
//
//   record::Tally tally(hasher, {});
//   tally.BeginPart(part_evidence);
//   for (each record) tally.AddRecord(findings);
//   tally.EndPart();
//   record::FileTally result = tally.Finish();
//
// Rules (issue 3):
// - A record holds personal data when it identifies a person: a pension number, a My
//   Number, or a name. Phone, e-mail or a date alone do not make a record personal.
// - Candidates (Confidence::kLow) count only with context: in a table without a header
//   row (never in one with headers), a column is promoted when the first `column_window` records
//   show it to be a name column (most cells dictionary names; then its names read by their
//   shape alone count too) or a birth-date column (dates in records that identify people,
//   whose distinct values spread over plausible birth years: twenty years for twenty dates or
//   more, ten for five to nineteen, and fewer need only be adults'); in text, a dictionary
//   name counts only on a line that also holds another confirmed item.
// - A person is identified by pension number, else My Number, else name + birth date,
//   else name alone.
// - Categories are exclusive: "4" number+name+birth date+address, "3" number+name+birth
//   date without address, "2" number+name without birth date; number = pension number or
//   My Number.
//
// Not thread-safe: one Tally per file being read. Memory is bounded by
// TallyOptions::column_window records and max_exact_people keys; past that, people are
// estimated (HyperLogLog) and FileTally::people_exact is false.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/item.h"
#include "base/keyed_hash.h"
#include "base/mask.h"
#include "detect/detector.h"

namespace mamori::record {

struct TallyOptions {
  size_t column_window = 256;
  size_t samples_per_item = 2;
  size_t max_exact_people = 2'000'000;
  bool show_values = false;  // samples in clear (--show-values)
};

struct FileTally {
  uint64_t records_read = 0;  // data records seen (header rows excluded)
  uint64_t records = 0;       // records holding personal data
  uint64_t people = 0;
  bool people_exact = true;
  std::array<uint64_t, kItemCount> items{};  // records containing each item, by Item
  uint64_t category4 = 0;
  uint64_t category3 = 0;
  uint64_t category2 = 0;
  std::vector<MaskedValue> samples;
  Confidence confidence = Confidence::kLow;  // strongest basis among counted findings
  uint64_t ItemCount(Item item) const { return items[static_cast<size_t>(item)]; }
  bool has_personal_data() const { return records > 0; }
};

class Tally {
 public:
  // REQUIRES: `hasher` outlives the Tally.
  Tally(const KeyedHasher& hasher, const TallyOptions& options);
  ~Tally();
  Tally(const Tally&) = delete;
  Tally& operator=(const Tally&) = delete;

  void BeginPart(const detect::PartEvidence& part);
  // Findings of one record (any order; several per column allowed).
  void AddRecord(std::span<const detect::Finding> findings);
  void EndPart();
  // REQUIRES: no part is open. Resets the tally for the next file.
  FileTally Finish();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace mamori::record
