// Private to the store module: one factory per backend, called from store::Open.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace mamori::store::internal {

Result<std::unique_ptr<Store>> OpenSqlite(const std::string& path, const OpenOptions& options);

}  // namespace mamori::store::internal
