// Throughput of the text hot path: decoding (UTF-8 validation pass-through, CP932 and
// UTF-16 through ICU), normalisation of Japanese cells, CSV splitting, and the whole text
// reader. Input: about 4 MB of a generated Japanese personal-data CSV (seeded, so runs
// compare). Run: build/release/bench/decode_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <unicode/ucnv.h>

#include <random>
#include <string>
#include <vector>

#include "null_read_context.h"
#include "read/csv/csv_parser.h"
#include "read/decode/decoder.h"
#include "read/reader.h"
#include "read/text/text_format.h"

namespace mamori::read {
namespace {

constexpr size_t kChunk = 256 * 1024;

// A CSV like the extracts the pension report describes: number, name, reading, birth date,
// address, phone. `fullwidth` writes numbers with full-width digits as typed on Japanese
// keyboards, which NFKC has to fold.
std::string MakeCsv(size_t bytes, bool fullwidth) {
  static const char* const kSurnames[] = {"山田", "佐藤", "鈴木", "高橋", "田中", "渡辺",
                                          "伊藤", "中村", "小林", "加藤", "髙橋", "齋藤"};
  static const char* const kGiven[] = {"太郎", "花子", "一郎", "美咲", "健太", "陽子", "翔", "愛"};
  static const char* const kReadings[] = {"ヤマダ タロウ", "サトウ ハナコ", "スズキ イチロウ",
                                          "タカハシ ミサキ"};
  static const char* const kPlaces[] = {"東京都千代田区霞が関", "大阪府大阪市北区梅田",
                                        "北海道札幌市中央区北一条西", "福岡県福岡市博多区博多駅前"};
  std::mt19937 random(42);
  const auto digits = [&](int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
      const char d = static_cast<char>('0' + random() % 10);
      if (fullwidth) {
        out += "\xEF\xBC";  // U+FF10..U+FF19
        out += static_cast<char>(0x90 + (d - '0'));
      } else {
        out += d;
      }
    }
    return out;
  };
  std::string csv = "基礎年金番号,氏名,フリガナ,生年月日,住所,電話番号\r\n";
  while (csv.size() < bytes) {
    csv += digits(4) + "-" + digits(6) + ",";
    csv += std::string(kSurnames[random() % 12]) + " " + kGiven[random() % 8] + ",";
    csv += std::string(kReadings[random() % 4]) + ",";
    csv += "昭和" + std::to_string(20 + random() % 44) + "年" + std::to_string(1 + random() % 12) +
           "月" + std::to_string(1 + random() % 28) + "日,";
    csv += "\"" + std::string(kPlaces[random() % 4]) + digits(1) + "-" + digits(2) + "-" +
           digits(1) + "\",";
    csv += "0" + digits(2) + "-" + digits(4) + "-" + digits(4) + "\r\n";
  }
  return csv;
}

std::string Encode(const char* charset, const std::string& utf8) {
  std::string out(utf8.size() * 2 + 16, '\0');
  UErrorCode error = U_ZERO_ERROR;
  const int32_t length =
      ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                   static_cast<int32_t>(utf8.size()), &error);
  out.resize(U_SUCCESS(error) ? static_cast<size_t>(length) : 0);
  return out;
}

const std::string& Csv() {
  static const std::string csv = MakeCsv(4 << 20, false);
  return csv;
}

const std::string& AsciiCsv() {
  static const std::string csv = [] {
    std::string out = "id,name,birth,phone\n";
    std::mt19937 random(7);
    while (out.size() < (4u << 20)) {
      out += std::to_string(random()) + ",Yamada Taro," + std::to_string(1940 + random() % 60) +
             "-03-02,03-" + std::to_string(1000 + random() % 9000) + "-5678\n";
    }
    return out;
  }();
  return csv;
}

void DecodeBench(benchmark::State& state, decode::Encoding encoding, const std::string& bytes) {
  decode::StreamDecoder decoder;
  std::string out;
  for (auto _ : state) {
    if (!decoder.Reset(encoding)) state.SkipWithError("no converter");
    for (size_t i = 0; i < bytes.size(); i += kChunk) {
      out.clear();
      decoder.Decode(std::string_view(bytes).substr(i, kChunk), out);
      benchmark::DoNotOptimize(out.data());
    }
    decoder.Finish(out);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes.size()));
}

void BM_DecodeUtf8PassThrough(benchmark::State& state) {
  DecodeBench(state, decode::Encoding::kUtf8, Csv());
}
BENCHMARK(BM_DecodeUtf8PassThrough);

void BM_DecodeAsciiPassThrough(benchmark::State& state) {
  DecodeBench(state, decode::Encoding::kUtf8, AsciiCsv());
}
BENCHMARK(BM_DecodeAsciiPassThrough);

void BM_DecodeCp932(benchmark::State& state) {
  static const std::string sjis = Encode("windows-31j", Csv());
  DecodeBench(state, decode::Encoding::kShiftJis, sjis);
}
BENCHMARK(BM_DecodeCp932);

void BM_DecodeEucJp(benchmark::State& state) {
  static const std::string euc = Encode("EUC-JP", Csv());
  DecodeBench(state, decode::Encoding::kEucJp, euc);
}
BENCHMARK(BM_DecodeEucJp);

void BM_DecodeUtf16Le(benchmark::State& state) {
  static const std::string utf16 = Encode("UTF-16LE", Csv());
  DecodeBench(state, decode::Encoding::kUtf16Le, utf16);
}
BENCHMARK(BM_DecodeUtf16Le);

void BM_DetectEncodingCp932Head(benchmark::State& state) {
  static const std::string head = Encode("windows-31j", Csv()).substr(0, Input::kHeadBytes);
  for (auto _ : state) {
    benchmark::DoNotOptimize(decode::DetectEncoding(head, false));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(head.size()));
}
BENCHMARK(BM_DetectEncodingCp932Head);

// Cells of the CSV, split once; normalised one by one as the reader does.
std::vector<std::string> Cells(const std::string& csv) {
  std::vector<std::string> cells;
  size_t start = 0;
  for (size_t i = 0; i < csv.size(); ++i) {
    if (csv[i] == ',' || csv[i] == '\n') {
      cells.emplace_back(csv.substr(start, i - start));
      start = i + 1;
    }
  }
  return cells;
}

void NormalizeBench(benchmark::State& state, const std::vector<std::string>& cells) {
  size_t bytes = 0;
  for (const std::string& cell : cells) bytes += cell.size();
  std::string scratch;
  for (auto _ : state) {
    for (const std::string& cell : cells) {
      benchmark::DoNotOptimize(decode::Normalize(cell, scratch).size());
    }
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}

void BM_NormalizeJapaneseCells(benchmark::State& state) {
  static const std::vector<std::string> cells = Cells(Csv());
  NormalizeBench(state, cells);
}
BENCHMARK(BM_NormalizeJapaneseCells);

void BM_NormalizeFullWidthCells(benchmark::State& state) {
  static const std::vector<std::string> cells = Cells(MakeCsv(4 << 20, true));
  NormalizeBench(state, cells);
}
BENCHMARK(BM_NormalizeFullWidthCells);

class NullHandler final : public csv::RowHandler {
 public:
  bool OnRow(const csv::Row& row) override {
    fields += row.fields.size();
    return true;
  }
  size_t fields = 0;
};

void BM_CsvSplit(benchmark::State& state) {
  const std::string& text = Csv();
  for (auto _ : state) {
    csv::Parser parser(csv::Dialect{}, 1 << 20);
    NullHandler handler;
    parser.Parse(text, true, handler);
    benchmark::DoNotOptimize(handler.fields);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_CsvSplit);

class CountingSink final : public RecordSink {
 public:
  bool OnRecord(const Part& /*part*/, const Record& record) override {
    cells += record.cells.size();
    return true;
  }
  size_t cells = 0;
};

void ReaderBench(benchmark::State& state, const std::string& bytes) {
  const auto reader = TextFormat().make_reader();
  bench::NullReadContext context;
  for (auto _ : state) {
    MemoryInput input("bench.csv", bytes);
    CountingSink sink;
    if (!reader->Read(input, context, sink)) state.SkipWithError("read failed");
    benchmark::DoNotOptimize(sink.cells);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes.size()));
}

void BM_TextReaderUtf8Csv(benchmark::State& state) { ReaderBench(state, Csv()); }
BENCHMARK(BM_TextReaderUtf8Csv);

void BM_TextReaderCp932Csv(benchmark::State& state) {
  static const std::string sjis = Encode("windows-31j", Csv());
  ReaderBench(state, sjis);
}
BENCHMARK(BM_TextReaderCp932Csv);

void BM_TextReaderAsciiCsv(benchmark::State& state) { ReaderBench(state, AsciiCsv()); }
BENCHMARK(BM_TextReaderAsciiCsv);

}  // namespace
}  // namespace mamori::read

BENCHMARK_MAIN();
