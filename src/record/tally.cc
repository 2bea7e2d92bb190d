#include "record/tally.h"

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <ctime>
#include <string_view>
#include <unordered_map>

#include "record/people_counter.h"

namespace mamori::record {
namespace {

using detect::Finding;

bool Identifies(Item item) {
  return item == Item::kPensionNumber || item == Item::kMyNumber || item == Item::kName;
}

int CurrentYear() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  return parts.tm_year + 1900;
}

// What the first records of a table say about its columns (see tally.h).
struct ColumnEvidence {
  size_t name_candidates = 0;
  size_t my_number_candidates = 0;
  size_t dated_rows = 0;  // records that identify someone and hold a date here
  // Their distinct dates, by value, with the year of each: a person listed twice shows no
  // more spread than once.
  std::unordered_map<std::string_view, int> birth_dates;
};

struct Promotions {
  std::vector<bool> name;
  std::vector<bool> my_number;
  std::vector<bool> birth_date;
  static bool At(const std::vector<bool>& flags, uint32_t column) {
    return column < flags.size() && flags[column];
  }
};

// Whether a headerless column's dates, one year per distinct date, are people's birth years:
// spread over decades, where dates of events (受付日, 処理日) fall within a few years. A
// few people's birth years spread less: six people born within eighteen years is no rarity
// (labelled corpus of seed 36), five within ten is.
bool LooksLikeBirthYears(std::vector<int> years, int current_year) {
  if (years.empty()) return false;
  std::sort(years.begin(), years.end());
  const int oldest = years.front();
  const int youngest = years.back();
  if (oldest < 1900 || years[years.size() / 2] > current_year - 15) return false;
  if (years.size() >= 20) return youngest - oldest >= 20;
  if (years.size() >= 5) return youngest - oldest >= 10;
  // Too few rows to see a spread (two people born three years apart are as likely as not to
  // be the whole table): accept only clearly adult birth years.
  return youngest <= current_year - 18;
}

}  // namespace

struct Tally::Impl {
  Impl(const KeyedHasher& hasher_in, const TallyOptions& options_in)
      : hasher(hasher_in),
        options(options_in),
        people(options_in.max_exact_people),
        current_year(CurrentYear()) {}

  const KeyedHasher& hasher;
  TallyOptions options;
  FileTally tally;
  PeopleCounter people;
  int current_year;
  std::array<size_t, kItemCount> samples_taken{};

  detect::PartEvidence part;
  bool windowing = false;
  std::vector<std::vector<Finding>> window;
  Promotions promotions;

  // Findings that count for one record, after context rules.
  std::vector<const Finding*> counted;
  std::string identity;  // reused: name + birth date, joined for the keyed hash

  void BeginPart(const detect::PartEvidence& evidence) {
    part = evidence;
    // Only a table without a header row needs its columns judged from their values: a
    // header that names nothing personal (担当者, 資格取得年月日) is evidence against.
    windowing = evidence.tabular && !evidence.has_headers;
    window.clear();
    promotions = Promotions();
  }

  void AddRecord(std::span<const Finding> findings) {
    ++tally.records_read;
    if (windowing) {
      window.emplace_back(findings.begin(), findings.end());
      if (window.size() >= options.column_window) FlushWindow();
      return;
    }
    Count(findings);
  }

  void EndPart() {
    if (windowing) FlushWindow();
  }

  void FlushWindow() {
    DecidePromotions();
    windowing = false;
    for (const auto& findings : window) Count(findings);
    window.clear();
    window.shrink_to_fit();
  }

  bool HasConfirmedIdentity(const std::vector<Finding>& findings) const {
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding& f) { return !f.candidate() && Identifies(f.item); });
  }

  void DecidePromotions() {
    std::unordered_map<uint32_t, ColumnEvidence> columns;
    uint32_t max_column = 0;
    const size_t rows = window.size();
    // Names first: a record identified only by a promoted name column still counts as
    // identifying when its date column is judged.
    for (const auto& findings : window) {
      for (const Finding& f : findings) {
        max_column = std::max(max_column, f.column);
        if (!f.candidate()) continue;
        // Only dictionary names vote: a name's shape alone is what many words have.
        if (f.item == Item::kName && f.basis == detect::Basis::kDictionary) {
          ++columns[f.column].name_candidates;
        }
        if (f.item == Item::kMyNumber) ++columns[f.column].my_number_candidates;
      }
    }
    promotions.name.assign(max_column + 1, false);
    promotions.my_number.assign(max_column + 1, false);
    promotions.birth_date.assign(max_column + 1, false);
    const auto most = [rows](size_t hits) { return hits > 0 && hits * 10 >= rows * 6; };
    for (const auto& [column, evidence] : columns) {
      promotions.name[column] = most(evidence.name_candidates);
      promotions.my_number[column] = most(evidence.my_number_candidates);
    }
    size_t identifying_rows = 0;
    for (const auto& findings : window) {
      const bool identifies =
          HasConfirmedIdentity(findings) ||
          std::any_of(findings.begin(), findings.end(), [this](const Finding& f) {
            return f.candidate() &&
                   ((f.item == Item::kName && Promotions::At(promotions.name, f.column)) ||
                    (f.item == Item::kMyNumber && Promotions::At(promotions.my_number, f.column)));
          });
      if (!identifies) continue;
      ++identifying_rows;
      for (const Finding& f : findings) {
        if (f.candidate() && f.item == Item::kBirthDate && f.year > 0) {
          ColumnEvidence& evidence = columns[f.column];
          ++evidence.dated_rows;
          evidence.birth_dates.emplace(f.value, f.year);
        }
      }
    }
    for (const auto& [column, evidence] : columns) {
      const size_t dated = evidence.dated_rows;
      std::vector<int> years;
      for (const auto& [date, year] : evidence.birth_dates) years.push_back(year);
      promotions.birth_date[column] = dated > 0 && dated * 10 >= identifying_rows * 6 &&
                                      LooksLikeBirthYears(std::move(years), current_year);
    }
  }

  bool Promoted(const Finding& f) const {
    switch (f.item) {
      case Item::kName:
        return Promotions::At(promotions.name, f.column);
      case Item::kMyNumber:
        return Promotions::At(promotions.my_number, f.column);
      case Item::kBirthDate:
        return Promotions::At(promotions.birth_date, f.column);
      default:
        return false;
    }
  }

  // The first column's finding of each item in a record: those that name its person.
  struct PersonFindings {
    std::array<const Finding*, kItemCount> first{};
    void Note(const Finding& f) {
      const Finding*& current = first[static_cast<size_t>(f.item)];
      if (current == nullptr || f.column < current->column) current = &f;
    }
    const Finding* Of(Item item) const { return first[static_cast<size_t>(item)]; }
  };

  void Count(std::span<const Finding> findings) {
    counted.clear();
    bool other_confirmed = false;
    for (const Finding& f : findings) {
      if (!f.candidate()) {
        counted.push_back(&f);
        if (f.item != Item::kName) other_confirmed = true;
      } else if (part.tabular && !part.has_headers && Promoted(f)) {
        counted.push_back(&f);
      }
    }
    // In text, a dictionary name is weak: it counts only beside another confirmed item.
    if (!part.tabular && other_confirmed) {
      for (const Finding& f : findings) {
        if (f.candidate() && f.item == Item::kName) counted.push_back(&f);
      }
    }
    if (counted.empty()) return;

    // One pass over what counts: the record's items, the finding of each kind that names the
    // person (the first column wins: kanji before kana in the usual layouts, so the same
    // person gets the same key on every row) and the highest confidence among them.
    ItemSet items;
    PersonFindings person;
    Confidence confidence = tally.confidence;
    for (const Finding* f : counted) {
      items.Add(f->item);
      person.Note(*f);
      if (Identifies(f->item)) {
        confidence = std::max(confidence, f->candidate() ? Confidence::kMedium : f->confidence);
      }
    }
    for (unsigned bits = items.bits(); bits != 0; bits &= bits - 1) {
      ++tally.items[static_cast<size_t>(std::countr_zero(bits))];
    }
    const bool personal =
        items.Has(Item::kPensionNumber) || items.Has(Item::kMyNumber) || items.Has(Item::kName);
    if (!personal) return;
    ++tally.records;
    const bool number = items.Has(Item::kPensionNumber) || items.Has(Item::kMyNumber);
    if (number && items.Has(Item::kName)) {
      if (!items.Has(Item::kBirthDate)) {
        ++tally.category2;
      } else if (items.Has(Item::kAddress)) {
        ++tally.category4;
      } else {
        ++tally.category3;
      }
    }
    people.Add(PersonOf(person));
    tally.confidence = confidence;
    for (const Finding* f : counted) {
      size_t& taken = samples_taken[static_cast<size_t>(f->item)];
      if (taken < options.samples_per_item) {
        ++taken;
        tally.samples.push_back(options.show_values ? RevealForDisplay(f->item, f->value)
                                                    : Mask(f->item, f->value));
      }
    }
  }

  // The person a counted record belongs to: pension number, else My Number, else name +
  // birth date, else name. REQUIRES: one of pension, my_number and name is set.
  PersonKey PersonOf(const PersonFindings& person) {
    const Finding* name = person.Of(Item::kName);
    if (const Finding* pension = person.Of(Item::kPensionNumber)) {
      return hasher.HashKey(PersonDomain::kPension, pension->value);
    }
    if (const Finding* my_number = person.Of(Item::kMyNumber)) {
      return hasher.HashKey(PersonDomain::kMyNumber, my_number->value);
    }
    if (const Finding* birth = person.Of(Item::kBirthDate)) {
      identity.assign(name->value);
      identity.push_back('\x1f');
      identity.append(birth->value);
      return hasher.HashKey(PersonDomain::kNameAndBirth, identity);
    }
    return hasher.HashKey(PersonDomain::kName, name->value);
  }

  FileTally Finish() {
    tally.people = people.Count();
    tally.people_exact = people.exact();
    FileTally result = std::move(tally);
    tally = FileTally();
    people.Reset();
    samples_taken.fill(0);
    return result;
  }
};

Tally::Tally(const KeyedHasher& hasher, const TallyOptions& options)
    : impl_(std::make_unique<Impl>(hasher, options)) {}
Tally::~Tally() = default;

void Tally::BeginPart(const detect::PartEvidence& part) { impl_->BeginPart(part); }
void Tally::AddRecord(std::span<const detect::Finding> findings) { impl_->AddRecord(findings); }
void Tally::EndPart() { impl_->EndPart(); }
FileTally Tally::Finish() { return impl_->Finish(); }

}  // namespace mamori::record
