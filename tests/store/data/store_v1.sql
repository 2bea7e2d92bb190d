PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);
INSERT INTO schema_migrations VALUES(1,1795437865);
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
INSERT INTO scans VALUES(1,'completed',1000,1795437865,1795437865,'v1-host',15080,'v1-digest',5,2,0,0,0,0,0,0,0.0);
INSERT INTO scans VALUES(2,'completed',2000,1795437865,1795437865,'v1-host',15080,'v1-digest',4,2,0,0,0,0,0,0,0.0);
CREATE TABLE scan_roots (
  scan_id INTEGER NOT NULL REFERENCES scans (id),
  ordinal INTEGER NOT NULL,
  path BLOB NOT NULL,
  display_path TEXT NOT NULL,
  PRIMARY KEY (scan_id, ordinal)
);
INSERT INTO scan_roots VALUES(1,0,X'2f7368617265','/share');
INSERT INTO scan_roots VALUES(2,0,X'2f7368617265','/share');
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
INSERT INTO files VALUES(1,X'2f73686172652f6c6973742e637376','/share/list.csv',X'2f73686172652f6c6973742e637376',X'',100,500,15,7,1000,1000,33184,'csv','utf-8','none',1,'complete','',10,3,3,1,3,0,0,3,0,0,0,0,9,0,0,3,'high',1,2,2);
INSERT INTO files VALUES(2,X'2f73686172652f6e6f7465732e747874','/share/notes.txt',X'2f73686172652f6e6f7465732e747874',X'',100,500,16,7,1000,1000,33184,'text','utf-8','none',1,'complete','',10,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,NULL,1,2,1);
INSERT INTO files VALUES(3,X'2f73686172652f62726f6b656e2e706466','/share/broken.pdf',X'2f73686172652f62726f6b656e2e706466',X'',100,500,17,7,1000,1000,33184,'pdf','utf-8','none',1,'partial','corrupt',10,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,NULL,1,1,1);
INSERT INTO files VALUES(4,X'2f73686172652f612e7a6970212f696e6e65722e637376','/share/a.zip!/inner.csv',X'2f73686172652f612e7a6970',X'2f73686172652f612e7a6970',100,500,0,0,1000,1000,33184,'csv','utf-8','none',1,'complete','',10,2,2,1,2,0,0,2,0,0,0,0,9,0,0,2,'high',1,2,2);
INSERT INTO files VALUES(5,X'2f73686172652f612e7a6970','/share/a.zip',X'2f73686172652f612e7a6970',X'',100,500,12,7,1000,1000,33184,'zip','utf-8','none',1,'complete','',10,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,NULL,1,2,2);
CREATE TABLE samples (
  file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  item TEXT NOT NULL,
  masked TEXT NOT NULL,
  PRIMARY KEY (file_id, ordinal)
) WITHOUT ROWID;
INSERT INTO samples VALUES(1,0,'pension_number','1234-****90');
INSERT INTO samples VALUES(4,0,'pension_number','1234-****90');
CREATE TABLE errors (
  file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (file_id, ordinal)
) WITHOUT ROWID;
INSERT INTO errors VALUES(3,0,'malformed','xref table unreadable');
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
INSERT INTO scan_files VALUES(1,1,0,'complete',5,5,9);
INSERT INTO scan_files VALUES(1,2,0,'complete',0,0,0);
INSERT INTO scan_files VALUES(1,3,0,'partial',0,0,0);
INSERT INTO scan_files VALUES(1,4,0,'complete',2,2,9);
INSERT INTO scan_files VALUES(1,5,0,'complete',0,0,0);
INSERT INTO scan_files VALUES(2,1,0,'complete',3,3,9);
INSERT INTO scan_files VALUES(2,2,1,'complete',0,0,0);
INSERT INTO scan_files VALUES(2,4,0,'complete',2,2,9);
INSERT INTO scan_files VALUES(2,5,0,'complete',0,0,0);
CREATE INDEX scans_running ON scans (host) WHERE status = 'running';
CREATE INDEX files_top_path ON files (top_path);
CREATE INDEX files_findings ON files (people DESC, records DESC) WHERE records > 0;
CREATE INDEX scan_files_file ON scan_files (file_id);
COMMIT;
