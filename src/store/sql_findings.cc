// The findings list, its count and the export's walk, at a million files (doc/store.md
// "Findings queries").
//
// A page is one of two plans. When some filter has few candidate files (a rare rule, a path
// text, acknowledged files, a high minimum risk...) those candidates are read through their
// own index and sorted: a few thousand rows at most. Otherwise the matches are dense, and the
// list walks the index of its order and filters each row until the page is full: at least
// kSparse matches among at most a million rows, so about limit x files / kSparse rows for a
// page. Which filter is selective is found by probes that count a filter's candidates no
// further than kSparse: a few index entries each. Deep pages seek to the sort key of a cursor
// file (keyset paging) rather than read and skip every earlier row. A rule and other
// conditions that are each dense may barely overlap: the rule's files joined to them tell
// (ProbeViolationJoin). A caller's time budget (the console's) bounds a whole call: a
// statement that overruns it fails, and no partial list is returned.
//
// SQLite plans without statistics and takes any usable index, so a condition that must not
// drive the plan is written `+column` (no index then); PostgreSQL plans by cost and statistics
// and gets every condition plain.
#include <algorithm>
#include <chrono>
#include <optional>

#include "store/internal/names.h"
#include "store/internal/query_params.h"
#include "store/internal/sql_store.h"

namespace mamori::store::internal {
namespace {

// See the top of the file. Read whole and sorted, kSparse rows cost a few milliseconds.
constexpr uint64_t kSparse = 4000;
// See ChoosePlan: the path text's candidates on SQLite count for a quarter each.
constexpr uint64_t kTextWeight = 4;
// ForEachFinding reads this many files per query.
constexpr uint32_t kChunk = 1000;

size_t CodePoints(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

// A trigram index finds a text of three characters or more; a shorter one is looked for in
// every candidate's path (the walk of the order's index, bounded by the page).
bool TrigramSearchable(std::string_view text) { return CodePoints(text) >= 3; }

// Well-formed UTF-8 without NUL: the trigram tokenizer splits it as instr() reads it.
bool CleanUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t length = lead == 0             ? 0
                          : lead < 0x80         ? 1
                          : (lead >> 5) == 0x6  ? 2
                          : (lead >> 4) == 0xe  ? 3
                          : (lead >> 3) == 0x1e ? 4
                                                : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// At most this many trigrams go into the FTS5 query: each reads its posting list, and a
// superset of the matches is enough (instr() checks each candidate).
constexpr size_t kMatchTrigrams = 6;

// The FTS5 query finding every path that holds `text` (three characters or more): trigrams
// that cover the text without overlapping (every third one, and the last), ANDed. Reading
// posting lists and intersecting them, it never reads a path, unlike GLOB which checks every
// candidate's content.
std::string TrigramMatch(std::string_view text) {
  std::vector<size_t> starts;  // byte offset of each character
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) starts.push_back(i);
  }
  starts.push_back(text.size());
  const size_t characters = starts.size() - 1;
  std::vector<size_t> firsts;
  for (size_t first = 0; first + 3 <= characters; first += 3) firsts.push_back(first);
  if (firsts.back() + 3 < characters) firsts.push_back(characters - 3);
  if (firsts.size() > kMatchTrigrams) {
    // The first ones and the last: a path text's rare part is usually its end (a file name).
    firsts.erase(firsts.begin() + static_cast<std::ptrdiff_t>(kMatchTrigrams - 1),
                 firsts.end() - 1);
  }
  std::string match;
  for (size_t first : firsts) {
    if (!match.empty()) match += " AND ";
    match += '"';
    for (char c : text.substr(starts[first], starts[first + 3] - starts[first])) {
      if (c == '"') match += '"';
      match += c;
    }
    match += '"';
  }
  return match;
}

std::string LikeSubstring(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

// The filter that reads its candidates through its own index in the sparse plan.
enum class Driver : uint8_t {
  kNone,
  kText,
  kRule,
  kKind,
  kAcknowledged,
  kShare,
  kZone,
  kRisk,
  kItem
};

// How a query uses the filter: to count (every condition may drive), to list a sparse
// driver's candidates (only the driver may), or to walk the order's index (only conditions
// that index serves may).
enum class Use : uint8_t { kCount, kCandidates, kWalk };

struct Plan {
  Driver driver = Driver::kNone;
  bool empty = false;               // a probe found no candidate at all
  std::string trigram_match;        // kText on SQLite: TrigramMatch of the text
  std::vector<int64_t> item_masks;  // kItem: the values of items_mask holding the item
};

// Where a keyset page starts: the sort key of the cursor file (every order ends in path,
// which is unique).
struct SortKey {
  double risk = 0;
  int64_t people = 0;
  int64_t records = 0;
  int64_t mtime = 0;
  std::string path;
};

SortKey KeyOf(const FileRow& row) {
  return {row.assessment.risk, static_cast<int64_t>(row.people), static_cast<int64_t>(row.records),
          row.mtime, row.path};
}

class FilterBuilder {
 public:
  FilterBuilder(Dialect dialect, const FindingFilter& filter, Use use, const Plan& plan,
                std::vector<SqlParam>& params)
      : dialect_(dialect),
        filter_(filter),
        use_(use),
        plan_(plan),
        driver_(plan.driver),
        params_(params) {}

  // " WHERE ..." over `files f`.
  std::string Where() {
    // Exactly the partial indexes' condition, never hidden: every plan needs those indexes.
    std::string where = " WHERE (f.records > 0 OR f.violation_count > 0)";
    if (!filter_.include_deleted) where += " AND f.present = 1";
    if (!filter_.path_prefix.empty()) {
      where += " AND f.path >= " + Add(params_, Blob(filter_.path_prefix));
      const std::string end = PrefixEnd(filter_.path_prefix);
      if (!end.empty()) where += " AND f.path < " + Add(params_, Blob(end));
    }
    if (!filter_.path_contains.empty()) where += " AND " + TextCondition();
    if (filter_.min_people > 0) {
      where += " AND " + Column("f.people", false) +
               " >= " + Add(params_, Int(static_cast<int64_t>(filter_.min_people)));
    }
    if (filter_.item) {
      where += " AND (f.items_mask & " +
               Add(params_, Int(int64_t{1} << static_cast<int>(*filter_.item))) + ") <> 0";
      if (driver_ == Driver::kItem && use_ != Use::kWalk) {
        where += " AND f.items_mask IN " +
                 IdSetSql(dialect_, Add(params_, Text(IdSetValue(dialect_, plan_.item_masks))));
      }
    }
    if (filter_.seen_in_scan != 0) {
      where += " AND EXISTS (SELECT 1 FROM scan_files sf WHERE sf.scan_id = " +
               Add(params_, Int(filter_.seen_in_scan)) + " AND sf.file_id = f.id)";
    }
    if (!filter_.share.empty()) {
      where += " AND " + Column("f.share", Drives(Driver::kShare)) + " = " +
               Add(params_, Blob(filter_.share));
      // A share's files are the paths under it: in path order a walk seeks to them.
      if (use_ == Use::kWalk && filter_.order == FindingOrder::kPath) {
        where += " AND f.path >= " + Add(params_, Blob(filter_.share));
        const std::string end = PrefixEnd(filter_.share);
        if (!end.empty()) where += " AND f.path < " + Add(params_, Blob(end));
      }
    }
    if (!filter_.zone.empty()) {
      where += " AND " + Column("f.zone", Drives(Driver::kZone)) + " = " +
               Add(params_, Text(filter_.zone));
    }
    if (!filter_.rule.empty()) where += " AND " + Violation("rule", filter_.rule, Driver::kRule);
    if (filter_.kind) {
      where += " AND " +
               Violation("kind", std::string(policy::RuleKindName(*filter_.kind)), Driver::kKind);
    }
    if (filter_.only_violations) where += " AND " + Column("f.violation_count", false) + " > 0";
    if (filter_.min_risk > 0) {
      where += " AND " + Column("f.risk", Drives(Driver::kRisk)) +
               " >= " + Add(params_, Real(filter_.min_risk));
    }
    if (filter_.ack == AckState::kOpen) {
      where += " AND " + Column("f.acknowledgement", false) + " = 0";
    }
    if (filter_.ack == AckState::kAcknowledged) {
      where += " AND " + Column("f.acknowledgement", Drives(Driver::kAcknowledged)) + " > 0";
    }
    return where;
  }

 private:
  // Whether the condition on this filter may choose the plan's index.
  bool Drives(Driver driver) const {
    switch (use_) {
      case Use::kCount:
        return true;
      case Use::kCandidates:
        return driver == driver_;
      case Use::kWalk:
        // The indexes (share|zone, risk DESC, people DESC, path) and (zone, path) serve
        // their order and the filter at once.
        if (filter_.order == FindingOrder::kRisk) {
          return driver == Driver::kShare || driver == Driver::kZone || driver == Driver::kRisk;
        }
        return filter_.order == FindingOrder::kPath && driver == Driver::kZone;
    }
    return false;
  }

  std::string Column(std::string_view column, bool usable) const {
    if (usable || dialect_ != Dialect::kSqlite) return std::string(column);
    return "+" + std::string(column);
  }

  std::string TextCondition() {
    const std::string& text = filter_.path_contains;
    if (dialect_ == Dialect::kPostgres) {
      // pg_trgm serves LIKE; PostgreSQL's planner decides whether to use it.
      if (TrigramSearchable(text)) {
        return "f.display_path LIKE " + Add(params_, Text(LikeSubstring(text)));
      }
      return Contains(dialect_, "f.display_path", Add(params_, Text(text)));
    }
    std::string condition = Contains(dialect_, "f.display_path", Add(params_, Text(text)));
    // A count with no sparse driver reads the text's trigram candidates rather than every
    // file: a text in a few percent of the paths reaches the count's bound through a few
    // thousand of them.
    const bool count_candidates = use_ == Use::kCount && driver_ == Driver::kNone &&
                                  TrigramSearchable(text) && CleanUtf8(text);
    if ((driver_ == Driver::kText && use_ != Use::kWalk) || count_candidates) {
      condition +=
          " AND f.id IN (SELECT rowid FROM files_path_trigram WHERE files_path_trigram MATCH " +
          Add(params_, Text(count_candidates ? TrigramMatch(text) : plan_.trigram_match)) + ")";
    }
    return condition;
  }

  std::string Violation(std::string_view column, std::string value, Driver driver) {
    const std::string placeholder = Add(params_, Text(std::move(value)));
    if (driver == driver_ && use_ != Use::kWalk) {
      return "f.id IN (SELECT file_id FROM violations WHERE " + std::string(column) + " = " +
             placeholder + ")";
    }
    return "EXISTS (SELECT 1 FROM violations v WHERE v.file_id = f.id AND v." +
           std::string(column) + " = " + placeholder + ")";
  }

  Dialect dialect_;
  const FindingFilter& filter_;
  Use use_;
  const Plan& plan_;
  Driver driver_;
  std::vector<SqlParam>& params_;
};

// The rows after (before, when `backward`) `key` in `order`; `usable`: the order's index may
// seek to it.
std::string KeysetSql(Dialect dialect, FindingOrder order, const SortKey& key, bool backward,
                      bool usable, std::vector<SqlParam>& params) {
  const std::string plus = usable || dialect != Dialect::kSqlite ? "" : "+";
  const std::string path = Add(params, Blob(key.path));
  // Descending columns come after the key when smaller; path (ascending) when greater.
  const std::string down = backward ? ">" : "<";
  const std::string up = backward ? "<" : ">";
  const std::string path_after = plus + "f.path " + up + " " + path;
  switch (order) {
    case FindingOrder::kRisk: {
      const std::string risk = Add(params, Real(key.risk));
      const std::string people = Add(params, Int(key.people));
      return plus + "f.risk " + down + "= " + risk + " AND (" + plus + "f.risk " + down + " " +
             risk + " OR " + plus + "f.people " + down + " " + people + " OR (" + plus +
             "f.people = " + people + " AND " + path_after + "))";
    }
    case FindingOrder::kPeople: {
      const std::string people = Add(params, Int(key.people));
      const std::string records = Add(params, Int(key.records));
      return plus + "f.people " + down + "= " + people + " AND (" + plus + "f.people " + down +
             " " + people + " OR " + plus + "f.records " + down + " " + records + " OR (" + plus +
             "f.records = " + records + " AND " + path_after + "))";
    }
    case FindingOrder::kPath:
      return path_after;
    case FindingOrder::kModified: {
      const std::string mtime = Add(params, Int(key.mtime));
      return plus + "f.mtime " + up + "= " + mtime + " AND (" + plus + "f.mtime " + up + " " +
             mtime + " OR " + path_after + ")";
    }
  }
  return "1 = 1";
}

std::string OrderSql(Dialect dialect, FindingOrder order, bool backward, bool usable) {
  const std::string plus = usable || dialect != Dialect::kSqlite ? "" : "+";
  const std::string desc = backward ? "" : " DESC";
  const std::string asc = backward ? " DESC" : "";
  switch (order) {
    case FindingOrder::kRisk:
      return plus + "f.risk" + desc + ", " + plus + "f.people" + desc + ", " + plus + "f.path" +
             asc;
    case FindingOrder::kPeople:
      return plus + "f.people" + desc + ", " + plus + "f.records" + desc + ", " + plus + "f.path" +
             asc;
    case FindingOrder::kPath:
      return plus + "f.path" + asc;
    case FindingOrder::kModified:
      return plus + "f.mtime" + asc + ", " + plus + "f.path" + asc;
  }
  return "f.path";
}

// The values of items_mask that hold `item` among the listable files: a walk of files_items
// from each distinct value to the next (a few dozen seeks), not of its entries.
Result<std::vector<int64_t>> ItemMasks(Connection& db, Item item) {
  STORE_PREPARE(db, select, R"sql(
    WITH RECURSIVE masks (mask) AS (
      SELECT MIN(items_mask) FROM files WHERE records > 0 OR violation_count > 0
      UNION ALL
      SELECT (SELECT MIN(f.items_mask) FROM files f
              WHERE (f.records > 0 OR f.violation_count > 0) AND f.items_mask > masks.mask)
      FROM masks WHERE masks.mask IS NOT NULL)
    SELECT mask FROM masks WHERE mask IS NOT NULL)sql");
  std::vector<int64_t> masks;
  const int64_t bit = int64_t{1} << static_cast<int>(item);
  STORE_TRY(ForEachRow(*select, [&](Statement& row) {
    if ((row.Int(0) & bit) != 0) masks.push_back(row.Int(0));
  }));
  return masks;
}

// Counts at most `limit` candidates of one driver through its own index (an upper bound of
// the filter's matches), and sets what that driver's plan needs in `plan`.
Result<uint64_t> Probe(Connection& db, const FindingFilter& filter, Driver driver, uint64_t limit,
                       Plan& plan) {
  std::string sql;
  std::vector<SqlParam> params;
  const std::string base =
      filter.include_deleted ? " WHERE (f.records > 0 OR f.violation_count > 0)"
                             : " WHERE (f.records > 0 OR f.violation_count > 0) AND f.present = 1";
  switch (driver) {
    case Driver::kText:
      if (db.dialect() == Dialect::kSqlite) {
        plan.trigram_match = TrigramMatch(filter.path_contains);
        sql = "SELECT 1 FROM files_path_trigram WHERE files_path_trigram MATCH " +
              Add(params, Text(plan.trigram_match));
      } else {
        sql = "SELECT 1 FROM files f" + base + " AND f.display_path LIKE " +
              Add(params, Text(LikeSubstring(filter.path_contains)));
      }
      break;
    case Driver::kRule:
      sql = "SELECT 1 FROM violations WHERE rule = " + Add(params, Text(filter.rule));
      break;
    case Driver::kKind:
      sql = "SELECT 1 FROM violations WHERE kind = " +
            Add(params, Text(std::string(policy::RuleKindName(*filter.kind))));
      break;
    case Driver::kAcknowledged:
      sql = "SELECT 1 FROM files WHERE acknowledgement > 0";
      break;
    case Driver::kShare:
      sql = "SELECT 1 FROM files f" + base + " AND f.share = " + Add(params, Blob(filter.share));
      break;
    case Driver::kZone:
      sql = "SELECT 1 FROM files f" + base + " AND f.zone = " + Add(params, Text(filter.zone));
      break;
    case Driver::kRisk:
      sql = "SELECT 1 FROM files f" + base + " AND f.risk >= " + Add(params, Real(filter.min_risk));
      break;
    case Driver::kItem: {
      Result<std::vector<int64_t>> masks = ItemMasks(db, *filter.item);
      if (!masks) return tl::unexpected(masks.error());
      if (masks->empty()) return 0;
      plan.item_masks = std::move(*masks);
      sql = "SELECT 1 FROM files f" + base + " AND f.items_mask IN " +
            IdSetSql(db.dialect(), Add(params, Text(IdSetValue(db.dialect(), plan.item_masks))));
      break;
    }
    case Driver::kNone:
      return limit;
  }
  sql = "SELECT COUNT(*) FROM (" + sql + " LIMIT " + Add(params, Int(static_cast<int64_t>(limit))) +
        ") p";
  STORE_PREPARE(db, select, sql);
  BindAll(*select, params);
  Result<bool> row = select->Step();
  if (!row) return tl::unexpected(row.error());
  return select->UInt(0);
}

// A rule (kind) with at most this many violations may be joined to the files' other
// conditions to find out whether the two barely overlap: about 100 ms at this size.
constexpr int64_t kJoinProbe = 120'000;

bool HasConditionBesidesViolation(const FindingFilter& filter) {
  return !filter.path_prefix.empty() || !filter.path_contains.empty() || filter.min_people > 0 ||
         filter.item || filter.seen_in_scan != 0 || !filter.share.empty() || !filter.zone.empty() ||
         (!filter.rule.empty() && filter.kind) || filter.min_risk > 0 ||
         filter.ack != AckState::kAny;
}

// Two dense filters may barely overlap (a zone and the rule of another zone's shares; a share
// and a rule none of its files breaks): the rule's (kind's) files that pass every other
// condition, counted up to `limit` through its index, when it has few enough violations;
// nothing when it has more.
Result<std::optional<uint64_t>> ProbeViolationJoin(Connection& db, const FindingFilter& filter,
                                                   uint64_t limit) {
  const bool by_rule = !filter.rule.empty();
  const std::string column = by_rule ? "rule" : "kind";
  const std::string value = by_rule ? filter.rule : std::string(policy::RuleKindName(*filter.kind));
  {
    std::vector<SqlParam> params;
    STORE_PREPARE(db, size,
                  "SELECT COUNT(*) FROM (SELECT 1 FROM violations WHERE " + column + " = " +
                      Add(params, Text(value)) + " LIMIT " + Add(params, Int(kJoinProbe + 1)) +
                      ") v");
    BindAll(*size, params);
    Result<bool> row = size->Step();
    if (!row) return tl::unexpected(row.error());
    if (size->Int(0) > kJoinProbe) return std::optional<uint64_t>();
  }
  FindingFilter rest = filter;
  if (by_rule) {
    rest.rule.clear();
  } else {
    rest.kind.reset();
  }
  std::vector<SqlParam> params;
  const Plan none;
  // CROSS JOIN: SQLite then reads the violations first, whatever the files' partial indexes.
  std::string sql = "SELECT COUNT(*) FROM (SELECT 1 FROM violations v CROSS JOIN files f" +
                    FilterBuilder(db.dialect(), rest, Use::kCandidates, none, params).Where() +
                    " AND f.id = v.file_id AND v." + column + " = " + Add(params, Text(value)) +
                    " LIMIT " + Add(params, Int(static_cast<int64_t>(limit))) + ") p";
  STORE_PREPARE(db, select, sql);
  BindAll(*select, params);
  Result<bool> row = select->Step();
  if (!row) return tl::unexpected(row.error());
  return std::optional<uint64_t>(select->UInt(0));
}

// The driver with the fewest candidates when it has at most kSparse; kNone otherwise.
Result<Plan> ChoosePlan(Connection& db, const FindingFilter& filter) {
  std::vector<Driver> drivers;
  if (!filter.path_contains.empty() && TrigramSearchable(filter.path_contains) &&
      (db.dialect() != Dialect::kSqlite || CleanUtf8(filter.path_contains))) {
    drivers.push_back(Driver::kText);
  }
  if (!filter.rule.empty()) drivers.push_back(Driver::kRule);
  if (filter.kind) drivers.push_back(Driver::kKind);
  if (filter.ack == AckState::kAcknowledged) drivers.push_back(Driver::kAcknowledged);
  if (!filter.share.empty()) drivers.push_back(Driver::kShare);
  if (!filter.zone.empty()) drivers.push_back(Driver::kZone);
  if (filter.min_risk > 0) drivers.push_back(Driver::kRisk);
  if (filter.item) drivers.push_back(Driver::kItem);
  Plan plan;
  uint64_t fewest = kSparse + 1;
  for (Driver driver : drivers) {
    Plan candidate;
    candidate.driver = driver;
    // SQLite's trigram candidates are a superset read in id order (near rows together), and a
    // text's matches cluster in path order (a folder name), where a walk passes every other
    // folder first: they drive up to kTextWeight times as many candidates.
    const uint64_t weight =
        driver == Driver::kText && db.dialect() == Dialect::kSqlite ? kTextWeight : 1;
    Result<uint64_t> candidates = Probe(db, filter, driver, fewest * weight, candidate);
    if (!candidates) return tl::unexpected(candidates.error());
    if (*candidates == 0) {
      candidate.empty = true;
      return candidate;
    }
    if (*candidates / weight < fewest) {
      fewest = std::max<uint64_t>(1, *candidates / weight);
      plan = std::move(candidate);
    }
  }
  if (plan.driver == Driver::kNone && (!filter.rule.empty() || filter.kind) &&
      HasConditionBesidesViolation(filter)) {
    Result<std::optional<uint64_t>> joined = ProbeViolationJoin(db, filter, kSparse + 1);
    if (!joined) return tl::unexpected(joined.error());
    if (*joined && **joined <= kSparse) {
      plan.driver = filter.rule.empty() ? Driver::kKind : Driver::kRule;
      plan.empty = **joined == 0;
    }
  }
  return plan;
}

// Lifts the time budget of a leased connection when the query that set it ends, whatever the
// path out (the next lease must not inherit it).
class BudgetLift {
 public:
  explicit BudgetLift(Connection& db) : db_(db) {}
  ~BudgetLift() { (void)db_.SetTimeBudget(std::chrono::microseconds{0}); }
  BudgetLift(const BudgetLift&) = delete;
  BudgetLift& operator=(const BudgetLift&) = delete;

 private:
  Connection& db_;
};

Result<std::optional<SortKey>> LoadKey(Connection& db, int64_t file_id) {
  STORE_PREPARE(db, select, "SELECT risk, people, records, mtime, path FROM files WHERE id = $1");
  select->Bind(1, file_id);
  std::optional<SortKey> key;
  STORE_TRY(ForEachRow(*select, [&](Statement& row) {
    key = SortKey{row.Double(0), row.Int(1), row.Int(2), row.Int(3), row.Text(4)};
  }));
  return key;
}

// One page of `plan`, in `filter.order` (reversed when `backward`, then put back in order).
Result<std::vector<FileRow>> SelectPage(Connection& db, const FindingFilter& filter,
                                        const Plan& plan, const std::optional<SortKey>& key,
                                        bool backward, uint64_t offset, uint32_t limit) {
  std::vector<FileRow> rows;
  if (plan.empty) return rows;
  const Dialect dialect = db.dialect();
  const bool walk = plan.driver == Driver::kNone;
  std::vector<SqlParam> params;
  std::string sql =
      "SELECT " MAMORI_FILE_COLUMNS " FROM files f" +
      FilterBuilder(dialect, filter, walk ? Use::kWalk : Use::kCandidates, plan, params).Where();
  if (key) sql += " AND " + KeysetSql(dialect, filter.order, *key, backward, walk, params);
  sql += " ORDER BY " + OrderSql(dialect, filter.order, backward, walk);
  sql += " LIMIT " + Add(params, Int(limit));
  if (offset > 0) sql += " OFFSET " + Add(params, Int(static_cast<int64_t>(offset)));
  STORE_PREPARE(db, select, sql);
  BindAll(*select, params);
  STORE_TRY(ForEachRow(*select, [&](Statement& row) { rows.push_back(ReadFileRow(row)); }));
  if (backward) std::reverse(rows.begin(), rows.end());
  return rows;
}

}  // namespace

Result<std::vector<FileRow>> SqlStore::ListFindings(const FindingFilter& filter, const Page& page) {
  STORE_TRY(FlushForRead());
  STORE_LEASE(db);
  std::optional<BudgetLift> lift;
  if (page.budget.count() > 0) {
    STORE_TRY(db.SetTimeBudget(page.budget));
    lift.emplace(db);
  }
  std::optional<SortKey> key;
  const bool backward = page.after_file == 0 && page.before_file != 0;
  if (const int64_t cursor = page.after_file != 0 ? page.after_file : page.before_file;
      cursor != 0) {
    Result<std::optional<SortKey>> loaded = LoadKey(db, cursor);
    if (!loaded) return tl::unexpected(loaded.error());
    key = std::move(*loaded);
  }
  Result<Plan> plan = ChoosePlan(db, filter);
  if (!plan) return tl::unexpected(plan.error());
  Result<std::vector<FileRow>> rows =
      SelectPage(db, filter, *plan, key, key && backward, page.offset, page.limit);
  if (!rows) return rows;
  STORE_TRY(FillDetails(db, *rows, /*with_samples=*/true));
  return rows;
}

Result<uint64_t> SqlStore::CountFindings(const FindingFilter& filter) {
  STORE_TRY(FlushForRead());
  STORE_LEASE(db);
  std::vector<SqlParam> params;
  const std::string sql = "SELECT COUNT(*) FROM files f" +
                          FilterBuilder(db.dialect(), filter, Use::kCount, Plan{}, params).Where();
  STORE_PREPARE(db, select, sql);
  BindAll(*select, params);
  Result<bool> row = select->Step();
  if (!row) return tl::unexpected(row.error());
  return select->UInt(0);
}

Result<FindingCount> SqlStore::CountFindingsUpTo(const FindingFilter& filter, uint64_t bound,
                                                 std::chrono::microseconds budget) {
  STORE_TRY(FlushForRead());
  // The rollups' figure, when they hold the filter and it is over the bound, needs no count.
  Result<std::optional<uint64_t>> rolled_up = RollupCount(filter);
  if (!rolled_up) return tl::unexpected(rolled_up.error());
  if (*rolled_up && **rolled_up > bound) return FindingCount{**rolled_up, true};
  uint64_t counted = 0;
  {
    STORE_LEASE(db);
    std::optional<BudgetLift> lift;
    if (budget.count() > 0) {
      STORE_TRY(db.SetTimeBudget(budget));
      lift.emplace(db);
    }
    Result<Plan> plan = ChoosePlan(db, filter);
    if (!plan) return tl::unexpected(plan.error());
    if (plan->empty) return FindingCount{0, true};
    std::vector<SqlParam> params;
    std::string sql;
    if (plan->driver == Driver::kNone && (!filter.rule.empty() || filter.kind)) {
      // Dense violations: stream the rule's (kind's) index and stop at the bound, rather
      // than walk files in an order where its files may all come last.
      const bool by_rule = !filter.rule.empty();
      sql =
          "SELECT COUNT(*) FROM (SELECT DISTINCT v.file_id FROM violations v JOIN files f ON "
          "f.id = v.file_id" +
          FilterBuilder(db.dialect(), filter, Use::kCount, *plan, params).Where() +
          (by_rule ? " AND v.rule = " + Add(params, Text(filter.rule))
                   : " AND v.kind = " +
                         Add(params, Text(std::string(policy::RuleKindName(*filter.kind))))) +
          " LIMIT " + Add(params, Int(static_cast<int64_t>(bound + 1))) + ") c";
    } else {
      sql = "SELECT COUNT(*) FROM (SELECT 1 FROM files f" +
            FilterBuilder(db.dialect(), filter, Use::kCount, *plan, params).Where() + " LIMIT " +
            Add(params, Int(static_cast<int64_t>(bound + 1))) + ") c";
    }
    STORE_PREPARE(db, select, sql);
    BindAll(*select, params);
    Result<bool> row = select->Step();
    if (!row) return tl::unexpected(row.error());
    counted = select->UInt(0);
  }
  if (counted <= bound) return FindingCount{counted, true};
  return FindingCount{bound, false};
}

// The dashboard's figure for a filter it holds: nothing but share and one of zone, rule and
// item, every acknowledgement state, files the latest scans saw.
Result<std::optional<uint64_t>> SqlStore::RollupCount(const FindingFilter& filter) {
  const int dimensions =
      (filter.zone.empty() ? 0 : 1) + (filter.rule.empty() ? 0 : 1) + (filter.item ? 1 : 0);
  if (dimensions > 1 || !filter.path_prefix.empty() || !filter.path_contains.empty() ||
      filter.min_people > 0 || filter.seen_in_scan != 0 || filter.kind || filter.only_violations ||
      filter.min_risk > 0 || filter.ack != AckState::kAny || filter.include_deleted) {
    return std::optional<uint64_t>();
  }
  Result<Overview> overview = Summarize();
  if (!overview) return tl::unexpected(overview.error());
  std::string dimension = "total";
  std::string key;
  if (!filter.zone.empty()) {
    dimension = "zone";
    key = filter.zone;
  } else if (!filter.rule.empty()) {
    dimension = "rule";
    key = filter.rule;
  } else if (filter.item) {
    dimension = "item";
    key = std::string(ItemName(*filter.item));
  }
  if (filter.share.empty()) {
    const std::vector<Overview::Group>* groups = nullptr;
    if (dimension == "total") return std::optional<uint64_t>(overview->total.files_with_findings);
    if (dimension == "zone") groups = &overview->by_zone;
    if (dimension == "rule") groups = &overview->by_rule;
    if (dimension == "item") groups = &overview->by_item;
    for (const Overview::Group& group : *groups) {
      if (group.key == key) return std::optional<uint64_t>(group.files_with_findings);
    }
    return std::optional<uint64_t>();
  }
  return ShareRollupCount(filter.share, dimension, key);
}

Result<std::optional<uint64_t>> SqlStore::ShareRollupCount(const std::string& share,
                                                           const std::string& dimension,
                                                           const std::string& key) {
  STORE_LEASE(db);
  STORE_PREPARE(db, select, R"sql(
    SELECT r.files_with_findings FROM scan_rollups r
    WHERE r.share = $1 AND r.dimension = $2 AND r.key = $3
      AND r.scan_id = (SELECT MAX(s.id) FROM scans s JOIN scan_roots sr ON sr.scan_id = s.id
                       WHERE s.status = 'completed' AND sr.path = $1))sql");
  select->BindBlob(1, share).BindText(2, dimension).BindBlob(3, key);
  std::optional<uint64_t> files;
  STORE_TRY(ForEachRow(*select, [&](Statement& row) { files = row.UInt(0); }));
  return files;
}

Status SqlStore::ForEachFinding(const FindingFilter& filter,
                                const std::function<Status(const FileRow&)>& visit) {
  STORE_TRY(FlushForRead());
  STORE_LEASE(db);
  Result<Plan> plan = ChoosePlan(db, filter);
  if (!plan) return tl::unexpected(plan.error());
  std::optional<SortKey> key;
  while (true) {
    Result<std::vector<FileRow>> rows =
        SelectPage(db, filter, *plan, key, /*backward=*/false, 0, kChunk);
    if (!rows) return tl::unexpected(rows.error());
    STORE_TRY(FillDetails(db, *rows, /*with_samples=*/false));
    for (const FileRow& row : *rows) STORE_TRY(visit(row));
    if (rows->size() < kChunk) return Ok();
    key = KeyOf(rows->back());
  }
}

}  // namespace mamori::store::internal
