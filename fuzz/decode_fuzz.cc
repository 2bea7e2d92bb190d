// Proves that encoding detection, streaming decoding and normalisation accept any bytes:
// no crash, valid UTF-8 out, the same output however the input is split into chunks, and
// Normalize() idempotent.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "read/decode/decoder.h"

namespace {

using mamori::read::decode::Encoding;

void Check(bool condition) {
  if (!condition) std::abort();
}

std::string Decode(mamori::read::decode::StreamDecoder& decoder, Encoding encoding,
                   std::string_view bytes, size_t step) {
  Check(decoder.Reset(encoding).has_value());
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += step) decoder.Decode(bytes.substr(i, step), out);
  decoder.Finish(out);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace decode = mamori::read::decode;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const mamori::Result<decode::Detection> detection = decode::DetectEncoding(bytes, true);
  (void)decode::DetectEncoding(bytes, false);

  // The detected encoding, and one picked by the first byte so every decoder sees every
  // input.
  const Encoding picked = static_cast<Encoding>(size > 0 ? data[0] % 8 : 0);
  const size_t step = size > 1 ? 1 + data[1] % 13 : 1;
  static decode::StreamDecoder whole;
  static decode::StreamDecoder split;
  for (const Encoding encoding : {detection ? detection->encoding : Encoding::kUtf8, picked}) {
    const std::string out = Decode(whole, encoding, bytes, bytes.size() + 1);
    Check(mamori::IsValidUtf8(out));
    Check(Decode(split, encoding, bytes, step) == out);
    Check(split.invalid_count() == whole.invalid_count());

    std::string scratch;
    const std::string once(decode::Normalize(out, scratch));
    Check(mamori::IsValidUtf8(once));
    std::string again;
    Check(decode::Normalize(once, again) == once);
    std::string appended = "x";
    decode::AppendNormalized(out, appended);
    Check(std::string_view(appended).substr(1) == once);
  }
  return 0;
}
