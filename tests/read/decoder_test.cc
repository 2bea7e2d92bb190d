#include "read/decode/decoder.h"

#include <gtest/gtest.h>
#include <iconv.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "encoding_test_support.h"

namespace mamori::read::decode {
namespace {

using read::testing::EucJp;
using read::testing::Iso2022Jp;
using read::testing::ShiftJis;
using read::testing::Utf16Be;
using read::testing::Utf16Le;

constexpr std::string_view kList =
    "基礎年金番号,氏名,生年月日,住所\n"
    "1234-567890,山田 太郎,昭和45年3月2日,東京都千代田区霞が関1-2-3\n"
    "2345-678901,佐藤 花子,1965/01/15,大阪府大阪市北区梅田1-1-1\n";

// The decoders write the full-width forms of ASCII (U+FF01..U+FF5E) and the ideographic space
// as ASCII, all but the CSV delimiters and quotes (，；＂＇): a reference decoding (ICU, iconv)
// with the same folding, written here apart from the decoders' own.
std::string FoldFullWidthForms(std::string_view utf8) {
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString folded;
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    const UChar32 c = text.char32At(i);
    const bool kept = c == 0xFF0C || c == 0xFF1B || c == 0xFF02 || c == 0xFF07;
    folded.append(c == 0x3000                           ? UChar32{' '}
                  : c >= 0xFF01 && c <= 0xFF5E && !kept ? c - 0xFF01 + 0x21
                                                        : c);
  }
  std::string out;
  folded.toUTF8String(out);
  return out;
}

Encoding Detect(std::string_view head, bool complete = true) {
  const Result<Detection> detection = DetectEncoding(head, complete);
  EXPECT_TRUE(detection.has_value()) << (detection ? "" : detection.error().message);
  return detection ? detection->encoding : Encoding::kAscii;
}

std::string DecodeAll(Encoding encoding, std::string_view bytes, StreamDecoder& decoder) {
  EXPECT_TRUE(decoder.Reset(encoding).has_value());
  std::string out;
  decoder.Decode(bytes, out);
  decoder.Finish(out);
  return out;
}

std::string DecodeAll(Encoding encoding, std::string_view bytes) {
  StreamDecoder decoder;
  return DecodeAll(encoding, bytes, decoder);
}

std::string DecodeByteAtATime(Encoding encoding, std::string_view bytes, StreamDecoder& decoder) {
  EXPECT_TRUE(decoder.Reset(encoding).has_value());
  std::string out;
  for (const char c : bytes) decoder.Decode(std::string_view(&c, 1), out);
  decoder.Finish(out);
  return out;
}

std::string RandomBytes(size_t size, uint32_t seed) {
  std::mt19937 generator(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(generator() & 0xFF);
  return bytes;
}

// ---- detection --------------------------------------------------------------------

TEST(DetectEncoding, EmptyHeadIsAscii) { EXPECT_EQ(Detect(""), Encoding::kAscii); }

TEST(DetectEncoding, PlainAsciiIsAscii) {
  EXPECT_EQ(Detect("id,name\n1,Yamada Taro\n"), Encoding::kAscii);
}

TEST(DetectEncoding, Utf8WithoutBom) { EXPECT_EQ(Detect(kList), Encoding::kUtf8); }

TEST(DetectEncoding, Utf8WithBom) {
  EXPECT_EQ(Detect("\xEF\xBB\xBF" + std::string(kList)), Encoding::kUtf8Bom);
}

TEST(DetectEncoding, Utf16WithBom) {
  EXPECT_EQ(Detect("\xFF\xFE" + Utf16Le(kList)), Encoding::kUtf16Le);
  EXPECT_EQ(Detect("\xFE\xFF" + Utf16Be(kList)), Encoding::kUtf16Be);
}

TEST(DetectEncoding, Utf16LittleEndianWithoutBom) {
  EXPECT_EQ(Detect(Utf16Le(kList)), Encoding::kUtf16Le);
}

TEST(DetectEncoding, Utf16BigEndianWithoutBom) {
  EXPECT_EQ(Detect(Utf16Be(kList)), Encoding::kUtf16Be);
}

TEST(DetectEncoding, Utf16WithoutBomOrAsciiIsFoundByItsKana) {
  // No newline, no digit: not a single NUL byte to go by.
  const std::string text = "やまだたろうさんのじゅうしょはとうきょうとちよだくです";
  EXPECT_EQ(Detect(Utf16Le(text)), Encoding::kUtf16Le);
  EXPECT_EQ(Detect(Utf16Be(text)), Encoding::kUtf16Be);
}

TEST(DetectEncoding, ShiftJisCsv) { EXPECT_EQ(Detect(ShiftJis(kList)), Encoding::kShiftJis); }

TEST(DetectEncoding, EucJpCsv) { EXPECT_EQ(Detect(EucJp(kList)), Encoding::kEucJp); }

TEST(DetectEncoding, Iso2022Jp) {
  EXPECT_EQ(Detect(Iso2022Jp("件名: 年金番号のご案内\n山田様\n")), Encoding::kIso2022Jp);
}

TEST(DetectEncoding, ShortJapaneseTellsShiftJisFromEucJp) {
  const std::vector<std::string> phrases = {
      "山田太郎",         "佐藤 花子",      "東京都",        "こんにちは",  "田中", "氏名",
      "大阪府大阪市北区", "昭和45年3月2日", "ヤマダ タロウ", "鈴木一郎,男", "髙橋", "住所"};
  for (const std::string& phrase : phrases) {
    EXPECT_EQ(Detect(ShiftJis(phrase)), Encoding::kShiftJis) << phrase;
    EXPECT_EQ(Detect(EucJp(phrase)), Encoding::kEucJp) << phrase;
  }
}

TEST(DetectEncoding, ShiftJisWithHalfWidthKatakana) {
  EXPECT_EQ(Detect(ShiftJis("ﾔﾏﾀﾞ ﾀﾛｳ,1234-567890\nｻﾄｳ ﾊﾅｺ,2345-678901\n")), Encoding::kShiftJis);
}

TEST(DetectEncoding, ShiftJisWithNecAndIbmExtensions) {
  EXPECT_EQ(Detect(ShiftJis("①㈱髙橋商店 ～ ＮＥＣ特殊文字\n")), Encoding::kShiftJis);
}

TEST(DetectEncoding, CutSequenceAtHeadEndIsNotInvalid) {
  const std::string sjis = ShiftJis(kList);
  const std::string cut = sjis.substr(0, sjis.find(ShiftJis("太")) + 1);  // lead byte only
  const Result<Detection> detection = DetectEncoding(cut, /*complete=*/false);
  ASSERT_TRUE(detection.has_value());
  EXPECT_EQ(detection->encoding, Encoding::kShiftJis);
  EXPECT_EQ(detection->invalid_ratio, 0);
}

TEST(DetectEncoding, RandomBytesAreBinary) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    const Result<Detection> detection = DetectEncoding(RandomBytes(4096, seed), false);
    ASSERT_FALSE(detection.has_value()) << seed;
    EXPECT_EQ(detection.error().code, ErrorCode::kUnsupported);
  }
}

TEST(DetectEncoding, NulBytesThatAreNotUtf16AreBinary) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += std::string("\x01\x00\x00\x00", 4);
  EXPECT_FALSE(DetectEncoding(bytes, true).has_value());
}

TEST(DetectEncoding, ControlBytesAreBinary) {
  EXPECT_FALSE(DetectEncoding("abc\x01\x02\x03\x04\x05"
                              "def\x06\x07\x08",
                              true)
                   .has_value());
}

// Format sniffing asks LooksLikeText, the reader DetectEncoding: they must agree on every
// head, text in each encoding, binary, and random bytes with NULs and controls mixed in.
TEST(DetectEncoding, LooksLikeTextAgreesWithDetection) {
  std::vector<std::string> heads = {"",
                                    std::string(kList),
                                    "\xEF\xBB\xBF" + std::string(kList),
                                    "\xFF\xFE" + Utf16Le(kList),
                                    Utf16Le(kList),
                                    Utf16Be(kList),
                                    ShiftJis(kList),
                                    EucJp(kList),
                                    Iso2022Jp(kList),
                                    std::string("\xFF\xFE\x00\x00"
                                                "a\x00\x00\x00",
                                                8),
                                    std::string("PK\x03\x04\x14\x00\x00\x00", 8)};
  std::mt19937 random(7);
  for (int round = 0; round < 3000; ++round) {
    std::string head = round % 3 == 0
                           ? RandomBytes(1 + random() % 600, static_cast<uint32_t>(round))
                           : ShiftJis(kList).substr(0, random() % 200);
    for (size_t k = random() % 4; k > 0 && !head.empty(); --k) {
      head[random() % head.size()] = static_cast<char>(random() % 32);  // NULs and controls
    }
    heads.push_back(std::move(head));
  }
  for (const std::string& head : heads) {
    const bool text = LooksLikeText(head);
    ASSERT_EQ(text, DetectEncoding(head, false).has_value()) << head.size();
    ASSERT_EQ(text, DetectEncoding(head, true).has_value()) << head.size();
  }
}

// The byte counts behind the binary test are exact wherever the bytes sit (in the vector
// blocks or the tail): k control bytes in a head of n are text while k * 50 <= n; the allowed
// controls (tab, line breaks, form feed, SO/SI, SUB, ESC) never count; one byte above 0x7F
// anywhere makes a head more than ASCII.
TEST(DetectEncoding, ByteCountsAreExactAnywhereInTheHead) {
  const std::string counted =
      "\x01\x02\x03\x04\x05\x06\x07\x08\x10\x11\x12\x13\x14\x15"
      "\x16\x17\x18\x19\x1C\x1D\x1E\x1F\x7F";
  const std::string allowed = "\t\n\x0B\x0C\r\x0E\x0F\x1A\x1B";
  std::mt19937 random(50);
  for (const size_t size : {200u, 1000u, 1003u, 4111u, 20000u}) {
    for (const size_t controls : {size / 50, size / 50 + 1}) {
      std::string head(size, 'a');
      std::vector<size_t> positions(size);
      for (size_t i = 0; i < size; ++i) positions[i] = i;
      std::shuffle(positions.begin(), positions.end(), random);
      for (size_t k = 0; k < controls; ++k) head[positions[k]] = counted[k % counted.size()];
      for (size_t k = controls; k < controls + 30; ++k) {
        head[positions[k]] = allowed[k % allowed.size()];
      }
      EXPECT_EQ(DetectEncoding(head, false).has_value(), controls * 50 <= size)
          << size << " bytes, " << controls << " controls";
    }
    std::string ascii(size, 'a');
    EXPECT_EQ(DetectEncoding(ascii, false)->encoding, Encoding::kAscii);
    ascii.replace(random() % (size - 1), 2, "\xC3\xA9");  // é
    EXPECT_EQ(DetectEncoding(ascii, false)->encoding, Encoding::kUtf8) << size;
  }
}

TEST(DetectEncoding, Utf32IsNotRead) {
  const Result<Detection> detection = DetectEncoding(std::string("\xFF\xFE\x00\x00"
                                                                 "a\x00\x00\x00",
                                                                 8),
                                                     true);
  ASSERT_FALSE(detection.has_value());
  EXPECT_EQ(detection.error().code, ErrorCode::kUnsupported);
}

TEST(DetectEncoding, TextInAnotherEncodingHasAHighInvalidRatio) {
  // Mostly bytes no supported encoding accepts (0xFD..0xFF are invalid in all three).
  const Result<Detection> detection = DetectEncoding("abc\xFD\xFE\xFF\xFD def \xFF\xFE\n", true);
  ASSERT_TRUE(detection.has_value());
  EXPECT_GT(detection->invalid_ratio, kMaxInvalidRatio);
}

TEST(EncodingName, NamesAreTheReportedOnes) {
  EXPECT_EQ(EncodingName(Encoding::kAscii), "ascii");
  EXPECT_EQ(EncodingName(Encoding::kUtf8), "utf-8");
  EXPECT_EQ(EncodingName(Encoding::kUtf8Bom), "utf-8-bom");
  EXPECT_EQ(EncodingName(Encoding::kUtf16Le), "utf-16le");
  EXPECT_EQ(EncodingName(Encoding::kUtf16Be), "utf-16be");
  EXPECT_EQ(EncodingName(Encoding::kShiftJis), "shift_jis");
  EXPECT_EQ(EncodingName(Encoding::kEucJp), "euc-jp");
  EXPECT_EQ(EncodingName(Encoding::kIso2022Jp), "iso-2022-jp");
}

// ---- streaming decoder --------------------------------------------------------------

TEST(StreamDecoder, EveryEncodingDecodesToTheSameText) {
  const std::string expected(kList);
  EXPECT_EQ(DecodeAll(Encoding::kUtf8, kList), expected);
  EXPECT_EQ(DecodeAll(Encoding::kUtf8Bom, "\xEF\xBB\xBF" + expected), expected);
  EXPECT_EQ(DecodeAll(Encoding::kUtf16Le, "\xFF\xFE" + Utf16Le(kList)), expected);
  EXPECT_EQ(DecodeAll(Encoding::kUtf16Le, Utf16Le(kList)), expected);
  EXPECT_EQ(DecodeAll(Encoding::kUtf16Be, "\xFE\xFF" + Utf16Be(kList)), expected);
  EXPECT_EQ(DecodeAll(Encoding::kShiftJis, ShiftJis(kList)), expected);
  EXPECT_EQ(DecodeAll(Encoding::kEucJp, EucJp(kList)), expected);
  EXPECT_EQ(DecodeAll(Encoding::kIso2022Jp, Iso2022Jp(kList)), expected);
}

TEST(StreamDecoder, ShiftJisIsWindowsCodePage932) {
  // NEC row 13 (①, ㈱), IBM extension (髙), and the Windows mappings of 0x817C (－ U+FF0D),
  // 0x8160 (～ U+FF5E) and 0x5C (backslash, not yen). The two full-width forms are written as
  // their ASCII; U+2212 and U+301C (what other CP932 tables give) would be kept.
  const std::string bytes = "\x87\x40\x87\x8A\xFB\xFC\x81\x7C\x81\x60\x5C";
  EXPECT_EQ(DecodeAll(Encoding::kShiftJis, bytes), "①㈱髙-~\\");
}

// The table-driven CP932 decoder against ICU's windows-31j, for every single byte and
// every lead/trail pair: the same character where ICU has one, one counted U+FFFD where not.
TEST(StreamDecoder, ShiftJisTableAgreesWithIcuOnEveryCode) {
  UErrorCode error = U_ZERO_ERROR;
  UConverter* icu = ucnv_open("windows-31j", &error);
  ASSERT_TRUE(U_SUCCESS(error));
  ucnv_setToUCallBack(icu, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &error);
  StreamDecoder decoder;
  size_t mapped = 0;
  const auto check = [&](const std::string& bytes) {
    ucnv_reset(icu);
    UChar units[8];
    UErrorCode status = U_ZERO_ERROR;
    const int32_t count =
        ucnv_toUChars(icu, units, 8, bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    const std::string ours = DecodeAll(Encoding::kShiftJis, bytes, decoder);
    if (static_cast<uint8_t>(bytes[0]) < 0x80) {
      // Microsoft's table maps these to themselves; ICU's IBM-derived one swaps the control
      // codes 0x1A, 0x1C and 0x7F. mamori keeps Windows' identity.
      EXPECT_EQ(ours, bytes);
      return;
    }
    if (U_SUCCESS(status) && count == 1) {
      std::string expected;
      icu::UnicodeString(units, count).toUTF8String(expected);
      EXPECT_EQ(ours, FoldFullWidthForms(expected))
          << std::hex << static_cast<int>(static_cast<uint8_t>(bytes[0]));
      EXPECT_EQ(decoder.invalid_count(), 0u);
      ++mapped;
    } else {
      EXPECT_EQ(ours, "\xEF\xBF\xBD");
      EXPECT_EQ(decoder.invalid_count(), 1u);
    }
  };
  for (int b = 0; b < 256; ++b) {
    if ((b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC)) continue;  // lead bytes
    check(std::string(1, static_cast<char>(b)));
  }
  for (int lead = 0x81; lead <= 0xFC; ++lead) {
    if (lead > 0x9F && lead < 0xE0) continue;
    for (int trail = 0x40; trail <= 0xFC; ++trail) {
      if (trail == 0x7F) continue;
      check(std::string{static_cast<char>(lead), static_cast<char>(trail)});
    }
  }
  ucnv_close(icu);
  EXPECT_GT(mapped, 9000u);  // JIS X 0208, NEC and IBM rows, user-defined area
}

// glibc's iconv "CP932" as a second, independent reference. Returns nullopt when iconv
// rejects the bytes (invalid or incomplete), else their UTF-8.
std::optional<std::string> IconvCp932(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "CP932");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(4 * bytes.size() + 16, '\0');
  std::string in(bytes);
  char* in_ptr = in.data();
  size_t in_left = in.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  const size_t done = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  if (done == static_cast<size_t>(-1) || in_left != 0) return std::nullopt;
  out.resize(out.size() - out_left);
  return out;
}

// Every single byte and every lead byte with every second byte (0x00..0xFF, so invalid
// trails too), each between ASCII letters so the decoder's ASCII and multibyte paths meet:
// where iconv decodes the code to one character, mamori gives the same UTF-8; where iconv
// rejects it, mamori writes U+FFFD and counts it. Where the two references part (ICU's
// windows-31j, which the table is built from, against glibc) the test lists the codes.
TEST(StreamDecoder, ShiftJisAgreesWithIconvOnEveryCode) {
  ASSERT_TRUE(IconvCp932("a").has_value()) << "glibc iconv has no CP932";
  StreamDecoder decoder;
  size_t agreed = 0;
  std::vector<std::string> differ;
  const auto check = [&](const std::string& code) {
    const std::string ours = DecodeAll(Encoding::kShiftJis, "A" + code + "Z", decoder);
    const std::optional<std::string> reference = IconvCp932(code);
    const bool one_character =
        reference.has_value() && !reference->empty() &&
        (static_cast<uint8_t>((*reference)[0]) < 0x80 ? reference->size() == 1
                                                      : reference->size() <= 3);
    if (one_character) {
      if (ours == "A" + FoldFullWidthForms(*reference) + "Z" && decoder.invalid_count() == 0) {
        ++agreed;
      } else {
        char hex[8];
        std::snprintf(hex, sizeof(hex), "%02X%02X", static_cast<uint8_t>(code[0]),
                      code.size() > 1 ? static_cast<uint8_t>(code[1]) : 0);
        differ.push_back(hex);
      }
    } else if (!reference.has_value()) {
      EXPECT_GE(decoder.invalid_count(), 1u) << std::hex << static_cast<int>(code[0] & 0xFF);
      EXPECT_NE(ours.find("\xEF\xBF\xBD"), std::string::npos);
    }
  };
  for (int b = 0; b < 256; ++b) {
    if ((b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC)) continue;
    if (b < 0x20 || b == 0x7F) continue;  // control codes: mapped to themselves (test above)
    check(std::string(1, static_cast<char>(b)));
  }
  for (int lead = 0x81; lead <= 0xFC; ++lead) {
    if (lead > 0x9F && lead < 0xE0) continue;
    for (int trail = 0x00; trail <= 0xFF; ++trail) {
      check(std::string{static_cast<char>(lead), static_cast<char>(trail)});
    }
  }
  std::string listed;
  for (const std::string& code : differ) listed += code + " ";
  EXPECT_TRUE(differ.empty()) << differ.size() << " codes differ from iconv: " << listed;
  EXPECT_GT(agreed, 9000u);
}

// All valid codes in one stream with ASCII between some of them, decoded in chunks of
// random sizes (so lead bytes fall at chunk ends): byte for byte iconv's output.
TEST(StreamDecoder, ShiftJisStreamInRandomChunksEqualsIconv) {
  std::string bytes;
  std::mt19937 random(932);
  for (int lead = 0x81; lead <= 0xFC; ++lead) {
    if (lead > 0x9F && lead < 0xE0) continue;
    for (int trail = 0x40; trail <= 0xFC; ++trail) {
      const std::string code{static_cast<char>(lead), static_cast<char>(trail)};
      if (!IconvCp932(code).has_value()) continue;
      bytes += code;
      if (random() % 4 == 0)
        bytes += std::string(random() % 12, static_cast<char>('a' + random() % 26));
      if (random() % 16 == 0) bytes += static_cast<char>(0xA1 + random() % 63);  // half-width kana
    }
  }
  std::optional<std::string> expected = IconvCp932(bytes);
  ASSERT_TRUE(expected.has_value());
  expected = FoldFullWidthForms(*expected);
  StreamDecoder decoder;
  ASSERT_TRUE(decoder.Reset(Encoding::kShiftJis).has_value());
  std::string out;
  for (size_t pos = 0; pos < bytes.size();) {
    const size_t size = std::min<size_t>(bytes.size() - pos, 1 + random() % 5000);
    decoder.Decode(std::string_view(bytes).substr(pos, size), out);
    pos += size;
  }
  decoder.Finish(out);
  EXPECT_EQ(decoder.invalid_count(), 0u);
  EXPECT_TRUE(out == *expected) << "output differs from iconv (" << out.size() << " against "
                                << expected->size() << " bytes)";
}

// The code point count of long decoded text (the SIMD lanes are summed every 255 blocks)
// against a walk over the characters.
TEST(StreamDecoder, CharCountOfLongTextIsTheNumberOfCodePoints) {
  std::mt19937 random(8);
  const std::vector<std::string> pieces = {"a", "é", "山", "𠀋", "\n"};
  std::string text;
  while (text.size() < 100000) text += pieces[random() % pieces.size()];
  StreamDecoder decoder;
  ASSERT_TRUE(decoder.Reset(Encoding::kUtf8).has_value());
  std::string out;
  decoder.Decode(text, out);
  decoder.Finish(out);
  ASSERT_EQ(out, text);
  EXPECT_EQ(decoder.char_count(), CodePointCount(text));
}

// Decodes `bytes` in chunks of random size up to `max_chunk` and returns the output with the
// normal-form stops the decoder noted on the way; where it noted none (a call that dropped a
// BOM), the stops found by walking that call's output, as the text reader does. How many calls
// noted nothing is added to `walked_calls`.
std::string DecodeNotingStops(StreamDecoder& decoder, std::string_view bytes, size_t max_chunk,
                              std::mt19937& random, std::vector<uint64_t>& noted,
                              size_t& walked_calls) {
  std::string out;
  const auto take = [&](size_t from) {
    if (const std::vector<uint32_t>* stops = decoder.normal_form_stops()) {
      for (const uint32_t offset : *stops) noted.push_back(from + offset);
    } else {
      ++walked_calls;
      AppendNormalFormStops(out, from, 0, noted);
    }
  };
  for (size_t pos = 0; pos < bytes.size();) {
    const size_t size = std::min<size_t>(bytes.size() - pos, 1 + random() % max_chunk);
    const size_t from = out.size();
    decoder.Decode(bytes.substr(pos, size), out);
    take(from);
    pos += size;
  }
  const size_t from = out.size();
  decoder.Finish(out);
  take(from);
  return out;
}

// The stops the CP932 decoder notes on the way must be those a walk of its output finds, with
// the output cut into chunks anywhere (ー after a digit of the previous chunk included).
TEST(StreamDecoder, ShiftJisNotesTheNormalFormStopsAWalkFinds) {
  std::mt19937 random(1932);
  std::string bytes;
  for (int lead = 0x81; lead <= 0xFC; ++lead) {
    if (lead > 0x9F && lead < 0xE0) continue;
    for (int trail = 0x40; trail <= 0xFC; trail += 1 + static_cast<int>(random() % 3)) {
      if (random() % 3 == 0) bytes += static_cast<char>('0' + random() % 10);
      bytes += static_cast<char>(lead);
      bytes += static_cast<char>(trail);
      if (random() % 5 == 0) bytes += "\x81\x5B";                               // ー
      if (random() % 9 == 0) bytes += static_cast<char>(0xA1 + random() % 63);  // half-width kana
      if (random() % 50 == 0) bytes += static_cast<char>(0x80);                 // invalid
    }
  }
  StreamDecoder decoder;
  ASSERT_TRUE(decoder.Reset(Encoding::kShiftJis).has_value());
  std::vector<uint64_t> noted;
  size_t walked_calls = 0;
  const std::string out = DecodeNotingStops(decoder, bytes, 3000, random, noted, walked_calls);
  EXPECT_EQ(walked_calls, 0u);
  std::vector<uint64_t> walked;
  AppendNormalFormStops(out, 0, 0, walked);
  EXPECT_GT(walked.size(), 1000u);
  EXPECT_EQ(noted, walked);
}

// The same for UTF-8, broken sequences, BOM and chunks cut inside characters included.
TEST(StreamDecoder, Utf8NotesTheNormalFormStopsAWalkFinds) {
  const std::vector<std::string> pieces = {
      "a",      "7",        ",",      "山",           "か",
      "ヤ",     "ー",       "\u3000", "１",           "ｶ",
      "①",      "é",        "𠀋",     "、",           "\n",
      "\u0301", "\xE3\x81", "\xFF",   "\xED\xA0\x80", "\xE0\x80\x80",
      "\uFEFF"};
  std::mt19937 random(2028);
  size_t walked_calls = 0;
  for (int round = 0; round < 200; ++round) {
    std::string bytes = round % 2 == 0 ? "\xEF\xBB\xBF" : "";
    for (size_t k = random() % 3000; k > 0; --k) bytes += pieces[random() % pieces.size()];
    StreamDecoder decoder;
    ASSERT_TRUE(decoder.Reset(round % 2 == 0 ? Encoding::kUtf8Bom : Encoding::kUtf8).has_value());
    std::vector<uint64_t> noted;
    const std::string out = DecodeNotingStops(decoder, bytes, 700, random, noted, walked_calls);
    std::vector<uint64_t> walked;
    AppendNormalFormStops(out, 0, 0, walked);
    ASSERT_EQ(noted, walked) << round;
  }
  EXPECT_LE(walked_calls, 200u);  // only a call that dropped a BOM, one per stream at most
}

// ICU's decoding of a whole input with one counted U+FFFD per sequence it cannot decode (what
// the decoder did through ICU before its own loops), as UTF-8.
std::string IcuCounting(const char* charset, std::string_view bytes, uint64_t& invalid) {
  struct Count {
    static void Callback(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t,
                         UConverterCallbackReason reason, UErrorCode* error) {
      if (reason != UCNV_UNASSIGNED && reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR) return;
      ++*static_cast<uint64_t*>(const_cast<void*>(context));
      *error = U_ZERO_ERROR;
      static const UChar kFffd = 0xFFFD;
      ucnv_cbToUWriteUChars(args, &kFffd, 1, 0, error);
    }
  };
  UErrorCode error = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(charset, &error);
  invalid = 0;
  ucnv_setToUCallBack(converter, Count::Callback, &invalid, nullptr, nullptr, &error);
  std::vector<UChar> units(bytes.size() + 8);
  const int32_t count = ucnv_toUChars(converter, units.data(), static_cast<int32_t>(units.size()),
                                      bytes.data(), static_cast<int32_t>(bytes.size()), &error);
  ucnv_close(converter);
  EXPECT_TRUE(U_SUCCESS(error)) << u_errorName(error);
  std::string utf8;
  icu::UnicodeString(units.data(), count).toUTF8String(utf8);
  return utf8;
}

// Decodes `bytes` in random chunks of up to `max_chunk` bytes and expects ICU's text (without
// a leading BOM, which the decoder drops), ICU's count of undecodable sequences, and the
// normal-form stops a walk of the output finds.
void ExpectDecodesAsIcu(Encoding encoding, const char* charset, const std::string& bytes,
                        size_t max_chunk, std::mt19937& random) {
  uint64_t expected_invalid = 0;
  std::string expected = FoldFullWidthForms(IcuCounting(charset, bytes, expected_invalid));
  if (expected.starts_with("\uFEFF")) expected.erase(0, 3);
  StreamDecoder decoder;
  ASSERT_TRUE(decoder.Reset(encoding).has_value());
  std::vector<uint64_t> noted;
  size_t walked_calls = 0;
  const std::string out = DecodeNotingStops(decoder, bytes, max_chunk, random, noted, walked_calls);
  const auto differ = std::mismatch(out.begin(), out.end(), expected.begin(), expected.end());
  ASSERT_TRUE(out == expected) << charset << ": from byte " << differ.first - out.begin() << " of "
                               << out.size() << " (ICU: " << expected.size() << ")";
  EXPECT_EQ(decoder.invalid_count(), expected_invalid) << charset;
  std::vector<uint64_t> walked;
  AppendNormalFormStops(out, 0, 0, walked);
  ASSERT_EQ(noted, walked) << charset;
}

// The hand-written UTF-16 decoder against ICU on random units (ASCII, kana, kanji, pairs,
// unpaired surrogates of both kinds, an odd last byte).
TEST(StreamDecoder, Utf16AgreesWithIcuOnRandomUnits) {
  const std::vector<uint32_t> units = {'a',    '7',    ',',    '\n',   0xE9,   0x3042, 0x30FC,
                                       0x5C71, 0x3000, 0xFF11, 0xFF76, 0x2460, 0xD840, 0xDC0B,
                                       0xDBFF, 0xDFFF, 0x0301, 0xFEFF, 0x7FF,  0x800};
  std::mt19937 random(1616);
  for (int round = 0; round < 400; ++round) {
    const bool big_endian = round % 2 == 1;
    std::string bytes;
    for (size_t k = random() % 2000; k > 0; --k) {
      const uint32_t u = units[random() % units.size()];
      const char high = static_cast<char>(u >> 8);
      const char low = static_cast<char>(u & 0xFF);
      bytes += big_endian ? high : low;
      bytes += big_endian ? low : high;
    }
    if (round % 5 == 0) bytes += 'x';  // an odd byte at the end
    SCOPED_TRACE(round);
    ExpectDecodesAsIcu(big_endian ? Encoding::kUtf16Be : Encoding::kUtf16Le,
                       big_endian ? "UTF-16BE" : "UTF-16LE", bytes,
                       1 + static_cast<size_t>(round % 97), random);
  }
}

// The UTF-8 check against ICU on random pieces, broken and cut sequences included, in chunks of
// one to seven bytes: most characters are cut by a chunk, and many sequences are finished from
// the window of held and new bytes.
TEST(StreamDecoder, Utf8AgreesWithIcuInSmallChunks) {
  const std::vector<std::string> pieces = {
      "a",        "7",        "山",       "ー",           "１",   "é",
      "𠀋",       "\u0301",   "\xE3\x81", "\xF0\x9F\x98", "\xFF", "\xED\xA0\x80",
      "\xE0\x80", "\xC0\xAF", "\x80"};
  std::mt19937 random(8208);
  for (int round = 0; round < 300; ++round) {
    std::string bytes;
    for (size_t k = 1 + random() % 400; k > 0; --k) bytes += pieces[random() % pieces.size()];
    SCOPED_TRACE(round);
    ExpectDecodesAsIcu(Encoding::kUtf8, "UTF-8", bytes, 1 + static_cast<size_t>(round % 7), random);
  }
}

// The EUC-JP table against ICU on random bytes: JIS X 0208 pairs, half-width kana after 0x8E,
// JIS X 0212 after 0x8F, unassigned codes, bytes that cannot start or continue a character,
// sequences cut anywhere by the chunks and by the end.
TEST(StreamDecoder, EucJpAgreesWithIcuOnRandomBytes) {
  std::mt19937 random(51932);
  const auto euc_byte = [&] { return static_cast<char>(0xA1 + random() % 94); };
  for (int round = 0; round < 300; ++round) {
    std::string bytes;
    for (size_t k = random() % 1500; k > 0; --k) {
      switch (random() % 10) {
        case 0:
          bytes += static_cast<char>('0' + random() % 10);
          break;
        case 1:
          bytes += "\x8E";
          bytes += static_cast<char>(0xA1 + random() % 70);  // kana, a few past 0xDF
          break;
        case 2:
          bytes += "\x8F";
          bytes += euc_byte();
          bytes += euc_byte();
          break;
        case 3:
          bytes += static_cast<char>(random() % 256);  // anything
          break;
        case 4:
          bytes += "\xA1\xBC";  // ー
          break;
        default:
          bytes += euc_byte();
          bytes += euc_byte();
      }
    }
    SCOPED_TRACE(round);
    ExpectDecodesAsIcu(Encoding::kEucJp, "EUC-JP", bytes, 1 + static_cast<size_t>(round % 61),
                       random);
  }
}

// The CP932 table against ICU on random bytes: pairs with any trail, bytes that cannot start a
// character, leads cut by the chunks and by the end (ASCII controls aside: ICU's table swaps
// 0x1A, 0x1C and 0x7F, the decoder keeps them as Windows does).
TEST(StreamDecoder, ShiftJisAgreesWithIcuOnRandomBytes) {
  std::mt19937 random(30932);
  for (int round = 0; round < 300; ++round) {
    std::string bytes;
    for (size_t k = random() % 1500; k > 0; --k) {
      const auto b = static_cast<unsigned>(random() % 3 == 0 ? 0x20 + random() % 0x5F
                                                             : 0x80 + random() % 0x80);
      bytes += static_cast<char>(b);
    }
    SCOPED_TRACE(round);
    ExpectDecodesAsIcu(Encoding::kShiftJis, "windows-31j", bytes,
                       1 + static_cast<size_t>(round % 61), random);
  }
}

TEST(StreamDecoder, ShiftJisLeadWithoutTrailKeepsTheNextByte) {
  StreamDecoder decoder;
  EXPECT_EQ(DecodeAll(Encoding::kShiftJis, "\x81 \x82", decoder), "\xEF\xBF\xBD \xEF\xBF\xBD");
  EXPECT_EQ(decoder.invalid_count(), 2u);
}

// EUC-JP's minus (A1DD) is U+FF0D, which is written as '-' with the full-width digits; U+2212,
// which other tables give, would be kept.
TEST(StreamDecoder, EucJpMinusIsFullWidthHyphenMinus) {
  EXPECT_EQ(DecodeAll(Encoding::kEucJp, "\xA3\xB1\xA1\xDD\xA3\xB2"), "1-2");
}

// Every decoder but ISO-2022-JP's (ICU's converter) writes the full-width forms of ASCII and
// the ideographic space as ASCII, and keeps the full-width delimiters and quotes.
TEST(StreamDecoder, FullWidthFormsAreWrittenAsAscii) {
  const std::string text = "ＩＤ：１２３４－５６７８９０　山田，＂Ａ＂；＇ｚ＇～\n";
  const std::string folded = "ID:1234-567890 山田，＂A＂；＇z＇~\n";
  ASSERT_EQ(FoldFullWidthForms(text), folded);
  EXPECT_EQ(DecodeAll(Encoding::kUtf8, text), folded);
  EXPECT_EQ(DecodeAll(Encoding::kUtf8Bom, "\xEF\xBB\xBF" + text), folded);
  EXPECT_EQ(DecodeAll(Encoding::kUtf16Le, Utf16Le(text)), folded);
  EXPECT_EQ(DecodeAll(Encoding::kUtf16Be, Utf16Be(text)), folded);
  EXPECT_EQ(DecodeAll(Encoding::kShiftJis, ShiftJis(text)), folded);
  EXPECT_EQ(DecodeAll(Encoding::kEucJp, EucJp(text)), folded);
  EXPECT_EQ(DecodeAll(Encoding::kIso2022Jp, Iso2022Jp("ＩＤ１２")), "ＩＤ１２");
  // A run longer than the UTF-8 copy gathers at once, ending at the end of the input.
  std::string long_run = "番号";
  std::string long_run_folded = "番号";
  for (int i = 0; i < 7; ++i) {
    long_run += "１２３４５６７８９０";
    long_run_folded += "1234567890";
  }
  EXPECT_EQ(DecodeAll(Encoding::kUtf8, long_run), long_run_folded);
  // Those written as ASCII are no normal-form stops any more: their cells need no normalising.
  const std::string folding = "ＩＤ：１２３４－５６７８９０　山田～";
  for (const Encoding encoding : {Encoding::kUtf8, Encoding::kShiftJis, Encoding::kEucJp}) {
    StreamDecoder decoder;
    ASSERT_TRUE(decoder.Reset(encoding).has_value());
    std::string out;
    decoder.Decode(encoding == Encoding::kUtf8       ? folding
                   : encoding == Encoding::kShiftJis ? ShiftJis(folding)
                                                     : EucJp(folding),
                   out);
    EXPECT_EQ(out, FoldFullWidthForms(folding));
    ASSERT_NE(decoder.normal_form_stops(), nullptr);
    EXPECT_TRUE(decoder.normal_form_stops()->empty()) << EncodingName(encoding);
  }
}

TEST(StreamDecoder, ByteAtATimeGivesTheSameOutput) {
  const std::string text = std::string(kList) + "①㈱髙橋 ﾔﾏﾀﾞ 😀\n";
  struct Case {
    Encoding encoding;
    std::string bytes;
  };
  const std::vector<Case> cases = {
      {Encoding::kUtf8, text},
      {Encoding::kUtf8Bom, "\xEF\xBB\xBF" + text},
      {Encoding::kUtf16Le, "\xFF\xFE" + Utf16Le(text)},
      {Encoding::kUtf16Be, Utf16Be(text)},
      {Encoding::kShiftJis, ShiftJis(std::string(kList) + "①㈱髙橋 ﾔﾏﾀﾞ\n")},
      {Encoding::kEucJp, EucJp(kList)},
      {Encoding::kIso2022Jp, Iso2022Jp(kList)},
  };
  StreamDecoder whole;
  StreamDecoder trickle;
  for (const Case& c : cases) {
    const std::string expected = DecodeAll(c.encoding, c.bytes, whole);
    EXPECT_EQ(DecodeByteAtATime(c.encoding, c.bytes, trickle), expected)
        << EncodingName(c.encoding);
    EXPECT_EQ(trickle.invalid_count(), 0u) << EncodingName(c.encoding);
    EXPECT_EQ(trickle.char_count(), whole.char_count()) << EncodingName(c.encoding);
  }
}

TEST(StreamDecoder, ByteAtATimeKeepsInvalidBytesApart) {
  const std::string bytes =
      "a\xE3\x81"
      "b\xF0\x9F\x98"
      "c\xFF\xE3\x81\x82";
  StreamDecoder whole;
  StreamDecoder trickle;
  const std::string expected = DecodeAll(Encoding::kUtf8, bytes, whole);
  EXPECT_EQ(expected,
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c\xEF\xBF\xBD"
            "あ");
  EXPECT_EQ(DecodeByteAtATime(Encoding::kUtf8, bytes, trickle), expected);
  EXPECT_EQ(whole.invalid_count(), 3u);
  EXPECT_EQ(trickle.invalid_count(), 3u);
}

// Random bytes drawn mostly from the edges of UTF-8 (E0 and ED with second bytes around
// their limits, cut sequences, kana) and random CP932-like bytes: the whole buffer, which
// takes the decoders' fast loops, gives what one byte at a time gives (that path classifies
// every sequence on its own), with the same count of invalid sequences.
TEST(StreamDecoder, FastLoopsAgreeWithByteAtATimeOnRandomBytes) {
  constexpr uint8_t kUtf8Edges[] = {0x41, 0x2C, 0xE0, 0xED, 0xE3, 0xEF, 0x80, 0x81,
                                    0x9F, 0xA0, 0xBF, 0xC2, 0xF0, 0x90, 0xFF, 0x0A};
  std::mt19937 random(2026);
  for (int round = 0; round < 300; ++round) {
    std::string utf8;
    std::string cp932;
    for (int i = 0; i < 200; ++i) {
      utf8 += static_cast<char>(kUtf8Edges[random() % sizeof(kUtf8Edges)]);
      cp932 += static_cast<char>(random() % 3 == 0 ? 'a' + random() % 26 : random() & 0xFF);
    }
    for (const auto& [encoding, bytes] :
         {std::pair{Encoding::kUtf8, utf8}, std::pair{Encoding::kShiftJis, cp932}}) {
      StreamDecoder whole;
      StreamDecoder trickle;
      ASSERT_EQ(DecodeAll(encoding, bytes, whole), DecodeByteAtATime(encoding, bytes, trickle))
          << EncodingName(encoding) << " round " << round;
      ASSERT_EQ(whole.invalid_count(), trickle.invalid_count());
      ASSERT_EQ(whole.char_count(), trickle.char_count());
    }
  }
}

TEST(StreamDecoder, InvalidShiftJisIsReplacedAndCounted) {
  StreamDecoder decoder;
  EXPECT_EQ(DecodeAll(Encoding::kShiftJis,
                      "a\x85\x40"
                      "b\xFD",
                      decoder),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(decoder.invalid_count(), 2u);
  EXPECT_EQ(decoder.char_count(), 4u);
}

TEST(StreamDecoder, SequenceCutByTheEndOfTheFileIsInvalid) {
  StreamDecoder decoder;
  EXPECT_EQ(DecodeAll(Encoding::kUtf8, "ok\xE3\x81", decoder), "ok\xEF\xBF\xBD");
  EXPECT_EQ(decoder.invalid_count(), 1u);
  EXPECT_EQ(DecodeAll(Encoding::kShiftJis, "ok\x8E", decoder), "ok\xEF\xBF\xBD");
  EXPECT_EQ(decoder.invalid_count(), 1u);
}

TEST(StreamDecoder, AsciiStreamSettlesOnShiftJisFurtherIn) {
  std::string bytes;
  while (bytes.size() < 100 * 1024) bytes += "1,Yamada Taro,1970-03-02\n";
  const std::string tail = "2,山田 太郎,昭和45年3月2日\n";
  bytes += ShiftJis(tail);
  StreamDecoder decoder;
  ASSERT_TRUE(decoder.Reset(Encoding::kAscii).has_value());
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 4096) {
    decoder.Decode(std::string_view(bytes).substr(i, 4096), out);
  }
  decoder.Finish(out);
  EXPECT_EQ(decoder.encoding(), Encoding::kShiftJis);
  EXPECT_EQ(decoder.invalid_count(), 0u);
  EXPECT_EQ(out.substr(out.size() - tail.size()), tail);
}

TEST(StreamDecoder, AsciiStreamSettlesOnUtf8) {
  StreamDecoder decoder;
  ASSERT_TRUE(decoder.Reset(Encoding::kAscii).has_value());
  std::string out;
  decoder.Decode("plain ascii\n", out);
  EXPECT_EQ(decoder.encoding(), Encoding::kAscii);
  decoder.Decode("山田", out);
  decoder.Finish(out);
  EXPECT_EQ(decoder.encoding(), Encoding::kUtf8);
  EXPECT_EQ(out, "plain ascii\n山田");
}

TEST(StreamDecoder, ResetStartsAFreshStream) {
  StreamDecoder decoder;
  ASSERT_TRUE(decoder.Reset(Encoding::kShiftJis).has_value());
  std::string out;
  decoder.Decode("\x8E", out);  // a lead byte left pending
  EXPECT_EQ(DecodeAll(Encoding::kShiftJis, ShiftJis("山田"), decoder), "山田");
  EXPECT_EQ(decoder.invalid_count(), 0u);
}

// ---- normalisation ------------------------------------------------------------------

TEST(Normalize, AsciiIsReturnedWithoutCopy) {
  const std::string text = "1234-567890,Yamada Taro";
  std::string scratch;
  const std::string_view out = Normalize(text, scratch);
  EXPECT_EQ(out.data(), text.data());
  EXPECT_EQ(out.size(), text.size());
}

TEST(Normalize, CommonJapaneseIsReturnedWithoutCopy) {
  const std::string text = "山田 太郎、東京都千代田区霞が関「やまだ」ヤマダ〒";
  std::string scratch;
  EXPECT_EQ(Normalize(text, scratch).data(), text.data());
  EXPECT_EQ(NormalizedPrefix(text), text.size());
}

TEST(Normalize, FullWidthDigitsAndLettersBecomeAscii) {
  std::string scratch;
  EXPECT_EQ(Normalize("１９７０年３月２日", scratch), "1970年3月2日");
  EXPECT_EQ(Normalize("ＡＢＣ＠ｅｘａｍｐｌｅ．ｊｐ", scratch), "ABC@example.jp");
}

TEST(Normalize, HalfWidthKatakanaBecomesFullWidth) {
  std::string scratch;
  EXPECT_EQ(Normalize("ｶﾀｶﾅ", scratch), "カタカナ");
  EXPECT_EQ(Normalize("ﾔﾏﾀﾞ ﾀﾛｳ", scratch), "ヤマダ タロウ");
}

TEST(Normalize, IdeographicSpaceBecomesSpace) {
  std::string scratch;
  EXPECT_EQ(Normalize("山田　太郎", scratch), "山田 太郎");
}

TEST(Normalize, CompatibilityCharactersAreDecomposed) {
  std::string scratch;
  EXPECT_EQ(Normalize("①", scratch), "1");
  EXPECT_EQ(Normalize("㈱山田", scratch), "(株)山田");
}

TEST(Normalize, DashVariantsBecomeHyphenMinus) {
  std::string scratch;
  EXPECT_EQ(Normalize("１２３４－５６７８９０", scratch), "1234-567890");
  EXPECT_EQ(Normalize("1234−567890", scratch), "1234-567890");  // U+2212
  EXPECT_EQ(Normalize("1234‐567890", scratch), "1234-567890");  // U+2010
  EXPECT_EQ(Normalize("1234―567890", scratch), "1234-567890");  // U+2015
}

TEST(Normalize, ProlongedSoundMarkBetweenDigitsBecomesHyphen) {
  std::string scratch;
  EXPECT_EQ(Normalize("０３ー１２３４ー５６７８", scratch), "03-1234-5678");
  EXPECT_EQ(Normalize("03ｰ1234", scratch), "03-1234");
  EXPECT_EQ(Normalize("データー", scratch), "データー");
  EXPECT_EQ(Normalize("3ー", scratch), "3ー");
  EXPECT_EQ(Normalize("ー3", scratch), "ー3");
}

TEST(Normalize, CombiningMarkComposesWithTheCharacterBeforeIt) {
  std::string scratch;
  EXPECT_EQ(Normalize("か\u3099", scratch), "が");
  EXPECT_EQ(Normalize("山田か\u3099", scratch), "山田が");
  EXPECT_EQ(Normalize("Ａ\u0301", scratch), "Á");
}

TEST(Normalize, IsIdempotent) {
  const std::vector<std::string> samples = {"１２３４－５６７８９０",
                                            "ｶﾞｷﾞｸﾞ",
                                            "03ーー1234",
                                            "1ー2ー3",
                                            "①②③㈱㍻",
                                            "Ａ\u0301ー1",
                                            "ﾞ1ｰ2",
                                            "山田　太郎",
                                            "－ー－",
                                            "か\u3099ー９"};
  std::string first;
  std::string second;
  for (const std::string& sample : samples) {
    const std::string once(Normalize(sample, first));
    EXPECT_EQ(Normalize(once, second), once) << sample;
  }
}

TEST(Normalize, AppendNormalizedAppends) {
  std::string out = "x|";
  AppendNormalized("１", out);
  AppendNormalized("2", out);
  AppendNormalized("ー3", out);  // the digit before belongs to another cell
  EXPECT_EQ(out, "x|12ー3");
}

// What Normalize() promises, computed the slow way: ICU's NFKC of the whole text, then the
// dash folds (U+2010..U+2015 and U+2212 always; ー only between two ASCII digits).
std::string ReferenceNormalize(std::string_view text) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(error);
  const icu::UnicodeString normal =
      nfkc->normalize(icu::UnicodeString::fromUTF8(
                          icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))),
                      error);
  EXPECT_TRUE(U_SUCCESS(error));
  std::vector<UChar32> cps;
  for (int32_t i = 0; i < normal.length(); i = normal.moveIndex32(i, 1))
    cps.push_back(normal.char32At(i));
  const auto digit = [](UChar32 c) { return c >= '0' && c <= '9'; };
  icu::UnicodeString folded;
  for (size_t i = 0; i < cps.size(); ++i) {
    UChar32 c = cps[i];
    if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212) c = '-';
    if (c == 0x30FC && folded.length() > 0 && digit(folded.char32At(folded.length() - 1)) &&
        i + 1 < cps.size() && digit(cps[i + 1])) {
      c = '-';
    }
    folded.append(c);
  }
  std::string out;
  folded.toUTF8String(out);
  return out;
}

// Random cells over an alphabet that exercises every path of the table-driven NFKC:
// inert text, characters replaced from the table, and the ones ICU must see with their
// neighbours (combining marks after ASCII, kana and full-width letters; sound marks after
// half-width katakana; Hangul jamo; characters outside the BMP).
TEST(Normalize, AgreesWithIcuOnRandomMixedText) {
  const std::vector<std::string> alphabet = {
      "a",      "Z",      "e",      "1",      "9",      "-",      " ",  ",",  "(",
      "~",      "山",     "田",     "東",     "か",     "は",     "カ", "ヤ", "ー",
      "、",     "〒",     "\u3000", "１",     "９",     "Ａ",     "ｚ", "－", "：",
      "（",     "＠",     "～",     "ｶ",      "ﾀ",      "ﾊ",      "ﾞ",  "ﾟ",  "ｰ",
      "\u0301", "\u0300", "\u0323", "\u3099", "\u309A", "゛",     "゜", "‐",  "―",
      "−",      "①",      "㈱",     "㍻",     "㌔",     "ﬁ",      "½",  "é",  "ß",
      "\uF929", "\uFA10", "가",     "\u1100", "\u1161", "\u11A8", "𠀋", "🎉",  "\U0001D400",
      "Å",      "Ω",      "ｱ",      "ﾝ",      "￥",     "＼"};
  std::mt19937 generator(20261206);
  std::string scratch;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t length = 1 + generator() % 12;
    for (size_t k = 0; k < length; ++k) text += alphabet[generator() % alphabet.size()];
    const std::string expected = ReferenceNormalize(text);
    ASSERT_EQ(std::string(Normalize(text, scratch)), expected) << text;
    std::string appended = "prefix,";
    AppendNormalized(text, appended);
    ASSERT_EQ(appended, "prefix," + expected) << text;
    // From the list of its stops, as the decoder makes it (offsets in a stream, here 1000 on).
    std::vector<uint64_t> stops;
    AppendNormalFormStops(text, 0, 1000, stops);
    if (!stops.empty()) {
      stops.push_back(1000 + text.size() + 5);  // a stop of a later cell is not this one's
      std::string listed = "prefix,";
      AppendNormalizedListed(text, stops, 1000, listed);
      ASSERT_EQ(listed, "prefix," + expected) << text;
    }
  }
}

// Why the decoders may write a full-width form as ASCII: the normal form of any text is that
// of the text with its full-width forms so written, next to combining marks, sound marks, ー
// between digits and everything else NFKC looks at around a character.
TEST(Normalize, FoldingFullWidthFormsKeepsTheNormalForm) {
  const std::vector<std::string> alphabet = {
      "a",  "1",      "-",      " ",      "山",     "カ",     "ー", "１", "９",
      "Ａ", "ｚ",     "－",     "：",     "（",     "＠",     "～", "＼", "，",
      "＂", "\u3000", "\u0301", "\u0300", "\u0323", "\u3099", "ｶ",  "ﾞ",  "゛",
      "−",  "①",      "ﬁ",      "\u0338", "＜",     "＝",     "＞", "ｅ", "ｎ"};
  std::mt19937 generator(3000);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t length = 1 + generator() % 10;
    for (size_t k = 0; k < length; ++k) text += alphabet[generator() % alphabet.size()];
    ASSERT_EQ(ReferenceNormalize(FoldFullWidthForms(text)), ReferenceNormalize(text)) << text;
  }
  // And every one of them, between neighbours that combine or fold.
  for (UChar32 c = 0xFF01; c <= 0xFF5F; ++c) {
    std::string form;
    icu::UnicodeString(c == 0xFF5F ? 0x3000 : c).toUTF8String(form);
    for (const char* before : {"", "1", "ｶ", "\u0301", "ー"}) {
      for (const char* after : {"", "\u0301", "\u0300", "\u0338", "\u3099", "\u0323", "ー1", "ﾞ"}) {
        const std::string text = before + form + after;
        ASSERT_EQ(ReferenceNormalize(FoldFullWidthForms(text)), ReferenceNormalize(text)) << text;
      }
    }
  }
}

// Every BMP code point alone and between two ASCII letters, against ICU (the table covers
// the BMP; a wrong entry shows here).
TEST(Normalize, AgreesWithIcuOnEveryBmpCodePoint) {
  std::string scratch;
  for (UChar32 cp = 1; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string c;
    icu::UnicodeString(cp).toUTF8String(c);
    for (const std::string& text : {c, "a" + c + "b", "１" + c + "\u0301"}) {
      ASSERT_EQ(std::string(Normalize(text, scratch)), ReferenceNormalize(text)) << std::hex << cp;
    }
  }
}

// Full-width ASCII is replaced a run at a time by subtraction, except the characters that may
// compose with what follows (Ａ + U+0301 is Á, ＜ + U+0338 is ≮): each of U+FF01..U+FF5E in runs,
// between kanji, and before the marks it may compose with, against ICU.
TEST(Normalize, FullWidthAsciiRunsAgreeWithIcu) {
  std::string scratch;
  std::string all;
  for (UChar32 cp = 0xFF01; cp <= 0xFF5E; ++cp) {
    std::string c;
    icu::UnicodeString(cp).toUTF8String(c);
    all += c;
    for (const std::string& text : {c + c + c, "山" + c + "田", "１" + c + "\u0301", c + "\u0338",
                                    c + "\u3099" + "２", "-" + c + "ー" + "３"}) {
      ASSERT_EQ(std::string(Normalize(text, scratch)), ReferenceNormalize(text)) << std::hex << cp;
      std::string appended = "x";
      AppendNormalized(text, appended);
      ASSERT_EQ(appended, "x" + ReferenceNormalize(text)) << std::hex << cp;
    }
  }
  EXPECT_EQ(std::string(Normalize(all, scratch)), ReferenceNormalize(all));
}

TEST(Normalize, InertCharactersAreNfkcStableAndStartASegment) {
  // The fast path's table, checked against ICU for every code point it accepts.
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(error);
  ASSERT_TRUE(U_SUCCESS(error));
  for (UChar32 cp = 0x3000; cp <= 0x9FFF; ++cp) {
    std::string utf8;
    icu::UnicodeString(cp).toUTF8String(utf8);
    if (NormalizedPrefix(utf8) != utf8.size()) continue;
    EXPECT_TRUE(nfkc->isNormalized(icu::UnicodeString(cp), error)) << std::hex << cp;
    EXPECT_TRUE(nfkc->hasBoundaryBefore(cp)) << std::hex << cp;
  }
  for (UChar32 cp = 0; cp < 0x80; ++cp) {
    EXPECT_TRUE(nfkc->hasBoundaryBefore(cp)) << cp;
  }
}

// The block table of NormalizedPrefix against the rule it encodes, for every three-byte
// code point, alone, after a kanji and after a digit (where ー is left to the slow path).
TEST(Normalize, PrefixTableAgreesWithTheInertRangesOnEveryThreeByteCodePoint) {
  const auto inert = [](UChar32 cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3041 && cp <= 0x3096) ||
           (cp >= 0x30A1 && cp <= 0x30FE) || (cp >= 0x3001 && cp <= 0x3020);
  };
  for (UChar32 cp = 0x800; cp <= 0xFFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string utf8;
    icu::UnicodeString(cp).toUTF8String(utf8);
    const size_t expected = inert(cp) ? utf8.size() : 0;
    ASSERT_EQ(NormalizedPrefix(utf8), expected) << std::hex << cp;
    ASSERT_EQ(NormalizedPrefix("山" + utf8 + "a"), 3 + (expected > 0 ? utf8.size() + 1 : 0))
        << std::hex << cp;
    const size_t after_digit = inert(cp) && cp != 0x30FC ? 1 + utf8.size() : 1;
    ASSERT_EQ(NormalizedPrefix("7" + utf8), after_digit) << std::hex << cp;
  }
}

// A cell holds a stop of the whole text exactly when NormalizedPrefix stops inside it.
TEST(Normalize, StopsOfATextAgreeWithThePrefixOfEachCell) {
  const std::vector<std::string> pieces = {"a",  "7", ",", "山", "か", "ヤ", "ー",     "\u3000",
                                           "１", "ｶ", "①", "é",  "𠀋", "\n", "\u0301", "、"};
  std::mt19937 generator(2027);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (size_t k = generator() % 200; k > 0; --k) text += pieces[generator() % pieces.size()];
    std::vector<uint64_t> stops;
    AppendNormalFormStops(text, 0, 1000, stops);
    // Cells as a CSV reader cuts them: at commas and line breaks.
    size_t begin = 0;
    for (size_t end = 0; end <= text.size(); ++end) {
      if (end < text.size() && text[end] != ',' && text[end] != '\n') continue;
      const std::string_view cell = std::string_view(text).substr(begin, end - begin);
      const bool listed = std::any_of(stops.begin(), stops.end(), [&](uint64_t stop) {
        return stop >= 1000 + begin && stop < 1000 + end;
      });
      ASSERT_EQ(listed, NormalizedPrefix(cell) != cell.size()) << text;
      begin = end + 1;
    }
  }
}

// Long texts cross the 16-byte blocks NormalizedPrefix skips at once: the prefix must end
// where a per-character walk of the same rule ends, wherever the first other character sits
// (in a block, on a block edge, in a character cut by a block edge, after a digit).
TEST(Normalize, PrefixOfLongTextsAgreesWithAPerCharacterWalk) {
  const std::vector<std::string> plain = {"a",  "7",  " ",  ",",  "山", "田", "鈴", "龍",
                                          "漢", "字", "か", "ヤ", "、", "〒", "丁", "一"};
  const std::vector<std::string> other = {"\u3000", "１", "ｶ",      "ー",     "①",     "é",
                                          "\u0301", "𠀋", "\u4DC0", "\u3400", "\uF929"};
  const auto reference = [](std::string_view text) {
    size_t pos = 0;
    bool after_digit = false;
    while (pos < text.size()) {
      size_t next = pos;
      const char32_t cp = NextCodePoint(text, next);
      const bool inert = cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF) ||
                         (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FE) ||
                         (cp >= 0x3001 && cp <= 0x3020);
      if (!inert || (cp == 0x30FC && after_digit)) return pos;
      after_digit = cp >= '0' && cp <= '9';
      pos = next;
    }
    return text.size();
  };
  std::mt19937 generator(616);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t length = generator() % 60;
    for (size_t k = 0; k < length; ++k) text += plain[generator() % plain.size()];
    if (generator() % 4 != 0) text += other[generator() % other.size()];
    for (size_t k = generator() % 20; k > 0; --k) text += plain[generator() % plain.size()];
    ASSERT_EQ(NormalizedPrefix(text), reference(text)) << text;
  }
}

// Regression (labelled corpus, 記録突合リスト_20140305.tsv): UTF-16LE without a BOM, almost
// all kanji and kana with ideographic spaces (U+3000) and 一 (U+4E00), so NUL bytes sit at
// both parities and the parity test alone called it binary.
TEST(DetectEncoding, Utf16LeWithoutBomOfMostlyKanjiWithNulsAtBothParities) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "山田\u3000一郎\tヤマダ\u3000イチロウ\t昭和四十五年\r\n";
  const std::string bytes = Utf16Le(text);
  size_t even = 0;
  size_t odd = 0;
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    even += bytes[i] == '\0' ? 1U : 0U;
    odd += bytes[i + 1] == '\0' ? 1U : 0U;
  }
  ASSERT_GT(even * 4, odd);  // the case: zeros at both parities
  EXPECT_EQ(Detect(bytes), Encoding::kUtf16Le);
}

// Regression (labelled corpus of seed 2, 対象者一覧_620.tsv): UTF-16LE without a BOM of
// full-width digits and kanji names, so with hardly any kana to tell the byte order by; its
// few NULs (tabs, line breaks, U+3000) sit at both parities. It was called binary and skipped.
TEST(DetectEncoding, Utf16WithoutBomOfFullWidthDigitsAndKanjiNames) {
  std::string text = "基礎年金番号\t氏名\r\n";
  const std::vector<std::string> names = {"西川\u3000実", "望月\u3000彩", "本田\u3000恵美",
                                          "宮下\u3000美香"};
  for (size_t i = 0; i < 60; ++i) {
    text += "９９０２９６００２" + std::to_string(i % 10) + "\t" + names[i % names.size()] + "\r\n";
  }
  EXPECT_EQ(Detect(Utf16Le(text)), Encoding::kUtf16Le);
  EXPECT_EQ(Detect(Utf16Be(text)), Encoding::kUtf16Be);
  // No line breaks or tabs at all: not one NUL byte.
  std::string bare;
  for (size_t i = 0; i < 60; ++i) bare += "９９０２９６００２０" + names[i % names.size()];
  EXPECT_EQ(Detect(Utf16Le(bare)), Encoding::kUtf16Le);
  EXPECT_EQ(Detect(Utf16Be(bare)), Encoding::kUtf16Be);
}

}  // namespace
}  // namespace mamori::read::decode
