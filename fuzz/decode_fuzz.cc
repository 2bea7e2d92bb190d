// Proves that encoding detection, streaming decoding and normalisation accept any bytes:
// no crash, valid UTF-8 out, the same output however the input is split into chunks, the
// normal-form stops the decoder notes equal to those a walk of its output finds, and
// Normalize() idempotent.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "read/decode/decoder.h"

namespace {

using mamori::read::decode::Encoding;

void Check(bool condition) {
  if (!condition) std::abort();
}

// Decodes in steps of `step` bytes; checks the stops noted on the way (walked where a call
// noted none, as the text reader does) against a walk of the whole output.
std::string Decode(mamori::read::decode::StreamDecoder& decoder, Encoding encoding,
                   std::string_view bytes, size_t step) {
  namespace decode = mamori::read::decode;
  Check(decoder.Reset(encoding).has_value());
  std::string out;
  std::vector<uint64_t> noted;
  const auto take = [&](size_t from) {
    if (const std::vector<uint32_t>* stops = decoder.normal_form_stops()) {
      for (const uint32_t offset : *stops) noted.push_back(from + offset);
    } else {
      decode::AppendNormalFormStops(out, from, 0, noted);
    }
  };
  for (size_t i = 0; i < bytes.size(); i += step) {
    const size_t from = out.size();
    decoder.Decode(bytes.substr(i, step), out);
    take(from);
  }
  const size_t from = out.size();
  decoder.Finish(out);
  take(from);
  std::vector<uint64_t> walked;
  decode::AppendNormalFormStops(out, 0, 0, walked);
  Check(noted == walked);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace decode = mamori::read::decode;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const mamori::Result<decode::Detection> detection = decode::DetectEncoding(bytes, true);
  const bool text = decode::LooksLikeText(bytes);
  Check(text == detection.has_value());
  Check(text == decode::DetectEncoding(bytes, false).has_value());

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
