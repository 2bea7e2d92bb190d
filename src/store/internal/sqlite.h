// Private to the store module: RAII over the SQLite C API, errors as Status.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"

namespace mamori::store::internal {

// A prepared statement, reset and cleared of bindings after each use (see Statement::Use).
// Bind indices are 1-based, as in SQLite.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  Statement& BindU(int index, uint64_t value) {
    // SQLite integers are signed 64-bit; sizes and inodes fit, and round-trip bit for bit.
    return Bind(index, static_cast<int64_t>(value));
  }
  Statement& BindText(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& BindBlob(int index, std::string_view bytes) {
    // A zero-length blob, not NULL, for an empty value.
    sqlite3_bind_blob(stmt_, index, bytes.empty() ? "" : bytes.data(),
                      static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& BindDouble(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
  }
  Statement& BindNull(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
  }

  // Steps once: true with a row, false when done.
  Result<bool> Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return MakeError(ErrorCode::kIo, std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  // Steps to the end, for statements without rows.
  Status Run() {
    Result<bool> row = Step();
    while (row && *row) row = Step();
    if (!row) return tl::unexpected(row.error());
    return Ok();
  }

  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  uint64_t UInt(int column) const { return static_cast<uint64_t>(Int(column)); }
  double Double(int column) const { return sqlite3_column_double(stmt_, column); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::string Text(int column) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    return data == nullptr ? std::string() : std::string(data, static_cast<size_t>(size));
  }

  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// Resets a cached statement when the scope that uses it ends, whatever the path out.
class StatementUse {
 public:
  explicit StatementUse(Statement& statement) : statement_(statement) {}
  ~StatementUse() { statement_.Reset(); }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  Statement* operator->() { return &statement_; }
  Statement& operator*() { return statement_; }

 private:
  Statement& statement_;
};

// One connection with a cache of prepared statements keyed by their SQL text's address
// (callers pass string literals).
class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string message =
          "cannot open " + path + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
      sqlite3_close(db);
      return MakeError(ErrorCode::kIo, std::move(message));
    }
    sqlite3_extended_result_codes(db, 1);
    return std::unique_ptr<Database>(new Database(db));
  }
  ~Database() {
    statements_.clear();
    sqlite3_close(db_);
  }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements without parameters or rows.
  Status Exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = std::string("sqlite: ") + (message != nullptr ? message : "error");
      sqlite3_free(message);
      return MakeError(ErrorCode::kIo, std::move(text));
    }
    return Ok();
  }

  // The cached statement for `sql`. REQUIRES: `sql` is a string literal (its address is the
  // key) holding one statement.
  Result<Statement*> Prepare(const char* sql) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) return it->second.get();
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      return MakeError(ErrorCode::kIo, std::string("sqlite: ") + sqlite3_errmsg(db_));
    }
    auto statement = std::make_unique<Statement>(db_, stmt);
    Statement* raw = statement.get();
    statements_.emplace(sql, std::move(statement));
    return raw;
  }

  int64_t Changes() const { return sqlite3_changes64(db_); }
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* handle() { return db_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, std::unique_ptr<Statement>> statements_;
};

}  // namespace mamori::store::internal
