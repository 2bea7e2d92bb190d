// The console's words, in Japanese and English (inventory/i18n.h).
#pragma once

#include <span>

#include "inventory/i18n.h"

namespace mamori::serve::internal {

const inventory::Catalog& Messages();
std::span<const inventory::Message> MessageTable();  // for the catalog's test

}  // namespace mamori::serve::internal
