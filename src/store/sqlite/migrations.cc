#include "store/internal/migrations.h"

#include <array>

namespace mamori::store::internal {
namespace {

// Types are chosen to map one to one onto PostgreSQL (INTEGER → BIGINT, BLOB → BYTEA,
// TEXT → TEXT); enums are stored as their stable names so the file reads well in the
// sqlite3 shell. doc/store.md documents every column.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE scans (
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted')),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  heartbeat_at INTEGER NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  options_digest TEXT NOT NULL,
  files INTEGER NOT NULL DEFAULT 0,
  files_with_findings INTEGER NOT NULL DEFAULT 0,
  files_partial INTEGER NOT NULL DEFAULT 0,
  files_skipped INTEGER NOT NULL DEFAULT 0,
  files_unchanged INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  records INTEGER NOT NULL DEFAULT 0,
  people INTEGER NOT NULL DEFAULT 0,
  seconds REAL NOT NULL DEFAULT 0
);
CREATE INDEX scans_running ON scans (host) WHERE status = 'running';

CREATE TABLE scan_roots (
  scan_id INTEGER NOT NULL REFERENCES scans (id),
  ordinal INTEGER NOT NULL,
  path BLOB NOT NULL,
  display_path TEXT NOT NULL,
  PRIMARY KEY (scan_id, ordinal)
);

CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  path BLOB NOT NULL UNIQUE,
  display_path TEXT NOT NULL,
  top_path BLOB NOT NULL,
  container BLOB NOT NULL,
  size INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  inode INTEGER NOT NULL,
  device INTEGER NOT NULL,
  uid INTEGER NOT NULL,
  gid INTEGER NOT NULL,
  mode INTEGER NOT NULL,
  format TEXT NOT NULL,
  encoding TEXT NOT NULL,
  protection TEXT NOT NULL,
  content_readable INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('complete', 'partial', 'skipped')),
  reason TEXT NOT NULL,
  records_read INTEGER NOT NULL,
  records INTEGER NOT NULL,
  people INTEGER NOT NULL,
  people_exact INTEGER NOT NULL,
  pension_number INTEGER NOT NULL,
  my_number INTEGER NOT NULL,
  corporate_number INTEGER NOT NULL,
  name INTEGER NOT NULL,
  birth_date INTEGER NOT NULL,
  address INTEGER NOT NULL,
  phone INTEGER NOT NULL,
  email INTEGER NOT NULL,
  items_mask INTEGER NOT NULL,
  category4 INTEGER NOT NULL,
  category3 INTEGER NOT NULL,
  category2 INTEGER NOT NULL,
  confidence TEXT CHECK (confidence IN ('low', 'medium', 'high')),
  first_seen_scan INTEGER NOT NULL REFERENCES scans (id),
  last_seen_scan INTEGER NOT NULL REFERENCES scans (id),
  last_read_scan INTEGER NOT NULL REFERENCES scans (id)
);
CREATE INDEX files_top_path ON files (top_path);
CREATE INDEX files_findings ON files (people DESC, records DESC) WHERE records > 0;

CREATE TABLE samples (
  file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  item TEXT NOT NULL,
  masked TEXT NOT NULL,
  PRIMARY KEY (file_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE errors (
  file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (file_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE scan_files (
  scan_id INTEGER NOT NULL REFERENCES scans (id),
  file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  unchanged INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  records INTEGER NOT NULL,
  people INTEGER NOT NULL,
  items_mask INTEGER NOT NULL,
  PRIMARY KEY (scan_id, file_id)
) WITHOUT ROWID;
CREATE INDEX scan_files_file ON scan_files (file_id);
)sql";

constexpr std::array<std::string_view, 1> kMigrations = {kVersion1};

}  // namespace

std::span<const std::string_view> SqliteMigrations() { return kMigrations; }

}  // namespace mamori::store::internal
