// The batch writer of the files read since the last commit. One file used to cost about six
// statements (upsert, delete and insert samples, errors and violations, the scan_files row):
// six round trips on PostgreSQL. Here each kind of row goes in multi-row statements over the
// whole batch: upserts of up to 64 files returning their ids, one DELETE per child table per
// 64 files, multi-row INSERTs for samples, errors, violations and scan_files.
//
// Statement texts depend on the number of rows, so rows go in chunks of 64, 8 and 1: at most
// three prepared texts per kind of statement, whatever the batch.
#include <algorithm>
#include <functional>
#include <unordered_map>

#include "store/internal/names.h"
#include "store/internal/sql_store.h"

namespace mamori::store::internal {
namespace {

constexpr size_t kChunkSizes[] = {64, 8, 1};

std::string JoinContainer(const std::vector<std::string>& container) {
  std::string joined;
  for (size_t i = 0; i < container.size(); ++i) {
    if (i > 0) joined.push_back('\0');  // never in a path
    joined += container[i];
  }
  return joined;
}

// "head VALUES ($1, ..., $w), (...) tail" for `rows` rows of `width` parameters.
std::string MultiRow(std::string_view head, size_t width, size_t rows, std::string_view tail) {
  std::string sql(head);
  sql += " VALUES ";
  size_t next = 1;
  for (size_t row = 0; row < rows; ++row) {
    sql += row == 0 ? "(" : ", (";
    for (size_t column = 0; column < width; ++column) {
      if (column > 0) sql += ", ";
      sql += '$' + std::to_string(next++);
    }
    sql += ')';
  }
  sql += tail;
  return sql;
}

// Binds row `row` of a chunk from parameter index `first` on.
using BindRow = std::function<void(Statement& statement, size_t row, int first)>;
// Called for each row a statement returns.
using OnRow = std::function<void(const Statement& statement)>;

// Inserts `rows` rows in chunks (see kChunkSizes).
Status InsertRows(Connection& db, std::string_view head, size_t width, std::string_view tail,
                  size_t rows, const BindRow& bind, const OnRow& on_row = nullptr) {
  size_t done = 0;
  for (const size_t chunk : kChunkSizes) {
    while (rows - done >= chunk) {
      STORE_PREPARE(db, insert, MultiRow(head, width, chunk, tail));
      for (size_t i = 0; i < chunk; ++i) {
        bind(*insert, done + i, static_cast<int>(i * width + 1));
      }
      while (true) {
        Result<bool> row = insert->Step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        if (on_row) on_row(*insert);
      }
      done += chunk;
    }
  }
  return Ok();
}

// DELETE FROM `table` WHERE file_id IN (the ids), in chunks.
Status DeleteChildren(Connection& db, std::string_view table, const std::vector<int64_t>& ids) {
  size_t done = 0;
  for (const size_t chunk : kChunkSizes) {
    while (ids.size() - done >= chunk) {
      std::string sql = "DELETE FROM " + std::string(table) + " WHERE file_id IN (";
      for (size_t i = 0; i < chunk; ++i) {
        if (i > 0) sql += ", ";
        sql += '$' + std::to_string(i + 1);
      }
      sql += ')';
      STORE_PREPARE(db, remove, sql);
      for (size_t i = 0; i < chunk; ++i) remove->Bind(static_cast<int>(i + 1), ids[done + i]);
      STORE_TRY(remove->Run());
      done += chunk;
    }
  }
  return Ok();
}

constexpr std::string_view kUpsertHead = R"sql(
  INSERT INTO files (path, display_path, top_path, container, size, mtime, inode, device,
    uid, gid, mode, format, encoding, protection, content_readable, outcome, reason,
    records_read, records, people, people_exact, pension_number, my_number,
    corporate_number, name, birth_date, address, phone, email, items_mask, category4,
    category3, category2, confidence, first_seen_scan, last_seen_scan, last_read_scan,
    share, zone, owner, risk, acl, policy_digest, violation_count, present, has_members,
    error_count, ctime))sql";
constexpr size_t kUpsertWidth = 48;
constexpr std::string_view kUpsertTail = R"sql(
  ON CONFLICT (path) DO UPDATE SET display_path = excluded.display_path,
    top_path = excluded.top_path, container = excluded.container, size = excluded.size,
    mtime = excluded.mtime, inode = excluded.inode, device = excluded.device,
    uid = excluded.uid, gid = excluded.gid, mode = excluded.mode,
    format = excluded.format, encoding = excluded.encoding,
    protection = excluded.protection, content_readable = excluded.content_readable,
    outcome = excluded.outcome, reason = excluded.reason,
    records_read = excluded.records_read, records = excluded.records,
    people = excluded.people, people_exact = excluded.people_exact,
    pension_number = excluded.pension_number, my_number = excluded.my_number,
    corporate_number = excluded.corporate_number, name = excluded.name,
    birth_date = excluded.birth_date, address = excluded.address,
    phone = excluded.phone, email = excluded.email, items_mask = excluded.items_mask,
    category4 = excluded.category4, category3 = excluded.category3,
    category2 = excluded.category2, confidence = excluded.confidence,
    last_seen_scan = excluded.last_seen_scan, last_read_scan = excluded.last_read_scan,
    share = excluded.share, zone = excluded.zone, owner = excluded.owner,
    risk = excluded.risk, acl = excluded.acl, policy_digest = excluded.policy_digest,
    violation_count = excluded.violation_count, present = 1,
    has_members = excluded.has_members, error_count = excluded.error_count,
    ctime = excluded.ctime
  RETURNING id, path)sql";

}  // namespace

Status SqlStore::WriteReads(int64_t scan_id, int64_t ctime_trusted_before,
                            const std::vector<const Pending*>& all) {
  if (all.empty()) return Ok();
  Connection& db = *writer_;
  // A path recorded twice in one batch: the later result wins (one multi-row upsert may not
  // touch a row twice).
  std::unordered_map<std::string_view, size_t> last;
  for (size_t i = 0; i < all.size(); ++i) last[all[i]->result.path] = i;
  std::vector<const Pending*> reads;
  reads.reserve(last.size());
  for (size_t i = 0; i < all.size(); ++i) {
    if (last[all[i]->result.path] == i) reads.push_back(all[i]);
  }

  std::unordered_map<std::string, int64_t> ids_by_path;
  ids_by_path.reserve(reads.size());
  STORE_TRY(InsertRows(
      db, kUpsertHead, kUpsertWidth, kUpsertTail, reads.size(),
      [&](Statement& s, size_t row, int p) {
        const Pending& pending = *reads[row];
        const report::FileResult& result = pending.result;
        const record::FileTally& tally = result.tally;
        const policy::Assessment* assessment = pending.assessment ? &*pending.assessment : nullptr;
        s.BindBlob(p, result.path)
            .BindText(p + 1, report::DisplayPath(result.path))
            .BindBlob(p + 2, result.container.empty() ? result.path : result.container.front())
            .BindBlob(p + 3, JoinContainer(result.container))
            .BindU(p + 4, result.size)
            .Bind(p + 5, result.mtime)
            .BindU(p + 6, result.inode)
            .BindU(p + 7, result.device)
            .Bind(p + 8, result.uid)
            .Bind(p + 9, result.gid)
            .Bind(p + 10, result.mode)
            .BindText(p + 11, result.format)
            .BindText(p + 12, result.encoding)
            .BindText(p + 13, ProtectionName(result.protection))
            .Bind(p + 14, result.content_readable ? 1 : 0)
            .BindText(p + 15, report::OutcomeName(result.outcome))
            .BindText(p + 16, result.reason)
            .BindU(p + 17, tally.records_read)
            .BindU(p + 18, tally.records)
            .BindU(p + 19, tally.people)
            .Bind(p + 20, tally.people_exact ? 1 : 0);
        for (size_t i = 0; i < kItemCount; ++i) {
          s.BindU(p + 21 + static_cast<int>(i), tally.items[i]);
        }
        s.Bind(p + 29, static_cast<int64_t>(ItemsMask(tally.items)))
            .BindU(p + 30, tally.category4)
            .BindU(p + 31, tally.category3)
            .BindU(p + 32, tally.category2);
        if (tally.has_personal_data()) {
          s.BindText(p + 33, ConfidenceName(tally.confidence));
        } else {
          s.BindNull(p + 33);
        }
        s.Bind(p + 34, scan_id)
            .Bind(p + 35, scan_id)
            .Bind(p + 36, scan_id)
            .BindBlob(p + 37, pending.share)
            .BindText(p + 38, assessment != nullptr ? assessment->zone : "")
            .BindText(p + 39, assessment != nullptr ? assessment->owner : "")
            .BindDouble(p + 40, assessment != nullptr ? assessment->risk : 0)
            .BindBlob(p + 41, result.acl)
            .BindText(p + 42, pending.policy_digest)
            .Bind(p + 43,
                  assessment != nullptr ? static_cast<int64_t>(assessment->violations.size()) : 0)
            .Bind(p + 44, 1)
            .Bind(p + 45, pending.has_members ? 1 : 0)
            .Bind(p + 46, static_cast<int64_t>(result.errors.size()))
            .Bind(p + 47, result.ctime_ns < ctime_trusted_before ? result.ctime_ns : 0);
      },
      [&](const Statement& row) { ids_by_path[row.Text(1)] = row.Int(0); }));

  std::vector<int64_t> ids;
  ids.reserve(reads.size());
  for (const Pending* pending : reads) {
    auto it = ids_by_path.find(pending->result.path);
    if (it == ids_by_path.end()) return MakeError(ErrorCode::kIo, "store: upsert returned no id");
    ids.push_back(it->second);
  }
  for (std::string_view table : {"samples", "errors", "violations"}) {
    STORE_TRY(DeleteChildren(db, table, ids));
  }

  // The child rows, flattened: (file index, ordinal) for each.
  struct Child {
    size_t file;
    size_t ordinal;
  };
  std::vector<Child> samples, errors, violations;
  for (size_t f = 0; f < reads.size(); ++f) {
    const Pending& pending = *reads[f];
    for (size_t i = 0; i < pending.result.tally.samples.size(); ++i) samples.push_back({f, i});
    for (size_t i = 0; i < pending.result.errors.size(); ++i) errors.push_back({f, i});
    if (pending.assessment) {
      for (size_t i = 0; i < pending.assessment->violations.size(); ++i) {
        violations.push_back({f, i});
      }
    }
  }
  STORE_TRY(InsertRows(db, "INSERT INTO samples (file_id, ordinal, item, masked)", 4, "",
                       samples.size(), [&](Statement& s, size_t row, int p) {
                         const Child& c = samples[row];
                         const MaskedValue& sample = reads[c.file]->result.tally.samples[c.ordinal];
                         s.Bind(p, ids[c.file])
                             .Bind(p + 1, static_cast<int64_t>(c.ordinal))
                             .BindText(p + 2, ItemName(sample.item()))
                             .BindText(p + 3, sample.text());
                       }));
  STORE_TRY(InsertRows(db, "INSERT INTO errors (file_id, ordinal, code, message)", 4, "",
                       errors.size(), [&](Statement& s, size_t row, int p) {
                         const Child& c = errors[row];
                         const Error& error = reads[c.file]->result.errors[c.ordinal];
                         s.Bind(p, ids[c.file])
                             .Bind(p + 1, static_cast<int64_t>(c.ordinal))
                             .BindText(p + 2, ErrorCodeName(error.code))
                             .BindText(p + 3, error.message);
                       }));
  STORE_TRY(InsertRows(db, "INSERT INTO violations (file_id, ordinal, rule, kind, evidence)", 5, "",
                       violations.size(), [&](Statement& s, size_t row, int p) {
                         const Child& c = violations[row];
                         const policy::Violation& violation =
                             reads[c.file]->assessment->violations[c.ordinal];
                         s.Bind(p, ids[c.file])
                             .Bind(p + 1, static_cast<int64_t>(c.ordinal))
                             .BindText(p + 2, violation.rule)
                             .BindText(p + 3, policy::RuleKindName(violation.kind))
                             .BindText(p + 4, violation.evidence);
                       }));
  return InsertRows(
      db,
      "INSERT INTO scan_files (scan_id, file_id, unchanged, outcome, records, people, items_mask)",
      7, R"sql(
      ON CONFLICT (scan_id, file_id) DO UPDATE SET unchanged = excluded.unchanged,
        outcome = excluded.outcome, records = excluded.records, people = excluded.people,
        items_mask = excluded.items_mask)sql",
      reads.size(), [&](Statement& s, size_t row, int p) {
        const report::FileResult& result = reads[row]->result;
        s.Bind(p, scan_id)
            .Bind(p + 1, ids[row])
            .Bind(p + 2, 0)
            .BindText(p + 3, report::OutcomeName(result.outcome))
            .BindU(p + 4, result.tally.records)
            .BindU(p + 5, result.tally.people)
            .Bind(p + 6, static_cast<int64_t>(ItemsMask(result.tally.items)));
      });
}

// The clean files carried forward in this batch, as runs of consecutive file ids of one
// outcome (doc/store.md, "Rescans"): a first scan numbers a folder's files one after the
// other, so a million such files make thousands of rows, not a million scan_files rows with
// their index entries.
Status SqlStore::WriteSeenClean(int64_t scan_id,
                                std::vector<std::pair<int64_t, report::Outcome>>& clean) {
  if (clean.empty()) return Ok();
  std::sort(clean.begin(), clean.end(), [](const auto& a, const auto& b) {
    return a.second < b.second || (a.second == b.second && a.first < b.first);
  });
  clean.erase(std::unique(clean.begin(), clean.end()), clean.end());
  struct Run {
    int64_t first;
    int64_t last;
    report::Outcome outcome;
  };
  std::vector<Run> runs;
  for (const auto& [id, outcome] : clean) {
    if (!runs.empty() && runs.back().outcome == outcome && runs.back().last + 1 == id) {
      runs.back().last = id;
    } else {
      runs.push_back(Run{id, id, outcome});
    }
  }
  return InsertRows(*writer_,
                    "INSERT INTO scan_clean_runs (scan_id, first_file, last_file, outcome)", 4, "",
                    runs.size(), [&](Statement& s, size_t row, int p) {
                      s.Bind(p, scan_id)
                          .Bind(p + 1, runs[row].first)
                          .Bind(p + 2, runs[row].last)
                          .BindText(p + 3, report::OutcomeName(runs[row].outcome));
                    });
}

}  // namespace mamori::store::internal
