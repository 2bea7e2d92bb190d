// The PostgreSQL driver of store/internal/sql.h, over libpqxx 6. Every pqxx exception is
// caught here and becomes an Error. Parameters travel as text (BYTEA as \x hex), so one
// dynamic parameter list serves every statement; BYTEA columns are decoded by type.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <pqxx/pqxx>
#include <unordered_map>

#include "store/internal/sql.h"

namespace mamori::store::internal {
namespace {

constexpr pqxx::oid kByteaOid = 17;

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (const char byte : bytes) {
    const auto c = static_cast<unsigned char>(byte);
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

std::string Unhex(std::string_view text) {
  if (!text.starts_with("\\x")) return std::string(text);
  text.remove_prefix(2);
  std::string out;
  out.reserve(text.size() / 2);
  for (size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<char>(HexValue(text[i]) * 16 + HexValue(text[i + 1])));
  }
  return out;
}

Error ToError(const std::exception& e) {
  std::string message = std::string("postgresql: ") + e.what();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    message += " [" + sql->sqlstate() + "]";
    // query_canceled: only the time budget's statement_timeout cancels a statement.
    if (sql->sqlstate() == "57014") return Error{ErrorCode::kLimitExceeded, std::move(message)};
  }
  return Error{ErrorCode::kIo, std::move(message)};
}

class PgConnection;

class PgStatement final : public Statement {
 public:
  PgStatement(PgConnection& connection, std::string name)
      : connection_(connection), name_(std::move(name)) {}

  Statement& Bind(int index, int64_t value) override { return Set(index, std::to_string(value)); }
  Statement& BindText(int index, std::string_view text) override {
    return Set(index, std::string(text));
  }
  Statement& BindBlob(int index, std::string_view bytes) override { return Set(index, Hex(bytes)); }
  Statement& BindDouble(int index, double value) override {
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "%.17g", value);
    return Set(index, buffer);
  }
  Statement& BindNull(int index) override {
    Slot(index) = std::nullopt;
    return *this;
  }

  Result<bool> Step() override;

  int64_t Int(int column) const override {
    const pqxx::field field = Field(column);
    if (field.is_null()) return 0;
    const char* text = field.c_str();
    if (text[0] == 't' && text[1] == '\0') return 1;
    return std::strtoll(text, nullptr, 10);
  }
  double Double(int column) const override {
    const pqxx::field field = Field(column);
    return field.is_null() ? 0 : std::strtod(field.c_str(), nullptr);
  }
  bool IsNull(int column) const override { return Field(column).is_null(); }
  std::string Text(int column) const override {
    const pqxx::field field = Field(column);
    if (field.is_null()) return {};
    std::string_view text(field.c_str(), field.size());
    if (result_.column_type(static_cast<pqxx::row::size_type>(column)) == kByteaOid) {
      return Unhex(text);
    }
    return std::string(text);
  }

  void Reset() override {
    params_.clear();
    result_ = pqxx::result();
    executed_ = false;
    row_ = 0;
  }

 private:
  std::optional<std::string>& Slot(int index) {
    const auto i = static_cast<size_t>(index - 1);
    if (params_.size() <= i) params_.resize(i + 1);
    return params_[i];
  }
  Statement& Set(int index, std::string value) {
    Slot(index) = std::move(value);
    return *this;
  }
  pqxx::field Field(int column) const {
    return result_[static_cast<pqxx::result::size_type>(row_ - 1)]
                  [static_cast<pqxx::row::size_type>(column)];
  }

  PgConnection& connection_;
  std::string name_;
  std::vector<std::optional<std::string>> params_;
  pqxx::result result_;
  bool executed_ = false;
  size_t row_ = 0;  // 1-based index of the current row once stepped
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(std::unique_ptr<pqxx::connection> connection)
      : connection_(std::move(connection)) {}
  ~PgConnection() override {
    statements_.clear();
    transaction_.reset();
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Status Exec(std::string_view sql) override {
    if (broken_) return Broken();
    try {
      if (transaction_) {
        transaction_->exec(std::string(sql));
      } else {
        pqxx::nontransaction work(*connection_);
        work.exec(std::string(sql));
      }
      return Ok();
    } catch (const std::exception& e) {
      return Fail(e);
    }
  }

  Result<Statement*> Prepare(std::string_view sql) override {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) return it->second.get();
    std::string name = "s" + std::to_string(statements_.size() + 1);
    try {
      connection_->prepare(name, std::string(sql));
    } catch (const std::exception& e) {
      return Fail(e);
    }
    auto statement = std::make_unique<PgStatement>(*this, std::move(name));
    Statement* raw = statement.get();
    statements_.emplace(std::string(sql), std::move(statement));
    return raw;
  }

  Status Begin(bool exclusive) override {
    broken_ = false;
    try {
      transaction_ = std::make_unique<pqxx::work>(*connection_);
      // One constant key: migrations of every process on this database, one at a time.
      if (exclusive) transaction_->exec("SELECT pg_advisory_xact_lock(7236151)");
      return Ok();
    } catch (const std::exception& e) {
      return Fail(e);
    }
  }
  Status Commit() override {
    if (!transaction_) return Ok();
    try {
      transaction_->commit();
      transaction_.reset();
      return Ok();
    } catch (const std::exception& e) {
      return Fail(e);
    }
  }
  void Rollback() override {
    broken_ = false;
    if (!transaction_) return;
    try {
      transaction_->abort();
    } catch (const std::exception&) {
      // The connection may be gone; dropping the transaction is all that is left to do.
    }
    transaction_.reset();
  }
  // The budget is one deadline for every statement until it is lifted: each statement gets
  // what is left of it as its statement_timeout (whole milliseconds; 0 would mean none).
  Status SetTimeBudget(std::chrono::microseconds budget) override {
    if (budget.count() > 0) {
      deadline_ = std::chrono::steady_clock::now() + budget;
      return Ok();
    }
    deadline_.reset();
    if (!timeout_set_) return Ok();
    timeout_set_ = false;
    return Exec("SET statement_timeout = 0");
  }
  bool InTransaction() const override { return transaction_ != nullptr || broken_; }
  bool IsTransient(const Error& error) const override {
    return error.message.find("[40001]") != std::string::npos ||
           error.message.find("[40P01]") != std::string::npos;
  }

  Result<pqxx::result> Execute(const std::string& name,
                               const std::vector<std::optional<std::string>>& params) {
    if (broken_) return Broken();
    if (deadline_) {
      const auto left = std::chrono::duration_cast<std::chrono::microseconds>(
          *deadline_ - std::chrono::steady_clock::now());
      if (left.count() <= 0) return MakeError(ErrorCode::kLimitExceeded, "postgresql: time budget");
      Status set = Exec("SET statement_timeout = " +
                        std::to_string(std::max<int64_t>(1, (left.count() + 999) / 1000)));
      if (!set) return tl::unexpected(set.error());
      timeout_set_ = true;
    }
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const std::optional<std::string>& param : params) {
      values.push_back(param ? param->c_str() : nullptr);
    }
    try {
      if (transaction_) {
        return transaction_->exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
      }
      pqxx::nontransaction work(*connection_);
      return work.exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
    } catch (const std::exception& e) {
      return Fail(e);
    }
  }

 private:
  // A failed statement aborts the PostgreSQL transaction: drop it so the caller's Rollback
  // or next Begin starts clean.
  // Until Rollback, every statement fails rather than run outside the transaction.
  tl::unexpected<Error> Fail(const std::exception& e) {
    Error error = ToError(e);
    if (transaction_) {
      Rollback();
      broken_ = true;
    }
    return tl::unexpected(std::move(error));
  }
  static tl::unexpected<Error> Broken() {
    return MakeError(ErrorCode::kIo, "postgresql: statement after a failed one in a transaction");
  }

  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<pqxx::work> transaction_;
  bool broken_ = false;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  bool timeout_set_ = false;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

Result<bool> PgStatement::Step() {
  if (!executed_) {
    Result<pqxx::result> result = connection_.Execute(name_, params_);
    if (!result) return tl::unexpected(result.error());
    result_ = std::move(*result);
    executed_ = true;
    row_ = 0;
  }
  if (row_ >= result_.size()) return false;
  ++row_;
  return true;
}

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgresConnection(const std::string& url) {
  try {
    auto connection = std::make_unique<pqxx::connection>(url);
    // Notices (CREATE TABLE IF NOT EXISTS ... skipping) are not errors; keep stderr quiet.
    pqxx::nontransaction(*connection).exec("SET client_min_messages = warning");
    return std::unique_ptr<Connection>(std::make_unique<PgConnection>(std::move(connection)));
  } catch (const std::exception& e) {
    return tl::unexpected(ToError(e));
  }
}

}  // namespace mamori::store::internal
