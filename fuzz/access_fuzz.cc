// Proves the Access reader survives any bytes: our header checks and libmdb behind them
// neither crash nor leak, and nothing is printed (libmdb's page dumps are suppressed).
// libmdb is not hardened against hostile files; what this target finds inside it is
// guarded by pre-validation in the adapter or listed in doc/formats/access.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "read/access/access_format.h"

namespace {

using namespace mamori;

class FlatContext final : public read::ReadContext {
 public:
  FlatContext() { limits_.max_spool_bytes = 16 << 20; }
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
    for (const read::Cell& cell : record.cells) bytes_ += cell.text.size();
    return true;
  }
  uint64_t bytes_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  read::MemoryInput input("fuzz.mdb", bytes);
  FlatContext context;
  NullSink sink;
  auto reader = read::AccessFormat().make_reader();
  (void)reader->Read(input, context, sink);
  return 0;
}
