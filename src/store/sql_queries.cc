// The console's and the report's queries. Each runs on a pooled read connection, after the
// writer's pending batch is committed (a caller sees every file it recorded before).
#include <algorithm>
#include <map>

#include "store/internal/names.h"
#include "store/internal/query_params.h"
#include "store/internal/sql_store.h"

namespace mamori::store::internal {
namespace {

policy::RuleKind RuleKindFromName(std::string_view name) {
  for (policy::RuleKind kind : {policy::RuleKind::kForbiddenZone, policy::RuleKind::kRetention,
                                policy::RuleKind::kProtection, policy::RuleKind::kAccess}) {
    if (policy::RuleKindName(kind) == name) return kind;
  }
  return policy::RuleKind::kForbiddenZone;
}

Acknowledgement ReadAcknowledgement(const Statement& row) {
  Acknowledgement ack;
  ack.id = row.Int(0);
  ack.file_id = row.Int(1);
  ack.rule = row.Text(2);
  ack.owner = row.Text(3);
  ack.due_date = row.Text(4);
  ack.note = row.Text(5);
  ack.by_user = row.Text(6);
  ack.at = row.Int(7);
  return ack;
}

constexpr const char* kAckColumns = "id, file_id, rule, owner, due_date, note, by_user, at";

}  // namespace

// Samples, errors, violations and the newest acknowledgement of `rows`, one query per table.
Status SqlStore::FillDetails(Connection& db, std::vector<FileRow>& rows, bool with_samples) {
  if (rows.empty()) return Ok();
  std::map<int64_t, FileRow*> by_id;
  std::vector<int64_t> ids;
  std::vector<int64_t> acks;
  for (FileRow& row : rows) {
    by_id[row.file_id] = &row;
    ids.push_back(row.file_id);
    if (row.acknowledgement) acks.push_back(row.acknowledgement->id);
  }
  const Dialect dialect = db.dialect();
  const std::string in_ids = " IN " + IdSetSql(dialect, "$1");
  const std::string id_set = IdSetValue(dialect, ids);
  if (with_samples) {
    STORE_PREPARE(db, samples,
                  "SELECT file_id, item, masked FROM samples WHERE file_id" + in_ids +
                      " ORDER BY file_id, ordinal");
    samples->BindText(1, id_set);
    STORE_TRY(ForEachRow(*samples, [&](Statement& row) {
      const std::optional<Item> item = ItemFromName(row.Text(1));
      if (item) by_id[row.Int(0)]->samples.emplace_back(*item, row.Text(2));
    }));
  }
  {
    STORE_PREPARE(db, errors,
                  "SELECT file_id, code, message FROM errors WHERE file_id" + in_ids +
                      " ORDER BY file_id, ordinal");
    errors->BindText(1, id_set);
    STORE_TRY(ForEachRow(*errors, [&](Statement& row) {
      by_id[row.Int(0)]->errors.push_back(Error{ErrorCodeFromName(row.Text(1)), row.Text(2)});
    }));
  }
  {
    STORE_PREPARE(db, violations,
                  "SELECT file_id, rule, kind, evidence FROM violations WHERE file_id" + in_ids +
                      " ORDER BY file_id, ordinal");
    violations->BindText(1, id_set);
    STORE_TRY(ForEachRow(*violations, [&](Statement& row) {
      by_id[row.Int(0)]->assessment.violations.push_back(
          policy::Violation{row.Text(1), RuleKindFromName(row.Text(2)), row.Text(3)});
    }));
  }
  if (!acks.empty()) {
    STORE_PREPARE(
        db, select,
        std::string("SELECT ") + kAckColumns + " FROM acknowledgements WHERE id" + in_ids);
    select->BindText(1, IdSetValue(dialect, acks));
    STORE_TRY(ForEachRow(*select, [&](Statement& row) {
      Acknowledgement ack = ReadAcknowledgement(row);
      auto it = by_id.find(ack.file_id);
      if (it != by_id.end()) it->second->acknowledgement = std::move(ack);
    }));
  }
  return Ok();
}

Result<std::optional<FileRow>> SqlStore::GetFile(int64_t file_id) {
  STORE_TRY(FlushForRead());
  STORE_LEASE(db);
  std::vector<FileRow> rows;
  {
    STORE_PREPARE(db, select, "SELECT " MAMORI_FILE_COLUMNS " FROM files f WHERE id = $1");
    select->Bind(1, file_id);
    STORE_TRY(ForEachRow(*select, [&](Statement& row) { rows.push_back(ReadFileRow(row)); }));
  }
  if (rows.empty()) return std::optional<FileRow>();
  {
    // A clean file carried forward is not rewritten (doc/store.md): its last sighting is in
    // scan_files or, carried forward clean, in a run of scan_clean_runs.
    STORE_PREPARE(db, seen, R"sql(
      SELECT MAX(seen) FROM (
        SELECT MAX(scan_id) AS seen FROM scan_files WHERE file_id = $1
        UNION ALL
        SELECT MAX(s.id) AS seen FROM scans s
        WHERE (SELECT r.last_file FROM scan_clean_runs r
               WHERE r.scan_id = s.id AND r.first_file <= $1
               ORDER BY r.first_file DESC LIMIT 1) >= $1) sightings)sql");
    seen->Bind(1, file_id);
    Result<bool> row = seen->Step();
    if (!row) return tl::unexpected(row.error());
    rows[0].last_seen_scan = std::max(rows[0].last_seen_scan, seen->Int(0));
  }
  STORE_TRY(FillDetails(db, rows, /*with_samples=*/true));
  return std::optional<FileRow>(std::move(rows[0]));
}

Result<std::vector<FileHistoryRow>> SqlStore::FileHistory(int64_t file_id) {
  STORE_TRY(FlushForRead());
  STORE_LEASE(db);
  STORE_PREPARE(db, select, R"sql(
    SELECT sf.scan_id, s.started_at, sf.unchanged, sf.outcome, sf.records, sf.people
    FROM scan_files sf JOIN scans s ON s.id = sf.scan_id
    WHERE sf.file_id = $1
    UNION ALL
    SELECT r.scan_id, s.started_at, 1, r.outcome, 0, 0
    FROM scans s JOIN scan_clean_runs r ON r.scan_id = s.id
      AND r.first_file = (SELECT MAX(x.first_file) FROM scan_clean_runs x
                          WHERE x.scan_id = s.id AND x.first_file <= $1)
    WHERE r.last_file >= $1
    ORDER BY 1)sql");
  select->Bind(1, file_id);
  std::vector<FileHistoryRow> history;
  STORE_TRY(ForEachRow(*select, [&](Statement& row) {
    history.push_back(FileHistoryRow{row.Int(0), row.Int(1), row.Int(2) != 0,
                                     OutcomeFromName(row.Text(3)), row.UInt(4), row.UInt(5)});
  }));
  return history;
}

Result<Overview> SqlStore::Summarize() {
  STORE_TRY(FlushForRead());
  STORE_LEASE(db);
  Overview overview;
  {
    STORE_PREPARE(db, latest, R"sql(
      SELECT id, started_at FROM scans WHERE status = 'completed' ORDER BY id DESC LIMIT 1)sql");
    STORE_TRY(ForEachRow(*latest, [&](Statement& row) {
      overview.latest_scan = row.Int(0);
      overview.latest_scan_at = row.Int(1);
    }));
  }
  // The latest completed scan of each share, then that scan's rollup rows for the share.
  STORE_PREPARE(db, select, R"sql(
    SELECT r.share, r.dimension, r.key, r.files, r.files_with_findings, r.people, r.violations,
           r.unacknowledged
    FROM scan_rollups r
    JOIN (SELECT sr.path AS share, MAX(s.id) AS scan_id
          FROM scan_roots sr JOIN scans s ON s.id = sr.scan_id
          WHERE s.status = 'completed' GROUP BY sr.path) l
      ON l.scan_id = r.scan_id AND l.share = r.share
    ORDER BY r.share, r.dimension, r.key)sql");
  std::map<std::string, Overview::Group> shares;
  std::map<std::string, Overview::Group> zones;
  std::map<std::string, Overview::Group> rules;
  std::map<std::string, Overview::Group> items;
  auto add = [](Overview::Group& group, const Statement& row) {
    group.files += row.UInt(3);
    group.files_with_findings += row.UInt(4);
    group.people += row.UInt(5);
    group.violations += row.UInt(6);
    group.unacknowledged += row.UInt(7);
  };
  STORE_TRY(ForEachRow(*select, [&](Statement& row) {
    const std::string dimension = row.Text(1);
    const std::string key = row.Text(2);
    if (dimension == "total") {
      add(shares[row.Text(0)], row);
      add(overview.total, row);
    } else if (dimension == "zone") {
      add(zones[key], row);
    } else if (dimension == "rule") {
      add(rules[key], row);
    } else if (dimension == "item") {
      add(items[key], row);
    }
  }));
  auto flatten = [](std::map<std::string, Overview::Group>& groups,
                    std::vector<Overview::Group>& out) {
    for (auto& [key, group] : groups) {
      group.key = key;
      out.push_back(std::move(group));
    }
  };
  flatten(shares, overview.by_share);
  flatten(zones, overview.by_zone);
  flatten(rules, overview.by_rule);
  flatten(items, overview.by_item);
  return overview;
}

Result<std::vector<TrendPoint>> SqlStore::Trend() {
  STORE_TRY(FlushForRead());
  STORE_LEASE(db);
  STORE_PREPARE(db, select, R"sql(
    SELECT id, started_at, files_with_findings, people, violations FROM scans
    WHERE status = 'completed' ORDER BY id)sql");
  std::vector<TrendPoint> points;
  STORE_TRY(ForEachRow(*select, [&](Statement& row) {
    points.push_back(TrendPoint{row.Int(0), row.Int(1), row.UInt(2), row.UInt(3), row.UInt(4)});
  }));
  return points;
}

Result<int64_t> SqlStore::Acknowledge(const Acknowledgement& acknowledgement) {
  std::lock_guard lock(mutex_);
  STORE_TRY(Flush());
  Connection& db = *writer_;
  STORE_TRY(db.Begin());
  int64_t id = 0;
  Status done = [&]() -> Status {
    int64_t previous = 0;
    int64_t violation_count = 0;
    int64_t last_seen = 0;
    std::string share;
    std::string zone;
    uint64_t mask = 0;
    bool found = false;
    {
      STORE_PREPARE(db, file, R"sql(
        SELECT acknowledgement, violation_count, last_seen_scan, share, zone, items_mask
        FROM files WHERE id = $1)sql");
      file->Bind(1, acknowledgement.file_id);
      STORE_TRY(ForEachRow(*file, [&](Statement& row) {
        found = true;
        previous = row.Int(0);
        violation_count = row.Int(1);
        last_seen = row.Int(2);
        share = row.Text(3);
        zone = row.Text(4);
        mask = row.UInt(5);
      }));
    }
    if (!found) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "no file " + std::to_string(acknowledgement.file_id));
    }
    {
      STORE_PREPARE(db, insert, R"sql(
        INSERT INTO acknowledgements (file_id, rule, owner, due_date, note, by_user, at)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id)sql");
      insert->Bind(1, acknowledgement.file_id)
          .BindText(2, acknowledgement.rule)
          .BindText(3, acknowledgement.owner)
          .BindText(4, acknowledgement.due_date)
          .BindText(5, acknowledgement.note)
          .BindText(6, acknowledgement.by_user)
          .Bind(7, acknowledgement.at != 0 ? acknowledgement.at : Now());
      Result<bool> row = insert->Step();
      if (!row) return tl::unexpected(row.error());
      id = insert->Int(0);
      STORE_TRY(insert->Run());
    }
    {
      STORE_PREPARE(db, update, "UPDATE files SET acknowledgement = $2 WHERE id = $1");
      update->Bind(1, acknowledgement.file_id).Bind(2, id);
      STORE_TRY(update->Run());
    }
    // The first acknowledgement of a file with violations takes it out of "unacknowledged"
    // in the rollup of the scan that last saw it (the dashboard's figures).
    if (previous != 0 || violation_count == 0) return Ok();
    std::vector<std::pair<std::string, std::string>> keys = {{"total", ""}, {"zone", zone}};
    for (size_t i = 0; i < kItemCount; ++i) {
      if ((mask >> i) & 1) keys.emplace_back("item", ItemName(static_cast<Item>(i)));
    }
    {
      STORE_PREPARE(db, rules, "SELECT DISTINCT rule FROM violations WHERE file_id = $1");
      rules->Bind(1, acknowledgement.file_id);
      STORE_TRY(
          ForEachRow(*rules, [&](Statement& row) { keys.emplace_back("rule", row.Text(0)); }));
    }
    for (const auto& [dimension, key] : keys) {
      STORE_PREPARE(db, update, R"sql(
        UPDATE scan_rollups SET unacknowledged = unacknowledged - 1
        WHERE scan_id = $1 AND share = $2 AND dimension = $3 AND key = $4
          AND unacknowledged > 0)sql");
      update->Bind(1, last_seen).BindBlob(2, share).BindText(3, dimension).BindBlob(4, key);
      STORE_TRY(update->Run());
    }
    return Ok();
  }();
  if (!done) {
    db.Rollback();
    return tl::unexpected(done.error());
  }
  STORE_TRY(db.Commit());
  return id;
}

Result<std::vector<Acknowledgement>> SqlStore::ListAcknowledgements(int64_t file_id) {
  STORE_TRY(FlushForRead());
  STORE_LEASE(db);
  STORE_PREPARE(db, select,
                std::string("SELECT ") + kAckColumns +
                    " FROM acknowledgements WHERE file_id = $1 ORDER BY id DESC");
  select->Bind(1, file_id);
  std::vector<Acknowledgement> acks;
  STORE_TRY(ForEachRow(*select, [&](Statement& row) { acks.push_back(ReadAcknowledgement(row)); }));
  return acks;
}

Status SqlStore::PutUser(const User& user) {
  std::lock_guard lock(mutex_);
  STORE_TRY(Flush());
  STORE_PREPARE(*writer_, upsert, R"sql(
    INSERT INTO users (name, role, password_hash, created_at, disabled)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (name) DO UPDATE SET role = excluded.role,
      password_hash = excluded.password_hash, disabled = excluded.disabled)sql");
  upsert->BindText(1, user.name)
      .BindText(2, RoleName(user.role))
      .BindText(3, user.password_hash)
      .Bind(4, user.created_at != 0 ? user.created_at : Now())
      .Bind(5, user.disabled ? 1 : 0);
  return upsert->Run();
}

namespace {
User ReadUser(const Statement& row) {
  User user;
  user.name = row.Text(0);
  user.role = RoleFromName(row.Text(1)).value_or(Role::kViewer);
  user.password_hash = row.Text(2);
  user.created_at = row.Int(3);
  user.disabled = row.Int(4) != 0;
  return user;
}
}  // namespace

Result<std::optional<User>> SqlStore::FindUser(std::string_view name) {
  STORE_LEASE(db);
  STORE_PREPARE(db, select, R"sql(
    SELECT name, role, password_hash, created_at, disabled FROM users WHERE name = $1)sql");
  select->BindText(1, name);
  std::optional<User> user;
  STORE_TRY(ForEachRow(*select, [&](Statement& row) { user = ReadUser(row); }));
  return user;
}

Result<std::vector<User>> SqlStore::ListUsers() {
  STORE_LEASE(db);
  STORE_PREPARE(db, select, R"sql(
    SELECT name, role, password_hash, created_at, disabled FROM users ORDER BY name)sql");
  std::vector<User> users;
  STORE_TRY(ForEachRow(*select, [&](Statement& row) { users.push_back(ReadUser(row)); }));
  return users;
}

Result<std::vector<ScanRow>> SqlStore::ScanHistory() {
  STORE_TRY(FlushForRead());
  STORE_LEASE(db);
  std::vector<ScanRow> scans;
  {
    STORE_PREPARE(db, select, R"sql(
      SELECT id, status, started_at, COALESCE(finished_at, 0), host, options_digest, files,
             files_with_findings, files_partial, files_skipped, files_unchanged, bytes,
             records, people, seconds
      FROM scans ORDER BY id DESC)sql");
    STORE_TRY(ForEachRow(*select, [&](Statement& row) {
      ScanRow scan;
      scan.id = row.Int(0);
      scan.status = ScanStatusFromName(row.Text(1));
      scan.info.started_at = row.Int(2);
      scan.finished_at = row.Int(3);
      scan.info.host = row.Text(4);
      scan.info.options_digest = row.Text(5);
      scan.summary.files = row.UInt(6);
      scan.summary.files_with_findings = row.UInt(7);
      scan.summary.files_partial = row.UInt(8);
      scan.summary.files_skipped = row.UInt(9);
      scan.summary.files_unchanged = row.UInt(10);
      scan.summary.bytes = row.UInt(11);
      scan.summary.records = row.UInt(12);
      scan.summary.people = row.UInt(13);
      scan.summary.seconds = row.Double(14);
      scans.push_back(std::move(scan));
    }));
  }
  std::map<int64_t, ScanRow*> by_id;
  for (ScanRow& scan : scans) by_id[scan.id] = &scan;
  STORE_PREPARE(db, roots, "SELECT scan_id, path FROM scan_roots ORDER BY scan_id, ordinal");
  STORE_TRY(ForEachRow(*roots, [&](Statement& row) {
    auto it = by_id.find(row.Int(0));
    if (it != by_id.end()) it->second->info.roots.push_back(row.Text(1));
  }));
  return scans;
}

Result<std::vector<FileChange>> SqlStore::DiffScans(int64_t a, int64_t b) {
  STORE_TRY(FlushForRead());
  STORE_LEASE(db);
  // Only files with findings in either scan can differ in findings; the union of those
  // two (scan_id, records > 0) sets is small next to the files of a share.
  STORE_PREPARE(db, select, R"sql(
    SELECT f.id, f.display_path, COALESCE(sa.records, 0), COALESCE(sa.people, 0),
           COALESCE(sa.items_mask, 0),
           CASE WHEN sb.file_id IS NOT NULL THEN 1
                WHEN (SELECT r.last_file FROM scan_clean_runs r
                      WHERE r.scan_id = $2 AND r.first_file <= ids.file_id
                      ORDER BY r.first_file DESC LIMIT 1) >= ids.file_id THEN 1
                ELSE 0 END,
           COALESCE(sb.records, 0), COALESCE(sb.people, 0), COALESCE(sb.items_mask, 0)
    FROM (SELECT file_id FROM scan_files WHERE scan_id = $1 AND records > 0
          UNION
          SELECT file_id FROM scan_files WHERE scan_id = $2 AND records > 0) ids
    JOIN files f ON f.id = ids.file_id
    LEFT JOIN scan_files sa ON sa.scan_id = $1 AND sa.file_id = ids.file_id
    LEFT JOIN scan_files sb ON sb.scan_id = $2 AND sb.file_id = ids.file_id
    ORDER BY f.path)sql");
  select->Bind(1, a).Bind(2, b);
  std::vector<FileChange> changes;
  STORE_TRY(ForEachRow(*select, [&](Statement& row) {
    FileChange change;
    change.file_id = row.Int(0);
    change.display_path = row.Text(1);
    change.records_before = row.UInt(2);
    change.people_before = row.UInt(3);
    const int64_t mask_before = row.Int(4);
    const bool in_b = row.Int(5) != 0;
    change.records_after = row.UInt(6);
    change.people_after = row.UInt(7);
    const int64_t mask_after = row.Int(8);
    if (change.records_before == 0) {
      change.change = Change::kNew;
    } else if (!in_b) {
      change.change = Change::kDeleted;
    } else if (change.records_after == 0) {
      change.change = Change::kFixed;
    } else if (change.records_before != change.records_after ||
               change.people_before != change.people_after || mask_before != mask_after) {
      change.change = Change::kChanged;
    } else {
      return;
    }
    changes.push_back(std::move(change));
  }));
  return changes;
}

}  // namespace mamori::store::internal
