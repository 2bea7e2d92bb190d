// Private to the store module: one factory per backend, called from store::Open.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace mamori::store::internal {

Result<std::unique_ptr<Store>> OpenSqlite(const std::string& path, const OpenOptions& options);
// `url`: a libpq URI. The error never repeats the URL (it may hold a password).
Result<std::unique_ptr<Store>> OpenPostgres(const std::string& url, const OpenOptions& options);

}  // namespace mamori::store::internal
