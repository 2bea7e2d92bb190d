// The kinds of personal data mamori finds. Shared by detectors (which find them), tallies
// (which count records holding them), masks and reporters (which name them).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mamori {

enum class Item : uint8_t {
  kPensionNumber,    // 基礎年金番号, 10 digits
  kMyNumber,         // 個人番号, 12 digits with check digit
  kCorporateNumber,  // 法人番号, 13 digits with check digit; not personal, reported apart
  kName,             // 氏名 / カナ
  kBirthDate,        // 生年月日
  kAddress,          // 住所 or postal code
  kPhone,
  kEmail,
};
inline constexpr size_t kItemCount = 8;

inline constexpr std::array<Item, kItemCount> kAllItems = {
    Item::kPensionNumber, Item::kMyNumber, Item::kCorporateNumber, Item::kName,
    Item::kBirthDate,     Item::kAddress,  Item::kPhone,           Item::kEmail};

// Stable snake_case key used in every output ("pension_number").
std::string_view ItemName(Item item);
std::optional<Item> ItemFromName(std::string_view name);

// How sure a finding is. Ordered: a higher value is stronger.
enum class Confidence : uint8_t { kLow = 1, kMedium = 2, kHigh = 3 };
std::string_view ConfidenceName(Confidence confidence);

// A set of items as a bit mask, for per-record bookkeeping.
class ItemSet {
 public:
  constexpr ItemSet() = default;
  constexpr void Add(Item item) { bits_ |= Bit(item); }
  constexpr bool Has(Item item) const { return (bits_ & Bit(item)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr uint16_t bits() const { return bits_; }
  constexpr void Merge(ItemSet other) { bits_ |= other.bits_; }

 private:
  static constexpr uint16_t Bit(Item item) {
    return static_cast<uint16_t>(1u << static_cast<unsigned>(item));
  }
  uint16_t bits_ = 0;
};

}  // namespace mamori
