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

// Version 2 (issue 5): where each file sits and what the policy says about it, the
// console's acknowledgements and users, and per-scan rollups for the dashboard.
constexpr std::string_view kVersion2 = R"sql(
ALTER TABLE files ADD COLUMN share BLOB NOT NULL DEFAULT x'';
ALTER TABLE files ADD COLUMN zone TEXT NOT NULL DEFAULT '';
ALTER TABLE files ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE files ADD COLUMN risk REAL NOT NULL DEFAULT 0;
ALTER TABLE files ADD COLUMN acl BLOB NOT NULL DEFAULT x'';
ALTER TABLE files ADD COLUMN policy_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE files ADD COLUMN violation_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE files ADD COLUMN acknowledgement INTEGER NOT NULL DEFAULT 0;
ALTER TABLE files ADD COLUMN present INTEGER NOT NULL DEFAULT 1;
ALTER TABLE files ADD COLUMN has_members INTEGER NOT NULL DEFAULT 0;
ALTER TABLE files ADD COLUMN error_count INTEGER NOT NULL DEFAULT 0;
UPDATE files SET error_count = (SELECT COUNT(*) FROM errors e WHERE e.file_id = files.id);
UPDATE files SET has_members = 1
  WHERE length(container) = 0 AND EXISTS (SELECT 1 FROM files m WHERE m.top_path = files.path
                                          AND length(m.container) > 0);
ALTER TABLE scans ADD COLUMN violations INTEGER NOT NULL DEFAULT 0;

CREATE INDEX files_risk ON files (risk DESC, people DESC, path)
  WHERE records > 0 AND present = 1;
CREATE INDEX files_people ON files (people DESC, records DESC, path)
  WHERE records > 0 AND present = 1;
CREATE INDEX files_path ON files (path) WHERE records > 0 AND present = 1;
CREATE INDEX files_mtime ON files (mtime, path) WHERE records > 0 AND present = 1;
CREATE INDEX files_share_risk ON files (share, risk DESC, people DESC, path)
  WHERE records > 0 AND present = 1;
CREATE INDEX files_zone_risk ON files (zone, risk DESC, people DESC, path)
  WHERE records > 0 AND present = 1;
CREATE INDEX files_share_seen ON files (share, last_seen_scan) WHERE records > 0;
CREATE INDEX files_acknowledged ON files (acknowledgement) WHERE acknowledgement > 0;

CREATE TABLE violations (
  file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  rule TEXT NOT NULL,
  kind TEXT NOT NULL,
  evidence TEXT NOT NULL,
  PRIMARY KEY (file_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX violations_rule ON violations (rule, file_id);
CREATE INDEX violations_kind ON violations (kind, file_id);

CREATE TABLE acknowledgements (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  rule TEXT NOT NULL,
  owner TEXT NOT NULL,
  due_date TEXT NOT NULL,
  note TEXT NOT NULL,
  by_user TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX acknowledgements_file ON acknowledgements (file_id, id);

CREATE TABLE users (
  name TEXT NOT NULL PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  disabled INTEGER NOT NULL
);

CREATE TABLE scan_rollups (
  scan_id INTEGER NOT NULL REFERENCES scans (id),
  share BLOB NOT NULL,
  dimension TEXT NOT NULL CHECK (dimension IN ('total', 'zone', 'rule', 'item')),
  key BLOB NOT NULL,
  files INTEGER NOT NULL,
  files_with_findings INTEGER NOT NULL,
  people INTEGER NOT NULL,
  violations INTEGER NOT NULL,
  unacknowledged INTEGER NOT NULL,
  PRIMARY KEY (scan_id, share, dimension, key)
) WITHOUT ROWID;
)sql";

// Version 3: the findings list is the files that need attention, personal data *or* a
// violation (an encrypted file on an internet-connected share has no records but is
// flagged "content unknown"): its partial indexes and "no longer present" follow.
constexpr std::string_view kVersion3 = R"sql(
DROP INDEX files_risk;
DROP INDEX files_people;
DROP INDEX files_path;
DROP INDEX files_mtime;
DROP INDEX files_share_risk;
DROP INDEX files_zone_risk;
DROP INDEX files_share_seen;
CREATE INDEX files_risk ON files (risk DESC, people DESC, path)
  WHERE (records > 0 OR violation_count > 0) AND present = 1;
CREATE INDEX files_people ON files (people DESC, records DESC, path)
  WHERE (records > 0 OR violation_count > 0) AND present = 1;
CREATE INDEX files_path ON files (path) WHERE (records > 0 OR violation_count > 0) AND present = 1;
CREATE INDEX files_mtime ON files (mtime, path)
  WHERE (records > 0 OR violation_count > 0) AND present = 1;
CREATE INDEX files_share_risk ON files (share, risk DESC, people DESC, path)
  WHERE (records > 0 OR violation_count > 0) AND present = 1;
CREATE INDEX files_zone_risk ON files (zone, risk DESC, people DESC, path)
  WHERE (records > 0 OR violation_count > 0) AND present = 1;
CREATE INDEX files_share_seen ON files (share, last_seen_scan)
  WHERE records > 0 OR violation_count > 0;
)sql";

// Version 4 (console queries at a million files): a trigram index over every file's display
// path for the path text filter, kept in step by triggers whatever writes `files`, and the
// zone's files in path order (zones follow shares, so a zone's files cluster in path order
// and a walk of files_path would pass every other zone's first). SQLite: an external-content
// FTS5 table (detail=none: GLOB needs no positions; case-sensitive like instr()).
constexpr std::string_view kVersion4Sqlite = R"sql(
CREATE VIRTUAL TABLE files_path_trigram USING fts5(display_path, content='files',
  content_rowid='id', tokenize='trigram case_sensitive 1', detail='none');
INSERT INTO files_path_trigram (files_path_trigram) VALUES ('rebuild');
CREATE TRIGGER files_path_trigram_insert AFTER INSERT ON files BEGIN
  INSERT INTO files_path_trigram (rowid, display_path) VALUES (new.id, new.display_path);
END;
CREATE TRIGGER files_path_trigram_delete AFTER DELETE ON files BEGIN
  INSERT INTO files_path_trigram (files_path_trigram, rowid, display_path)
    VALUES ('delete', old.id, old.display_path);
END;
CREATE TRIGGER files_path_trigram_update AFTER UPDATE OF display_path ON files
  WHEN old.display_path <> new.display_path BEGIN
  INSERT INTO files_path_trigram (files_path_trigram, rowid, display_path)
    VALUES ('delete', old.id, old.display_path);
  INSERT INTO files_path_trigram (rowid, display_path) VALUES (new.id, new.display_path);
END;
CREATE INDEX files_zone_path ON files (zone, path)
  WHERE (records > 0 OR violation_count > 0) AND present = 1;
)sql";

// PostgreSQL: pg_trgm's GIN index, maintained by PostgreSQL itself, over the files that can
// be listed (the findings filter always holds this condition).
constexpr std::string_view kVersion4Postgres = R"sql(
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX files_path_trigram ON files USING gin (display_path gin_trgm_ops)
  WHERE records > 0 OR violation_count > 0;
CREATE INDEX files_zone_path ON files (zone, path)
  WHERE (records > 0 OR violation_count > 0) AND present = 1;
)sql";

// Version 5 (incremental rescans, doc/store.md "Rescans"): each file's ctime in nanoseconds as
// the read stat'ed it, 0 when unknown or not safely older than the scan; a rescan carries a
// file forward only with the same ctime, and then trusts the recorded ACL without reading
// it (rows from before this version are read once more). And the clean files a scan carried
// forward unchanged, most of every rescan, as runs of consecutive file ids rather than a
// scan_files row each: a file is in at most one run per scan, runs hold no file that scan
// read or recorded with findings, and their figures are those of a clean file (unchanged,
// no records, no people).
constexpr std::string_view kVersion5 = R"sql(
ALTER TABLE files ADD COLUMN ctime INTEGER NOT NULL DEFAULT 0;
CREATE TABLE scan_clean_runs (
  scan_id INTEGER NOT NULL REFERENCES scans (id),
  first_file INTEGER NOT NULL,
  last_file INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  PRIMARY KEY (scan_id, first_file)
) WITHOUT ROWID;
)sql";

// Version 6 (console queries at a million files, doc/store.md "Findings queries"): the files
// of each combination of items (a few dozen values: a walk of the index from one value to the
// next lists them), so that a filter on an item few files hold reads those files rather than
// walk them all, and one no file holds is empty at once.
constexpr std::string_view kVersion6 = R"sql(
CREATE INDEX files_items ON files (items_mask, present) WHERE records > 0 OR violation_count > 0;
)sql";

constexpr std::array<Migration, 6> kMigrations = {
    Migration{kVersion1}, Migration{kVersion2},
    Migration{kVersion3}, Migration{kVersion4Sqlite, kVersion4Postgres},
    Migration{kVersion5}, Migration{kVersion6}};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

std::string MigrationSql(const Migration& migration, Dialect dialect) {
  if (dialect == Dialect::kPostgres && !migration.postgres.empty()) {
    return std::string(migration.postgres);
  }
  return TranslateSchema(migration.sqlite, dialect);
}

}  // namespace mamori::store::internal
