// Proves that any bytes given to the ODF (ods, odt) reader end in a Status, never a crash, a hang
// or unbounded memory: manifest, content.xml tables with repeated rows and columns, paragraphs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "read/odf/odf_format.h"

namespace {

class FuzzContext final : public mamori::read::ReadContext {
 public:
  FuzzContext() {
    limits_.max_expanded_bytes = 64 << 20;
    limits_.max_spool_bytes = 16 << 20;
    limits_.max_record_bytes = 64 << 10;
  }
  const mamori::read::Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return false; }
  mamori::Status ReadNested(mamori::read::Input&, mamori::Protection) override {
    return mamori::Ok();
  }
  mamori::Status ChargeExpandedBytes(uint64_t bytes) override {
    expanded_ += bytes;
    if (expanded_ > limits_.max_expanded_bytes) {
      return mamori::MakeError(mamori::ErrorCode::kLimitExceeded, "budget");
    }
    return mamori::Ok();
  }

 private:
  mamori::read::Limits limits_;
  uint64_t expanded_ = 0;
};

class CountingSink final : public mamori::read::RecordSink {
 public:
  bool OnRecord(const mamori::read::Part&, const mamori::read::Record& record) override {
    for (const mamori::read::Cell& cell : record.cells) bytes_ += cell.text.size();
    return true;
  }
  size_t bytes_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const mamori::read::Format& format = mamori::read::OdsFormat();
  (void)format.sniff(bytes, "fuzz.ods");
  mamori::read::MemoryInput input("fuzz.ods", bytes);
  FuzzContext context;
  CountingSink sink;
  (void)format.make_reader()->Read(input, context, sink);
  return 0;
}
