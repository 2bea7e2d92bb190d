// MaskedValue is the only form in which a personal value may leave the detectors: reports,
// logs and the store take MaskedValue, and its only constructor is Mask(). A clear value is
// printed only when the user passes --show-values, through RevealForDisplay().
#pragma once

#include <string>
#include <string_view>

#include "base/item.h"

namespace mamori {

class MaskedValue {
 public:
  Item item() const { return item_; }
  const std::string& text() const { return text_; }
  friend bool operator==(const MaskedValue&, const MaskedValue&) = default;

 private:
  friend MaskedValue Mask(Item item, std::string_view value);
  friend MaskedValue RevealForDisplay(Item item, std::string_view value);
  MaskedValue(Item item, std::string text) : item_(item), text_(std::move(text)) {}
  Item item_;
  std::string text_;
};

// Masks a normalised (NFKC, UTF-8) value of `item`, keeping only what helps a person find
// the record again without disclosing it:
//   pension number 1234-567890 → 1234-****90    My Number → ****-****-**12
//   name 山田 太郎 → 山* **                      birth date 1970-03-02 → 1970-**-**
//   address 東京都千代田区霞が関1-2-3 → 東京都千代田区****   phone → 090-****-**78
//   e-mail taro@example.jp → t***@example.jp
MaskedValue Mask(Item item, std::string_view value);

// The explicit escape hatch behind --show-values: the value as found, unmasked.
MaskedValue RevealForDisplay(Item item, std::string_view value);

}  // namespace mamori
