// Private to the store module: the pieces every query built at run time shares (parameters
// numbered as they are added, row loops, id sets bound as one parameter).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/internal/sql.h"

// In a SqlStore method: leases a reader connection as `name`, or returns the pool's error
// from the method (a macro because it returns).
#define STORE_LEASE(name)                                                 \
  Result<std::unique_ptr<Pool::Lease>> name##_lease = readers_.Acquire(); \
  if (!name##_lease) return tl::unexpected(name##_lease.error());         \
  Connection& name = ***name##_lease

namespace mamori::store::internal {

// Appends `param` and returns its placeholder ("$N").
inline std::string Add(std::vector<SqlParam>& params, SqlParam param) {
  params.push_back(std::move(param));
  return "$" + std::to_string(params.size());
}
inline SqlParam Int(int64_t value) { return {SqlParam::Kind::kInt, value, 0, {}}; }
inline SqlParam Real(double value) { return {SqlParam::Kind::kDouble, 0, value, {}}; }
inline SqlParam Text(std::string value) { return {SqlParam::Kind::kText, 0, 0, std::move(value)}; }
inline SqlParam Blob(std::string value) { return {SqlParam::Kind::kBlob, 0, 0, std::move(value)}; }

// The first byte string greater than every string starting with `prefix` (for a range scan
// of a path prefix); empty when none.
inline std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(prefix.back());
    if (last != 0xff) {
      ++last;
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

// Steps through every row of `statement`, calling `on_row` for each.
template <class F>
Status ForEachRow(Statement& statement, F on_row) {
  while (true) {
    Result<bool> row = statement.Step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return Ok();
    on_row(statement);
  }
}

// A set of ids bound as one text parameter, so that the statement text stays the same
// whatever the ids (a text per id list would fill the connection's statement cache):
// "(SELECT ...)" over the parameter `placeholder`, and the parameter's value.
inline std::string IdSetSql(Dialect dialect, std::string_view placeholder) {
  if (dialect == Dialect::kSqlite) {
    return "(SELECT value FROM json_each(" + std::string(placeholder) + "))";
  }
  return "(SELECT unnest(CAST(" + std::string(placeholder) + " AS BIGINT[])))";
}
inline std::string IdSetValue(Dialect dialect, const std::vector<int64_t>& ids) {
  std::string list = dialect == Dialect::kSqlite ? "[" : "{";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) list += ',';
    list += std::to_string(ids[i]);
  }
  list += dialect == Dialect::kSqlite ? "]" : "}";
  return list;
}

}  // namespace mamori::store::internal
