#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "read/access/access_format.h"

namespace mamori::read {
namespace {

// Real Access files from mdbtools' public test data, kept beside the repository
// (/work/shared/data/access/README.md); tests that need them skip when they are absent.
std::string DataDir() {
  const char* override_dir = std::getenv("MAMORI_ACCESS_DATA");
  if (override_dir != nullptr) return override_dir;
  return std::string(MAMORI_SOURCE_DIR) + "/../shared/data/access";
}

std::string Load(const std::string& name) {
  std::ifstream file(DataDir() + "/" + name, std::ios::binary);
  if (!file.good()) return {};
  return std::string(std::istreambuf_iterator<char>(file), {});
}

#define LOAD_OR_SKIP(var, name)       \
  const std::string var = Load(name); \
  if (var.empty()) GTEST_SKIP() << name << " not found in " << DataDir()

class FlatContext final : public ReadContext {
 public:
  const Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return timed_out_; }
  Status ReadNested(Input&, Protection) override { return Ok(); }
  Status ChargeExpandedBytes(uint64_t) override { return Ok(); }

  Limits limits_;
  bool timed_out_ = false;
};

struct Table {
  std::vector<std::string> headers;
  uint64_t records = 0;
  std::vector<std::vector<std::pair<uint32_t, std::string>>> rows;  // the first few rows
};

class TableSink final : public RecordSink {
 public:
  void OnInfo(const ReadInfo& info) override { info_ = info; }
  void OnPartBegin(const Part& part) override {
    EXPECT_TRUE(part.tabular);
    order_.emplace_back(part.name);
    tables_[std::string(part.name)].headers.assign(part.headers.begin(), part.headers.end());
  }
  bool OnRecord(const Part& part, const Record& record) override {
    Table& table = tables_[std::string(part.name)];
    ++table.records;
    if (table.rows.size() < 3) {
      std::vector<std::pair<uint32_t, std::string>> row;
      for (const Cell& cell : record.cells) row.emplace_back(cell.column, std::string(cell.text));
      table.rows.push_back(row);
    }
    return ++seen_ < stop_after_;
  }
  void OnWarning(const Error& warning) override { warnings_.push_back(warning); }

  ReadInfo info_;
  std::vector<std::string> order_;
  std::map<std::string, Table> tables_;
  std::vector<Error> warnings_;
  uint64_t seen_ = 0;
  uint64_t stop_after_ = UINT64_MAX;
};

struct Outcome {
  Status status;
  TableSink sink;
};

Outcome ReadDatabase(const std::string& bytes, FlatContext& context,
                     uint64_t stop_after = UINT64_MAX) {
  MemoryInput input("db.mdb", bytes);
  Outcome outcome;
  outcome.sink.stop_after_ = stop_after;
  auto reader = AccessFormat().make_reader();
  outcome.status = reader->Read(input, context, outcome.sink);
  return outcome;
}

Outcome ReadDatabase(const std::string& bytes) {
  FlatContext context;
  return ReadDatabase(bytes, context);
}

// XORs `password` into the stored (masked) password field. The field is masked by XOR with
// fixed streams, so this sets the plain password of a database that had none.
std::string WithPassword(std::string bytes, std::string_view password, bool wide) {
  for (size_t i = 0; i < password.size(); ++i) {
    bytes[0x42 + (wide ? 2 * i : i)] =
        static_cast<char>(bytes[0x42 + (wide ? 2 * i : i)] ^ password[i]);
  }
  return bytes;
}

TEST(AccessReader, SniffsJetAndAceHeaders) {
  EXPECT_TRUE(SniffAccess(std::string("\0\1\0\0Standard Jet DB\0", 20), "x"));
  EXPECT_TRUE(SniffAccess(std::string("\0\1\0\0Standard ACE DB\0", 20), "x"));
  EXPECT_FALSE(SniffAccess(std::string("\0\1\0\0Standard Xyz DB\0", 20), "x.mdb"));
  EXPECT_FALSE(SniffAccess("Standard Jet DB", "x.mdb"));
}

TEST(AccessReader, Jet3EveryUserTableWithItsRows) {
  LOAD_OR_SKIP(bytes, "nwind.mdb");
  const Outcome outcome = ReadDatabase(bytes);
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.info_.format, "mdb");
  EXPECT_EQ(outcome.sink.info_.encoding, "cp1252");
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kNone);
  // Row counts as mdb-count reports them (README of the data).
  const std::map<std::string, uint64_t> expected = {
      {"Order Details", 2155}, {"Orders", 830},   {"Products", 77},
      {"Shippers", 3},         {"Categories", 8}, {"Customers", 91},
      {"Employees", 9},        {"Suppliers", 29}, {"Umsätze", 830}};
  ASSERT_EQ(outcome.sink.tables_.size(), expected.size());
  for (const auto& [name, rows] : expected) {
    ASSERT_TRUE(outcome.sink.tables_.count(name)) << name;
    EXPECT_EQ(outcome.sink.tables_.at(name).records, rows) << name;
  }
  for (const std::string& name : outcome.sink.order_) EXPECT_NE(name.rfind("MSys", 0), 0u);
}

TEST(AccessReader, ColumnNamesAreHeadersAndDatesAreIso) {
  LOAD_OR_SKIP(bytes, "nwind.mdb");
  const Outcome outcome = ReadDatabase(bytes);
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  const Table& employees = outcome.sink.tables_.at("Employees");
  ASSERT_FALSE(employees.headers.empty());
  size_t birth = employees.headers.size();
  for (size_t i = 0; i < employees.headers.size(); ++i) {
    if (employees.headers[i] == "BirthDate") birth = i;
  }
  ASSERT_LT(birth, employees.headers.size());
  bool found = false;
  for (const auto& [column, text] : employees.rows.at(0)) {
    if (column == birth) {
      found = true;
      ASSERT_EQ(text.size(), 10u) << text;
      EXPECT_EQ(text[4], '-');
      EXPECT_EQ(text[7], '-');
    }
  }
  EXPECT_TRUE(found);
}

TEST(AccessReader, Jet4TableIsRead) {
  LOAD_OR_SKIP(bytes, "DateTestDatabase.mdb");
  const Outcome outcome = ReadDatabase(bytes);
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.info_.format, "mdb");
  EXPECT_EQ(outcome.sink.info_.encoding, "utf-16le");
  ASSERT_EQ(outcome.sink.tables_.size(), 1u);
  EXPECT_EQ(outcome.sink.tables_.at("DateTest").records, 6u);
}

TEST(AccessReader, AccdbTableIsRead) {
  LOAD_OR_SKIP(bytes, "ASampleDatabase.accdb");
  const Outcome outcome = ReadDatabase(bytes);
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.info_.format, "accdb");
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kNone);
  ASSERT_EQ(outcome.sink.tables_.size(), 1u);
  EXPECT_EQ(outcome.sink.tables_.at("Asset Items").records, 65u);
}

TEST(AccessReader, HeadersWithoutPasswordSayNone) {
  for (const char* name : {"nwind.mdb", "DateTestDatabase.mdb", "ASampleDatabase.accdb"}) {
    const std::string bytes = Load(name);
    if (bytes.empty()) GTEST_SKIP() << name << " not found";
    Result<AccessHeader> header = ParseAccessHeader(bytes);
    ASSERT_TRUE(header.has_value()) << name;
    EXPECT_FALSE(header->has_password) << name;
    EXPECT_FALSE(header->encoded) << name;
  }
}

// Jet passwords are checked by Access, not used as keys: the content stays readable.
TEST(AccessReader, Jet3DatabasePasswordIsProtectionButReadable) {
  LOAD_OR_SKIP(bytes, "nwind.mdb");
  const Outcome outcome = ReadDatabase(WithPassword(bytes, "secret", /*wide=*/false));
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kPassword);
  EXPECT_EQ(outcome.sink.tables_.at("Employees").records, 9u);
}

TEST(AccessReader, Jet4DatabasePasswordIsProtectionButReadable) {
  LOAD_OR_SKIP(bytes, "DateTestDatabase.mdb");
  const std::string protected_bytes = WithPassword(bytes, "secret", /*wide=*/true);
  EXPECT_TRUE(ParseAccessHeader(protected_bytes)->has_password);
  const Outcome outcome = ReadDatabase(protected_bytes);
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kPassword);
  EXPECT_EQ(outcome.sink.tables_.at("DateTest").records, 6u);
}

// An ACCDB with a password is encrypted under it (the key field at 0x3E is set).
TEST(AccessReader, EncryptedAccdbIsEncryptedAndContentUnknown) {
  LOAD_OR_SKIP(bytes, "ASampleDatabase.accdb");
  std::string encrypted = bytes;
  encrypted[0x3E] = static_cast<char>(encrypted[0x3E] ^ 0x5A);
  const Outcome outcome = ReadDatabase(encrypted);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kEncrypted);
  EXPECT_EQ(outcome.sink.info_.protection, Protection::kEncrypted);
  EXPECT_TRUE(outcome.sink.tables_.empty());
}

TEST(AccessReader, TruncatedCopiesAreCorruptWithoutCrashing) {
  for (const char* name : {"nwind.mdb", "DateTestDatabase.mdb", "ASampleDatabase.accdb"}) {
    const std::string bytes = Load(name);
    if (bytes.empty()) GTEST_SKIP() << name << " not found";
    // Cut inside the header, at a page boundary in the middle (rows lost: the table
    // definitions' row counts say so), and inside a page (not a whole number of pages).
    const size_t middle = bytes.size() / 2 / 4096 * 4096;
    for (size_t size : {size_t{0}, size_t{19}, size_t{100}, size_t{2048}, size_t{4096}, middle,
                        middle + 1, bytes.size() - 1000}) {
      const Outcome outcome = ReadDatabase(bytes.substr(0, size));
      ASSERT_FALSE(outcome.status.has_value()) << name << " cut at " << size;
      EXPECT_EQ(outcome.status.error().code, ErrorCode::kCorrupt)
          << name << " cut at " << size << ": " << outcome.status.error().message;
    }
  }
}

// libmdb hex-dumps unparsable pages (rows included) to stdout; the reader suppresses it.
TEST(AccessReader, DamagedDatabaseNeverDumpsPagesToStdout) {
  LOAD_OR_SKIP(bytes, "DateTestDatabase.mdb");
  testing::internal::CaptureStdout();
  for (size_t size : {bytes.size() / 4 / 4096 * 4096, bytes.size() / 2 / 4096 * 4096}) {
    (void)ReadDatabase(bytes.substr(0, size));
  }
  const std::string printed = testing::internal::GetCapturedStdout();
  EXPECT_EQ(printed, "");
}

TEST(AccessReader, LargerThanSpoolLimitIsLimitExceeded) {
  LOAD_OR_SKIP(bytes, "nwind.mdb");
  FlatContext context;
  context.limits_.max_spool_bytes = 4096;
  const Outcome outcome = ReadDatabase(bytes, context);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kLimitExceeded);
}

TEST(AccessReader, TimeLimitStopsTheRead) {
  LOAD_OR_SKIP(bytes, "nwind.mdb");
  FlatContext context;
  context.timed_out_ = true;
  const Outcome outcome = ReadDatabase(bytes, context);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_EQ(outcome.status.error().code, ErrorCode::kLimitExceeded);
}

// Regression (access fuzzer): a mutated catalog on which libmdb loops and allocates inside
// one call. The read runs in a child process, so the time limit ends it with an error
// instead of hanging the worker.
TEST(AccessReader, HostileCatalogLoopEndsInAnErrorNotAHang) {
  std::ifstream file(std::string(MAMORI_SOURCE_DIR) + "/testdata/access/hostile-catalog-loop.mdb",
                     std::ios::binary);
  ASSERT_TRUE(file.good());
  const std::string bytes(std::istreambuf_iterator<char>(file), {});
  FlatContext context;
  context.limits_.max_seconds_per_file = 2;
  const Outcome outcome = ReadDatabase(bytes, context);
  ASSERT_FALSE(outcome.status.has_value());
  EXPECT_TRUE(outcome.status.error().code == ErrorCode::kLimitExceeded ||
              outcome.status.error().code == ErrorCode::kCorrupt)
      << outcome.status.error().message;
}

TEST(AccessReader, SinkCanStopTheRead) {
  LOAD_OR_SKIP(bytes, "nwind.mdb");
  FlatContext context;
  const Outcome outcome = ReadDatabase(bytes, context, 5);
  ASSERT_TRUE(outcome.status.has_value());
  EXPECT_EQ(outcome.sink.seen_, 5u);
}

}  // namespace
}  // namespace mamori::read
