// Proves the "ole2" reader (compound file, BIFF5/BIFF8 workbooks, Word documents, encrypted
// OOXML detection) survives any bytes: no crash, no leak, no unbounded memory, no hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "read/ole/ole_format.h"

namespace {

using namespace mamori;

class NullContext final : public read::ReadContext {
 public:
  NullContext() { limits_.max_spool_bytes = 16 << 20; }
  const read::Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return false; }
  Status ChargeExpandedBytes(uint64_t) override { return Ok(); }
  Status ReadNested(read::Input&, Protection) override { return Ok(); }

 private:
  read::Limits limits_;
};

class NullSink final : public read::RecordSink {
 public:
  bool OnRecord(const read::Part&, const read::Record& record) override {
    for (const read::Cell& cell : record.cells) touched_ += cell.text.size();
    return true;
  }
  size_t touched_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  read::MemoryInput input("fuzz.xls", bytes);
  NullContext context;
  NullSink sink;
  auto reader = read::Ole2Format().make_reader();
  (void)reader->Read(input, context, sink);
  return 0;
}
