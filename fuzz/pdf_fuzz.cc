// Proves the PDF reader survives any bytes: poppler's parser, text extraction and
// attachment handling, behind our adapter, neither crash, leak nor throw; every attachment
// handed back is read to its end.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "read/pdf/pdf_format.h"

namespace {

using namespace mamori;

class DrainingContext final : public read::ReadContext {
 public:
  DrainingContext() {
    limits_.max_expanded_bytes = 64 << 20;
    limits_.max_spool_bytes = 16 << 20;
  }
  const read::Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return false; }
  Status ChargeExpandedBytes(uint64_t bytes) override {
    expanded_ += bytes;
    if (expanded_ > limits_.max_expanded_bytes)
      return MakeError(ErrorCode::kLimitExceeded, "budget");
    return Ok();
  }
  Status ReadNested(read::Input& member, Protection) override {
    std::vector<char> buffer(8192);
    for (;;) {
      Result<size_t> got = member.Read(buffer);
      if (!got || *got == 0) return Ok();
    }
  }

 private:
  read::Limits limits_;
  uint64_t expanded_ = 0;
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
  read::MemoryInput input("fuzz.pdf", bytes);
  DrainingContext context;
  NullSink sink;
  auto reader = read::PdfFormat().make_reader();
  (void)reader->Read(input, context, sink);
  return 0;
}
