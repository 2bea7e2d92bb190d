// Private to the inventory module: the report's messages in Japanese and English.
#pragma once

#include <span>
#include <string_view>

#include "inventory/i18n.h"

namespace mamori::inventory::internal {

std::span<const Message> ReportMessageTable();
const Catalog& ReportMessages();

// Shorthand for ReportMessages().Get(id, lang).
inline std::string_view Tr(std::string_view id, Lang lang) {
  return ReportMessages().Get(id, lang);
}

}  // namespace mamori::inventory::internal
