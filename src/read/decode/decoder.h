// Text decoding for the read module: which encoding a file is in, its bytes turned into
// UTF-8, and UTF-8 put into the one form detectors match (NFKC plus a few folds).
//
// Japanese offices keep text in six encodings (UTF-8 with or without a BOM, UTF-16 in both
// byte orders with or without a BOM, Shift_JIS as Windows code page 932, EUC-JP and
// ISO-2022-JP). DetectEncoding() picks one from a file's head by validating every candidate
// and scoring the two legacy double-byte encodings whose byte ranges overlap; StreamDecoder
// then turns the file into UTF-8 chunk by chunk with bounded memory, counting what did not
// decode; Normalize() folds full-width digits and letters, half-width katakana and dash
// variants so that `１２３４－５６７８９０` and `1234-567890` look the same to a detector.
//
//   Result<Detection> detection = DetectEncoding(head, /*complete=*/false);
//   if (!detection) return tl::unexpected(detection.error());  // binary
//   StreamDecoder decoder;
//   decoder.Reset(detection->encoding);
//   std::string text;
//   while (... more bytes ...) decoder.Decode(bytes, text);
//   decoder.Finish(text);
//   std::string scratch;
//   std::string_view cell = Normalize(text_of_one_cell, scratch);
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"

namespace mamori::read::decode {

// The encodings mamori reads text in. kAscii is a head with no byte above 0x7F and no
// ISO-2022 escape: it decodes as UTF-8, and StreamDecoder settles the real encoding when
// the first such byte turns up later in the file.
enum class Encoding : uint8_t {
  kAscii,
  kUtf8,
  kUtf8Bom,
  kUtf16Le,
  kUtf16Be,
  kShiftJis,  // Windows code page 932 (Shift_JIS with the NEC and IBM extensions)
  kEucJp,
  kIso2022Jp,
};

// The name reported in ReadInfo::encoding: "ascii", "utf-8", "utf-8-bom", "utf-16le",
// "utf-16be", "shift_jis", "euc-jp", "iso-2022-jp".
std::string_view EncodingName(Encoding encoding);

// Above this share of characters that do not decode, a file is reported as undecodable
// (probably mis-detected) rather than merely damaged. One in a hundred is far more than a
// stray corrupt byte and far less than the tens of percent a wrong guess produces.
inline constexpr double kMaxInvalidRatio = 0.01;

struct Detection {
  Encoding encoding = Encoding::kAscii;
  // Share of the head's characters that did not decode under `encoding`; 0 for a clean
  // head. Above kMaxInvalidRatio the head is text in no encoding mamori reads well.
  double invalid_ratio = 0;
};

// Picks the encoding of a file from its first bytes (Input::head()). `complete` says that
// `head` is the whole file, so a multibyte sequence cut at its end counts as invalid rather
// than as continued in the next bytes.
//
// Order of evidence: a byte-order mark; NUL bytes, which in text only UTF-16 has (their
// parity gives the byte order, and the decoded units must look like text); ISO-2022-JP
// escape sequences in 7-bit data; then UTF-8, CP932 and EUC-JP validated over the head,
// where a candidate with no invalid sequence beats one with any, and a tie between CP932
// and EUC-JP goes to the one whose decoded text looks more like Japanese (kana and common
// kanji against half-width katakana and unassigned rows), with uchardet's opinion when the
// two scores are close. An empty head is kAscii.
//
// Returns ErrorCode::kUnsupported when the head is binary: NUL bytes that are not UTF-16,
// control bytes, or UTF-32.
Result<Detection> DetectEncoding(ByteView head, bool complete);

// Whether DetectEncoding accepts `head` (it is not binary), decided by the same checks but
// without scoring the encodings: what sniffing a file's format needs, at a fraction of the
// cost on a share of many small files.
bool LooksLikeText(ByteView head);

// Decodes one stream of bytes to UTF-8, chunk by chunk. Partial multibyte sequences at the
// end of a chunk are kept for the next one, so any split of the input gives the same
// output. Bytes that do not decode become U+FFFD and are counted. A leading byte-order mark
// is dropped. UTF-8 and ASCII are validated and copied without a round trip through
// UTF-16. CP932, the most common legacy encoding, goes through a table built once from
// ICU's "windows-31j" (which maps 0x817C to U+FF0D and 0x5C to U+005C as Windows does),
// EUC-JP through one built from ICU's "EUC-JP"; UTF-16 is decoded by hand (as ICU does, which
// the tests check); ISO-2022-JP goes through an ICU converter. All but the ICU converter
// write the full-width forms of ASCII (１, Ａ, ＠ ...) and the ideographic space as ASCII
// (full_width.h): the normal form of the text is the same, and a file written in full-width
// digits then has cells in normal form already. The full-width delimiters and quotes
// (，；＂＇) are kept, so fields split where the file splits them.
//
// Memory is bounded: at most a few bytes of partial sequence, or, while a kAscii stream
// settles its encoding, kSettleBytes of pending input.
//
// Not thread-safe. One per reader; Reset() between files reuses its buffers.
class StreamDecoder {
 public:
  // Bytes after the first non-ASCII byte of a kAscii stream that are collected to settle
  // its encoding before they are decoded.
  static constexpr size_t kSettleBytes = 64 * 1024;

  StreamDecoder();
  ~StreamDecoder();
  StreamDecoder(const StreamDecoder&) = delete;
  StreamDecoder& operator=(const StreamDecoder&) = delete;

  // Starts a new stream in `encoding`. Fails only when ICU lacks a converter (a broken
  // installation).
  Status Reset(Encoding encoding);

  // Appends the UTF-8 for `bytes` to `out`. REQUIRES: Reset() succeeded.
  void Decode(ByteView bytes, std::string& out);

  // Ends the stream: decodes any bytes still held (a cut sequence becomes U+FFFD).
  void Finish(std::string& out);

  // The stream's encoding. Starts as given to Reset(); a kAscii stream changes to what its
  // later bytes turn out to be (kUtf8, kShiftJis, ...) once they are seen.
  Encoding encoding() const { return encoding_; }

  // Byte sequences that did not decode (each became one U+FFFD), since Reset().
  uint64_t invalid_count() const { return invalid_; }
  // Code points written to `out`, since Reset().
  uint64_t char_count() const { return chars_; }

  // The characters of the last Decode() or Finish() call's output that NormalizedPrefix
  // stops at, as offsets from where that output starts, when the decoder noted them on the
  // way; nullptr when it did not (a call that settled the encoding or dropped a BOM).
  const std::vector<uint32_t>* normal_form_stops() const {
    return stops_known_ ? &stops_ : nullptr;
  }
  // Whether a stream in `encoding` notes them (every encoding but ISO-2022-JP, which goes
  // through ICU, and an unsettled kAscii stream).
  static bool NotesNormalFormStops(Encoding encoding);

 private:
  struct Converter;

  void DecodeUtf8(ByteView bytes, std::string& out);
  void DecodeAscii(ByteView bytes, std::string& out);
  void DecodeIcu(ByteView bytes, bool flush, std::string& out);
  void DecodeCp932(ByteView bytes, bool final, std::string& out);
  void DecodeEucJp(ByteView bytes, bool final, std::string& out);
  void DecodeUtf16(ByteView bytes, bool final, std::string& out);
  void DecodeNothing(ByteView bytes, std::string& out);
  void DecodeSettled(ByteView bytes, std::string& out);  // any encoding but kAscii
  void Settle(bool complete, std::string& out);
  void BeginStops(size_t out_start);
  Status OpenConverter(Encoding encoding);

  Encoding encoding_ = Encoding::kAscii;
  bool settling_ = false;  // a kAscii stream collecting bytes in pending_
  bool at_start_ = true;   // nothing written yet: a BOM would still be dropped
  std::string pending_;    // partial UTF-8 sequence, or bytes collected to settle
  uint64_t invalid_ = 0;
  uint64_t chars_ = 0;
  std::unique_ptr<Converter> converter_;
  std::vector<uint32_t> stops_;  // see normal_form_stops()
  size_t stops_start_ = 0;
  bool stops_known_ = false;
};

// Length of the longest prefix of `text` that Normalize() leaves unchanged, found without
// ICU: ASCII, kana, CJK unified ideographs and common CJK punctuation. Equal to text.size()
// for the great majority of cells in Japanese files. REQUIRES: `text` is valid UTF-8.
size_t NormalizedPrefix(std::string_view text);

// Appends to `stops` (as `base` + offset) the offset of every character at or after `from`
// at which NormalizedPrefix would stop: a cell of `text` that holds none of them is already
// in normal form. Found once per decoded chunk, so that a reader splitting it into many cells
// looks each cell up in the list instead of walking it again. The byte before `from` is
// looked at (ー after a digit). REQUIRES: `text` is valid UTF-8, `from` a character boundary.
void AppendNormalFormStops(std::string_view text, size_t from, uint64_t base,
                           std::vector<uint64_t>& stops);

// The form detectors match: NFKC (full-width digits, letters and the ideographic space
// become ASCII, half-width katakana become full-width, compatibility characters such as
// ① and ㈱ are decomposed), then dash variants (U+2010..U+2015, U+2212) become '-', and a
// prolonged sound mark (ー) between two digits, as Japanese input methods type the hyphen
// of a phone or pension number, becomes '-'. Idempotent.
//
// Returns `text` itself when it is already in that form, else a view of `scratch`, which
// is overwritten. The view is valid until `scratch` or `text` changes.
// REQUIRES: `text` is valid UTF-8 (StreamDecoder output is).
std::string_view Normalize(std::string_view text, std::string& scratch);

// Appends the normalised form of `text` to `out`. REQUIRES: `text` is valid UTF-8 and
// does not point into `out`.
void AppendNormalized(std::string_view text, std::string& out);

// AppendNormalized for a text whose stops the decoder listed (StreamDecoder::
// normal_form_stops, AppendNormalFormStops), which it does not walk to find them again.
// `stops` are sorted offsets in the decoded stream, from the text's first stop on (stops past
// the text are ignored); `base` is the offset of text[0]. REQUIRES: they hold every character
// of the text at which NormalizedPrefix would stop (others do no harm), and at least one.
void AppendNormalizedListed(std::string_view text, std::span<const uint64_t> stops, uint64_t base,
                            std::string& out);

}  // namespace mamori::read::decode
