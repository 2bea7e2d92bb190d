// The SQLite driver of store/internal/sql.h.
#include <sqlite3.h>

#include <cctype>
#include <chrono>
#include <unordered_map>

#include "store/internal/sql.h"

namespace mamori::store::internal {
namespace {

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  Statement& Bind(int index, int64_t value) override {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  Statement& BindText(int index, std::string_view text) override {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& BindBlob(int index, std::string_view bytes) override {
    // A zero-length blob, not NULL, for an empty value.
    sqlite3_bind_blob(stmt_, index, bytes.empty() ? "" : bytes.data(),
                      static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& BindDouble(int index, double value) override {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
  }
  Statement& BindNull(int index) override {
    sqlite3_bind_null(stmt_, index);
    return *this;
  }

  Result<bool> Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    // Only the time budget's progress handler interrupts a statement.
    if (rc == SQLITE_INTERRUPT) return MakeError(ErrorCode::kLimitExceeded, "sqlite: time budget");
    return MakeError(ErrorCode::kIo, std::string("sqlite: ") + sqlite3_errmsg(db_));
  }

  int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  double Double(int column) const override { return sqlite3_column_double(stmt_, column); }
  bool IsNull(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  std::string Text(int column) const override {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    return data == nullptr ? std::string() : std::string(data, static_cast<size_t>(size));
  }

  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// $N -> ?N: SQLite reads "$1" as a named parameter numbered by first appearance.
std::string ToSqlitePlaceholders(std::string_view sql) {
  std::string out(sql);
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    if (out[i] == '$' && std::isdigit(static_cast<unsigned char>(out[i + 1])) != 0) out[i] = '?';
  }
  return out;
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    statements_.clear();
    sqlite3_close(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }

  Status Exec(std::string_view sql) override {
    const std::string text(sql);
    char* message = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string error = std::string("sqlite: ") + (message != nullptr ? message : "error");
      sqlite3_free(message);
      return MakeError(ErrorCode::kIo, std::move(error));
    }
    return Ok();
  }

  Result<Statement*> Prepare(std::string_view sql) override {
    auto it = statements_.find(sql);
    if (it != statements_.end()) return it->second.get();
    const std::string text = ToSqlitePlaceholders(sql);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, text.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK) {
      return MakeError(ErrorCode::kIo, std::string("sqlite: ") + sqlite3_errmsg(db_));
    }
    auto statement = std::make_unique<SqliteStatement>(db_, stmt);
    Statement* raw = statement.get();
    statements_.emplace(std::string(sql), std::move(statement));
    return raw;
  }

  Status SetTimeBudget(std::chrono::microseconds budget) override {
    if (budget.count() <= 0) {
      sqlite3_progress_handler(db_, 0, nullptr, nullptr);
      return Ok();
    }
    deadline_ = std::chrono::steady_clock::now() + budget;
    sqlite3_progress_handler(
        db_, 1000,
        [](void* self) -> int {
          return std::chrono::steady_clock::now() >= static_cast<SqliteConnection*>(self)->deadline_
                     ? 1
                     : 0;
        },
        this);
    return Ok();
  }

  Status Begin(bool exclusive) override { return Exec(exclusive ? "BEGIN IMMEDIATE" : "BEGIN"); }
  Status Commit() override { return Exec("COMMIT"); }
  void Rollback() override {
    if (InTransaction()) (void)Exec("ROLLBACK");
  }
  bool InTransaction() const override { return sqlite3_get_autocommit(db_) == 0; }
  bool IsTransient(const Error& error) const override {
    return error.message.find("database is locked") != std::string::npos;
  }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  sqlite3* db_;
  std::chrono::steady_clock::time_point deadline_;
  std::unordered_map<std::string, std::unique_ptr<Statement>, Hash, std::equal_to<>> statements_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqliteConnection(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message =
        "cannot open " + path + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return MakeError(ErrorCode::kIo, std::move(message));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 30'000);
  auto connection = std::make_unique<SqliteConnection>(db);
  // WAL: readers never block the writer nor each other. NORMAL: a power cut may lose the
  // last commits, never corrupt the file.
  Status pragmas =
      connection->Exec(read_only ? "PRAGMA query_only = ON; PRAGMA foreign_keys = ON;"
                                 : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                                   "PRAGMA foreign_keys = ON;");
  if (!pragmas) return tl::unexpected(pragmas.error());
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace mamori::store::internal
