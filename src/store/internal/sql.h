// Private to the store module: the thin SQL driver the one store implementation runs on.
// Two drivers implement it, SQLite (sqlite/sqlite_connection.cc) and PostgreSQL through
// libpqxx (postgres/pg_connection.cc), so every query is written once, in portable SQL:
//
//   placeholders  $1, $2 ... (the SQLite driver rewrites them to ?1, ?2 ...)
//   types         the schema is written for SQLite; PostgreSQL gets INTEGER -> BIGINT,
//                 BLOB -> BYTEA, REAL -> DOUBLE PRECISION (TranslateSchema)
//   booleans      stored as 0/1 integers; no boolean expression is ever selected
//   functions     the few that differ come from Dialect helpers (Contains)
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mamori::store::internal {

enum class Dialect : uint8_t { kSqlite, kPostgres };

// A prepared statement owned by its Connection. Bind indices are 1-based. Column values are
// copies; Text and Blob return the raw bytes of text and BLOB/BYTEA columns alike.
// Not thread-safe: used by one thread at a time, like its connection.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual Statement& Bind(int index, int64_t value) = 0;
  Statement& BindU(int index, uint64_t value) {
    // Both backends hold signed 64-bit integers; sizes and inodes round-trip bit for bit.
    return Bind(index, static_cast<int64_t>(value));
  }
  virtual Statement& BindText(int index, std::string_view text) = 0;
  virtual Statement& BindBlob(int index, std::string_view bytes) = 0;
  virtual Statement& BindDouble(int index, double value) = 0;
  virtual Statement& BindNull(int index) = 0;

  // Steps once: true with a row, false when done.
  virtual Result<bool> Step() = 0;
  // Steps to the end, for statements without rows.
  Status Run() {
    Result<bool> row = Step();
    while (row && *row) row = Step();
    if (!row) return tl::unexpected(row.error());
    return Ok();
  }

  virtual int64_t Int(int column) const = 0;
  uint64_t UInt(int column) const { return static_cast<uint64_t>(Int(column)); }
  virtual double Double(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
  virtual std::string Text(int column) const = 0;

  // Clears bindings and any pending rows; StatementUse calls it.
  virtual void Reset() = 0;
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

// One connection. Not thread-safe: the store gives each connection to one thread at a time
// (the writer under its lock, readers through the Pool).
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // One or more statements without parameters or rows.
  virtual Status Exec(std::string_view sql) = 0;
  // The cached prepared statement for `sql` (cached by its text); valid as long as the
  // connection.
  virtual Result<Statement*> Prepare(std::string_view sql) = 0;
  // `exclusive`: no other writer may start until Commit (SQLite BEGIN IMMEDIATE; PostgreSQL
  // a transaction-scoped advisory lock), for migrations.
  virtual Status Begin(bool exclusive = false) = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
  virtual bool InTransaction() const = 0;
  // From now on a statement still running `budget` after this call fails with
  // ErrorCode::kLimitExceeded, so that no console request holds a worker for seconds (SQLite:
  // checked every thousand steps of a statement; PostgreSQL: statement_timeout, per
  // statement). Zero lifts the limit.
  virtual Status SetTimeBudget(std::chrono::microseconds budget) = 0;
  // True when `error` (from this connection) is worth retrying the whole transaction:
  // a PostgreSQL serialization failure or deadlock, SQLite busy.
  virtual bool IsTransient(const Error& error) const = 0;
};

// `path` is a file name; the connection uses WAL, synchronous NORMAL, a 30 s busy timeout.
// `read_only`: a reader of the pool (PRAGMA query_only).
Result<std::unique_ptr<Connection>> OpenSqliteConnection(const std::string& path, bool read_only);
// `url` is a libpq URI (postgresql://...).
Result<std::unique_ptr<Connection>> OpenPostgresConnection(const std::string& url);

// The SQLite schema text as PostgreSQL runs it.
std::string TranslateSchema(std::string_view sqlite_sql, Dialect dialect);

// "`haystack` contains `needle`" where needle is a parameter ($N).
std::string Contains(Dialect dialect, std::string_view haystack, std::string_view needle);

// A parameter of a statement built at run time (the console's filters).
struct SqlParam {
  enum class Kind : uint8_t { kInt, kDouble, kText, kBlob } kind = Kind::kInt;
  int64_t integer = 0;
  double real = 0;
  std::string bytes;
};
inline void BindAll(Statement& statement, const std::vector<SqlParam>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    const SqlParam& p = params[i];
    switch (p.kind) {
      case SqlParam::Kind::kInt:
        statement.Bind(index, p.integer);
        break;
      case SqlParam::Kind::kDouble:
        statement.BindDouble(index, p.real);
        break;
      case SqlParam::Kind::kText:
        statement.BindText(index, p.bytes);
        break;
      case SqlParam::Kind::kBlob:
        statement.BindBlob(index, p.bytes);
        break;
    }
  }
}

// A bounded pool of read connections opened on demand. Thread-safe.
class Pool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;
  Pool(Opener open, size_t max_open) : open_(std::move(open)), max_open_(max_open) {}

  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease() { pool_.Return(std::move(connection_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection* operator->() { return connection_.get(); }
    Connection& operator*() { return *connection_; }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Blocks while `max_open` connections are leased.
  Result<std::unique_ptr<Lease>> Acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !idle_.empty() || open_count_ < max_open_; });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return std::make_unique<Lease>(*this, std::move(connection));
    }
    ++open_count_;
    lock.unlock();
    Result<std::unique_ptr<Connection>> opened = open_();
    if (!opened) {
      lock.lock();
      --open_count_;
      available_.notify_one();
      return tl::unexpected(opened.error());
    }
    return std::make_unique<Lease>(*this, std::move(*opened));
  }

 private:
  void Return(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    // A reader left inside a failed transaction would poison the next lease.
    if (connection->InTransaction()) connection->Rollback();
    idle_.push_back(std::move(connection));
    available_.notify_one();
  }

  Opener open_;
  size_t max_open_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t open_count_ = 0;
};

}  // namespace mamori::store::internal
