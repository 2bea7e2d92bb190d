// DetectorSet::Scan throughput on typical records: a headered personal table, the same rows
// without headers, an order list (decoys only) and lines of running text. Reports bytes/s of
// cell text. Then what the tally pays per personal record after detection: the keyed hash of
// the person (HMAC-SHA256 as stored, SipHash-2-4-128 as counted) and the people counter.
// Run: build/release/bench/detect_bench
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "base/keyed_hash.h"
#include "detect/detector.h"
#include "record/people_counter.h"

namespace mamori::detect {
namespace {

constexpr const char* kSurnames[] = {"山田", "佐藤", "鈴木", "高橋",
                                     "田中", "渡辺", "伊藤", "中村"};
constexpr const char* kKana[] = {"ヤマダ", "サトウ",   "スズキ", "タカハシ",
                                 "タナカ", "ワタナベ", "イトウ", "ナカムラ"};
constexpr const char* kGiven[] = {"太郎", "花子", "一郎", "美智子", "健太", "陽菜", "誠", "恵子"};
constexpr const char* kPlaces[] = {"東京都新宿区西新宿", "大阪府大阪市北区梅田",
                                   "北海道札幌市中央区北一条西", "福岡県福岡市博多区博多駅前",
                                   "愛知県名古屋市中区栄"};
constexpr const char* kProducts[] = {"コピー用紙A4 500枚", "ボールペン黒 10本入",
                                     "封筒長形3号 100枚", "クリアファイル A4 20枚"};

struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  size_t bytes = 0;
};

std::string Digits(std::mt19937& random, int count) {
  std::string s;
  for (int i = 0; i < count; ++i) s.push_back(static_cast<char>('0' + random() % 10));
  if (s[0] == '0') s[0] = '1';
  return s;
}

Table PersonalTable(bool headers) {
  std::mt19937 random(7);
  Table table;
  if (headers) {
    table.headers = {"基礎年金番号", "氏名",   "フリガナ", "生年月日", "郵便番号", "住所",
                     "電話番号",     "メール", "受付日",   "金額",     "備考"};
  }
  for (int i = 0; i < 2000; ++i) {
    const size_t s = random() % 8;
    const size_t g = random() % 8;
    std::vector<std::string> row = {
        Digits(random, 4) + "-" + Digits(random, 6),
        std::string(kSurnames[s]) + " " + kGiven[g],
        std::string(kKana[s]) + " タロウ",
        "昭和" + std::to_string(20 + random() % 40) + "年" + std::to_string(1 + random() % 12) +
            "月" + std::to_string(1 + random() % 28) + "日",
        Digits(random, 3) + "-" + Digits(random, 4),
        std::string(kPlaces[random() % 5]) + std::to_string(1 + random() % 9) + "-" +
            std::to_string(1 + random() % 20),
        "03-" + Digits(random, 4) + "-" + Digits(random, 4),
        "user" + std::to_string(i) + "@example.jp",
        "2024/" + std::to_string(1 + random() % 12) + "/" + std::to_string(1 + random() % 28),
        std::to_string(random() % 100000),
        i % 5 == 0 ? "要確認" : ""};
    for (const auto& cell : row) table.bytes += cell.size();
    table.rows.push_back(std::move(row));
  }
  return table;
}

Table OrderTable() {
  std::mt19937 random(11);
  Table table;
  table.headers = {"注文番号", "商品コード", "商品名", "数量", "単価", "金額", "受付日", "担当"};
  for (int i = 0; i < 2000; ++i) {
    std::vector<std::string> row = {
        Digits(random, 10),
        "PRD-" + Digits(random, 6),
        kProducts[random() % 4],
        std::to_string(1 + random() % 20),
        std::to_string(100 + random() % 900),
        std::to_string(random() % 100000),
        "2024-0" + std::to_string(1 + random() % 9) + "-1" + std::to_string(random() % 10),
        "営業部"};
    for (const auto& cell : row) table.bytes += cell.size();
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::vector<std::string> TextLines() {
  std::mt19937 random(13);
  std::vector<std::string> lines;
  for (int i = 0; i < 2000; ++i) {
    switch (random() % 4) {
      case 0:
        lines.push_back("2024年" + std::to_string(1 + random() % 12) +
                        "月の定例会議では、来期の予算と人員配置について議論した。");
        break;
      case 1:
        lines.push_back(std::string("担当: ") + kSurnames[random() % 8] + kGiven[random() % 8] +
                        " 連絡先 03-" + Digits(random, 4) + "-" + Digits(random, 4));
        break;
      case 2:
        lines.push_back("基礎年金番号 " + Digits(random, 4) + "-" + Digits(random, 6) +
                        " の照会結果を送付します。住所: " + kPlaces[random() % 5] + "1-2-3");
        break;
      default:
        lines.push_back("Please review the attached report before Friday; total 12800 yen.");
        break;
    }
  }
  return lines;
}

void ScanTable(benchmark::State& state, const Table& table) {
  Result<DetectorSet> set = DetectorSet::Build();
  auto scratch = set->NewScratch();
  const PartEvidence part = set->BeginPart(table.headers, /*tabular=*/true);
  std::vector<CellText> cells;
  std::vector<Finding> findings;
  size_t found = 0;
  for (auto _ : state) {
    for (const auto& row : table.rows) {
      cells.clear();
      for (size_t c = 0; c < row.size(); ++c) cells.push_back({row[c], static_cast<uint32_t>(c)});
      findings.clear();
      set->Scan(part, cells, "", *scratch, findings);
      found += findings.size();
    }
  }
  benchmark::DoNotOptimize(found);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(table.bytes));
}

void BM_HeaderedPersonalTable(benchmark::State& state) {
  static const Table table = PersonalTable(true);
  ScanTable(state, table);
}
BENCHMARK(BM_HeaderedPersonalTable);

void BM_HeaderlessPersonalTable(benchmark::State& state) {
  static const Table table = PersonalTable(false);
  ScanTable(state, table);
}
BENCHMARK(BM_HeaderlessPersonalTable);

void BM_HeaderedOrderTable(benchmark::State& state) {
  static const Table table = OrderTable();
  ScanTable(state, table);
}
BENCHMARK(BM_HeaderedOrderTable);

void BM_TextLines(benchmark::State& state) {
  static const std::vector<std::string> lines = TextLines();
  Result<DetectorSet> set = DetectorSet::Build();
  auto scratch = set->NewScratch();
  const PartEvidence part = set->BeginPart({}, /*tabular=*/false);
  std::vector<Finding> findings;
  size_t bytes = 0;
  for (const auto& line : lines) bytes += line.size() + 1;
  size_t found = 0;
  for (auto _ : state) {
    std::string_view preceding;
    for (const auto& line : lines) {
      const CellText cell{line, 0};
      findings.clear();
      set->Scan(part, std::span<const CellText>(&cell, 1), preceding, *scratch, findings);
      found += findings.size();
      preceding = line;
    }
  }
  benchmark::DoNotOptimize(found);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}
BENCHMARK(BM_TextLines);

// Pension numbers as the tally hashes them: items/s = people hashed per second.
std::vector<std::string> PensionNumbers() {
  std::vector<std::string> numbers;
  for (int i = 0; i < 4096; ++i) numbers.push_back(std::to_string(1'000'000'000 + i * 7919));
  return numbers;
}

void BM_PersonHmacSha256(benchmark::State& state) {
  const KeyedHasher hasher = KeyedHasher::FromKey("benchmark key");
  const std::vector<std::string> numbers = PensionNumbers();
  for (auto _ : state) {
    for (const std::string& number : numbers)
      benchmark::DoNotOptimize(hasher.Hash("pension", number));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(numbers.size()));
}
BENCHMARK(BM_PersonHmacSha256);

void BM_PersonSipHash128(benchmark::State& state) {
  const KeyedHasher hasher = KeyedHasher::FromKey("benchmark key");
  const std::vector<std::string> numbers = PensionNumbers();
  for (auto _ : state) {
    for (const std::string& number : numbers) {
      benchmark::DoNotOptimize(hasher.HashKey(PersonDomain::kPension, number));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(numbers.size()));
}
BENCHMARK(BM_PersonSipHash128);

// A file's worth of people: 500,000 distinct keys, each seen twice (the table grows to 1M
// slots, 8 MB, past the caches). items/s = keys added per second.
void BM_PeopleCounter(benchmark::State& state) {
  const KeyedHasher hasher = KeyedHasher::FromKey("benchmark key");
  std::vector<PersonKey> keys;
  for (int i = 0; i < 500'000; ++i)
    keys.push_back(hasher.HashKey(PersonDomain::kName, std::to_string(i)));
  record::PeopleCounter counter(2'000'000);
  for (auto _ : state) {
    counter.Reset();
    for (int round = 0; round < 2; ++round) {
      for (const PersonKey& key : keys) counter.Add(key);
    }
    benchmark::DoNotOptimize(counter.Count());
  }
  state.SetItemsProcessed(state.iterations() * 2 * static_cast<int64_t>(keys.size()));
}
BENCHMARK(BM_PeopleCounter);

}  // namespace
}  // namespace mamori::detect

BENCHMARK_MAIN();
