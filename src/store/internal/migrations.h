// Private to the store module: the schema, as ordered migrations (doc/store.md).
#pragma once

#include <span>
#include <string_view>

namespace mamori::store::internal {

// Migration i (0-based) brings the schema from version i to version i + 1. Append only:
// a released migration is never edited, a change is a new migration. Written for SQLite;
// PostgreSQL runs TranslateSchema() of each.
std::span<const std::string_view> Migrations();

}  // namespace mamori::store::internal
