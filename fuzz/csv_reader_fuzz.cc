// Proves that the text reader (detection, decoding, CSV sniffing and splitting, header
// test, normalisation) reads any bytes as any file name without crashing, hands over only
// valid UTF-8 cells in increasing columns and increasing record numbers, and stays within
// a small record limit.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "read/reader.h"
#include "read/text/text_format.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

class CheckingSink final : public mamori::read::RecordSink {
 public:
  explicit CheckingSink(uint64_t max_record_bytes) : max_record_bytes_(max_record_bytes) {}
  void OnPartBegin(const mamori::read::Part& part) override {
    for (const std::string& header : part.headers) Check(mamori::IsValidUtf8(header));
  }
  bool OnRecord(const mamori::read::Part& /*part*/, const mamori::read::Record& record) override {
    Check(record.index > last_index_);
    last_index_ = record.index;
    Check(!record.cells.empty());
    uint64_t bytes = 0;
    int64_t last_column = -1;
    for (const mamori::read::Cell& cell : record.cells) {
      Check(static_cast<int64_t>(cell.column) > last_column);
      last_column = cell.column;
      Check(!cell.text.empty() && mamori::IsValidUtf8(cell.text));
      bytes += cell.text.size();
    }
    // NFKC can lengthen text (㍻ -> 平成), but not beyond 18x per character.
    Check(bytes <= 18 * max_record_bytes_);
    return true;
  }

 private:
  uint64_t max_record_bytes_;
  uint64_t last_index_ = 0;
};

class Context final : public mamori::read::ReadContext {
 public:
  Context() { limits_.max_record_bytes = 256; }
  const mamori::read::Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return false; }
  mamori::Status ReadNested(mamori::read::Input& /*member*/,
                            mamori::Protection /*protection*/) override {
    return mamori::Ok();
  }
  mamori::Status ChargeExpandedBytes(uint64_t /*bytes*/) override { return mamori::Ok(); }

 private:
  mamori::read::Limits limits_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kNames[] = {"a.csv", "a.tsv", "a.txt", "a"};
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const char* name = kNames[size > 0 ? data[size - 1] % 4 : 0];
  (void)mamori::read::SniffText(bytes, name);
  static const auto reader = mamori::read::TextFormat().make_reader();
  Context context;
  CheckingSink sink(context.limits().max_record_bytes);
  mamori::read::MemoryInput input(name, bytes);
  (void)reader->Read(input, context, sink);
  return 0;
}
