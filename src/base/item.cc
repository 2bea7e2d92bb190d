#include "base/item.h"

#include "base/protection.h"

namespace mamori {

std::string_view ItemName(Item item) {
  switch (item) {
    case Item::kPensionNumber:
      return "pension_number";
    case Item::kMyNumber:
      return "my_number";
    case Item::kCorporateNumber:
      return "corporate_number";
    case Item::kName:
      return "name";
    case Item::kBirthDate:
      return "birth_date";
    case Item::kAddress:
      return "address";
    case Item::kPhone:
      return "phone";
    case Item::kEmail:
      return "email";
  }
  return "unknown";
}

std::optional<Item> ItemFromName(std::string_view name) {
  for (Item item : kAllItems) {
    if (ItemName(item) == name) return item;
  }
  return std::nullopt;
}

std::string_view ConfidenceName(Confidence confidence) {
  switch (confidence) {
    case Confidence::kLow:
      return "low";
    case Confidence::kMedium:
      return "medium";
    case Confidence::kHigh:
      return "high";
  }
  return "unknown";
}

std::string_view ProtectionName(Protection protection) {
  switch (protection) {
    case Protection::kNone:
      return "none";
    case Protection::kPassword:
      return "password";
    case Protection::kEncrypted:
      return "encrypted";
    case Protection::kUnknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace mamori
