// Shared by the tests of the "ole2" format's readers (compound_file_test, xls_reader_test,
// doc_reader_test): a recording sink and context, and fixture loading.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "read/ole/ole_format.h"
#include "read/reader.h"

namespace mamori::read::testing {

struct SeenRow {
  uint64_t index = 0;
  std::vector<std::pair<uint32_t, std::string>> cells;  // (column, text)
};

struct SeenPart {
  std::string name;
  std::vector<std::string> headers;
  bool tabular = false;
  std::vector<SeenRow> rows;
};

class RecordingSink final : public RecordSink {
 public:
  void OnInfo(const ReadInfo& info) override { info_ = info; }
  void OnPartBegin(const Part& part) override {
    parts_.push_back(SeenPart{std::string(part.name),
                              std::vector<std::string>(part.headers.begin(), part.headers.end()),
                              part.tabular,
                              {}});
  }
  bool OnRecord(const Part&, const Record& record) override {
    SeenRow row{record.index, {}};
    for (const Cell& cell : record.cells)
      row.cells.emplace_back(cell.column, std::string(cell.text));
    parts_.back().rows.push_back(std::move(row));
    return ++records_ < stop_after_;
  }
  void OnWarning(const Error& warning) override { warnings_.push_back(warning); }

  // Text of the cell at (row index, column) of `part`, or "" when absent.
  std::string At(size_t part, uint64_t index, uint32_t column) const {
    for (const SeenRow& row : parts_.at(part).rows) {
      if (row.index != index) continue;
      for (const auto& [col, text] : row.cells) {
        if (col == column) return text;
      }
    }
    return "";
  }

  ReadInfo info_;
  std::vector<SeenPart> parts_;
  std::vector<Error> warnings_;
  uint64_t records_ = 0;
  uint64_t stop_after_ = UINT64_MAX;
};

class PlainContext final : public ReadContext {
 public:
  const Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return timed_out_; }
  Status ReadNested(Input&, Protection) override { return Ok(); }
  Status ChargeExpandedBytes(uint64_t) override { return Ok(); }

  Limits limits_;
  bool timed_out_ = false;
};

// An Input that cannot seek, as an archive member is.
class StreamInput final : public Input {
 public:
  StreamInput(std::string path, ByteView bytes) : inner_(std::move(path), bytes) {}
  std::string_view path() const override { return inner_.path(); }
  Result<ByteView> head() override { return inner_.head(); }
  std::optional<uint64_t> size() const override { return std::nullopt; }
  Result<size_t> Read(std::span<char> buffer) override { return inner_.Read(buffer); }

 private:
  MemoryInput inner_;
};

inline std::string LoadFixture(const std::string& name) {
  std::ifstream in(std::string(MAMORI_SOURCE_DIR) + "/testdata/xls/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << name
                         << " (run /usr/bin/python3 testdata/xls/make_fixtures.py)";
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct Outcome {
  Status status;
  RecordingSink sink;
};

inline Outcome ReadOle(Input& input, const Limits& limits = {}) {
  Outcome outcome;
  PlainContext context;
  context.limits_ = limits;
  auto reader = Ole2Format().make_reader();
  outcome.status = reader->Read(input, context, outcome.sink);
  return outcome;
}

inline Outcome ReadOleBytes(const std::string& bytes, const std::string& path) {
  MemoryInput input(path, bytes);
  return ReadOle(input);
}

}  // namespace mamori::read::testing
