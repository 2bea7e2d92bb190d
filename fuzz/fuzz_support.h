// Shared by the reader fuzz targets: tight limits, a context that reads every member handed
// back to its end (as the scanner would, so nested readers are exercised), a sink that
// touches every cell, and one call that runs a format's sniff and reader over the bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "read/reader.h"

namespace mamori::fuzz {

class DrainingContext final : public read::ReadContext {
 public:
  DrainingContext() {
    limits_.max_expanded_bytes = 64 << 20;
    limits_.max_spool_bytes = 16 << 20;
    limits_.max_record_bytes = 64 << 10;
  }
  const read::Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return false; }
  Status ChargeExpandedBytes(uint64_t bytes) override {
    expanded_ += bytes;
    if (expanded_ > limits_.max_expanded_bytes) {
      return MakeError(ErrorCode::kLimitExceeded, "expansion budget");
    }
    return Ok();
  }
  Status ReadNested(read::Input& member, Protection) override {
    std::vector<char> buffer(8192);
    for (;;) {
      Result<size_t> got = member.Read(buffer);
      if (!got) {
        // Only the budget ends a container, as in the scanner.
        if (got.error().code == ErrorCode::kLimitExceeded) return tl::unexpected(got.error());
        return Ok();
      }
      if (*got == 0) return Ok();
    }
  }

 private:
  read::Limits limits_;
  uint64_t expanded_ = 0;
};

class TouchingSink final : public read::RecordSink {
 public:
  bool OnRecord(const read::Part& part, const read::Record& record) override {
    for (const std::string& header : part.headers) bytes_ += header.size();
    for (const read::Cell& cell : record.cells) bytes_ += cell.text.size();
    return true;
  }
  uint64_t bytes_ = 0;
};

// Sniffs and reads `data` as `format`, with the file named `name` (some readers take the
// extension as a hint). Always returns 0, as libFuzzer expects.
inline int ReadAs(const read::Format& format, std::string_view name, const uint8_t* data,
                  size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)format.sniff(bytes, name);
  read::MemoryInput input(std::string(name), bytes);
  DrainingContext context;
  TouchingSink sink;
  (void)format.make_reader()->Read(input, context, sink);
  return 0;
}

}  // namespace mamori::fuzz
