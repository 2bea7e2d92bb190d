// Private to the store module: the schema, as ordered migrations (doc/store.md).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "store/internal/sql.h"

namespace mamori::store::internal {

// Written for SQLite; PostgreSQL runs TranslateSchema() of it, or `postgres` when the two
// need different words (an FTS5 table there, a pg_trgm index here).
struct Migration {
  std::string_view sqlite;
  std::string_view postgres = {};
};

// Migration i (0-based) brings the schema from version i to version i + 1. Append only:
// a released migration is never edited, a change is a new migration.
std::span<const Migration> Migrations();

// The text `dialect` runs for `migration`.
std::string MigrationSql(const Migration& migration, Dialect dialect);

}  // namespace mamori::store::internal
