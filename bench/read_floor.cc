// The reading floor: what mamori's readers alone cost on a share, with no detector, tally or
// report behind them. Every regular file under the given directories is sniffed, read and
// decoded exactly as `mamori scan` reads it (encoding detection, CP932/EUC-JP/UTF-16
// decoding, CSV/TSV splitting, NFKC), and its records are counted and dropped. The time is
// the part of a scan that no detector work can remove, so bench_vs_rg.sh prints it beside
// rg and the full scan.
//
// With --split-only, each file's raw bytes go through the CSV splitter alone, with the
// dialect sniffed from its first chunk and nothing decoded or normalised: what splitting
// costs, the floor of a design that matched on the encoded bytes. (UTF-16 files are split at
// their 0x0A bytes; the figure is a cost, not a reading.)
//
//   read_floor [--threads N] [--split-only] DIR...
//
// Prints one line: files, records, cell bytes, seconds, MB/s (MB = 2^20 bytes of input).
// Archives and mails are read as containers but their members are not opened (the corpus
// of bench_vs_rg.sh has none). Exit 2 on a usage error, 0 otherwise; files that fail to
// read are counted, not fatal.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "null_read_context.h"
#include "read/csv/csv_parser.h"
#include "read/reader.h"

namespace mamori::read {
namespace {

class CountingSink final : public RecordSink {
 public:
  bool OnRecord(const Part& /*part*/, const Record& record) override {
    ++records;
    for (const Cell& cell : record.cells) cell_bytes += cell.text.size();
    return true;
  }
  uint64_t records = 0;
  uint64_t cell_bytes = 0;
};

struct Totals {
  uint64_t files = 0;
  uint64_t failed = 0;
  uint64_t input_bytes = 0;
  uint64_t records = 0;
  uint64_t cell_bytes = 0;
};

void ReadOne(const Registry& registry, const std::string& path, Totals& totals) {
  auto input = FileInput::Open(path);
  ++totals.files;
  if (!input) {
    ++totals.failed;
    return;
  }
  totals.input_bytes += (*input)->size().value_or(0);
  auto head = (*input)->head();
  const Format* format = head ? registry.Find(*head, path) : nullptr;
  if (format == nullptr) {
    ++totals.failed;
    return;
  }
  CountingSink sink;
  bench::NullReadContext context;
  if (!format->make_reader()->Read(**input, context, sink)) ++totals.failed;
  totals.records += sink.records;
  totals.cell_bytes += sink.cell_bytes;
}

class CountingRows final : public csv::RowHandler {
 public:
  bool OnRow(const csv::Row& row) override {
    ++records;
    for (const std::string_view field : row.fields) cell_bytes += field.size();
    return true;
  }
  uint64_t records = 0;
  uint64_t cell_bytes = 0;
};

void SplitOne(const std::string& path, Totals& totals) {
  constexpr size_t kChunkBytes = 256 * 1024;
  ++totals.files;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    ++totals.failed;
    return;
  }
  std::string chunk(kChunkBytes, '\0');
  std::string text;
  std::optional<csv::Parser> parser;
  CountingRows rows;
  for (;;) {
    const size_t got = std::fread(chunk.data(), 1, chunk.size(), file);
    totals.input_bytes += got;
    text.append(chunk.data(), got);
    const bool at_end = got < chunk.size();
    if (!parser) {
      const std::optional<csv::Sniffed> sniffed =
          csv::SniffDialect(text, at_end, csv::HintFromPath(path));
      parser.emplace(sniffed ? sniffed->dialect : csv::Dialect{'\0', '\0'},
                     Limits{}.max_record_bytes);  // a scan's default, as ReadOne's context has
    }
    const csv::Parser::Progress progress = parser->Parse(text, at_end, rows);
    text.erase(0, progress.consumed);
    if (at_end) break;
  }
  std::fclose(file);
  totals.records += rows.records;
  totals.cell_bytes += rows.cell_bytes;
}

std::vector<std::string> ListFiles(const std::vector<std::string>& roots) {
  std::vector<std::pair<uintmax_t, std::string>> sized;
  for (const std::string& root : roots) {
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(root, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
      std::error_code entry;  // a file that vanished or cannot be stat'ed: skipped, walk goes on
      if (it->is_regular_file(entry) && !it->is_symlink(entry)) {
        const uintmax_t size = it->file_size(entry);
        if (!entry) sized.emplace_back(size, it->path());
      }
    }
  }
  // Largest first, as a scan's workers meet them in no particular order but a big file left
  // to the end would leave one thread idle and measure the split, not the readers. Each size
  // is read once, from the directory walk, not in every comparison.
  std::sort(sized.begin(), sized.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> files;
  files.reserve(sized.size());
  for (auto& [size, path] : sized) files.push_back(std::move(path));
  return files;
}

int Main(int argc, char** argv) {
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  bool split_only = false;
  std::vector<std::string> roots;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
    } else if (arg == "--split-only") {
      split_only = true;
    } else if (arg.starts_with("-")) {
      roots.clear();
      break;
    } else {
      roots.emplace_back(arg);
    }
  }
  if (roots.empty()) {
    std::fprintf(stderr, "usage: read_floor [--threads N] [--split-only] DIR...\n");
    return 2;
  }
  Registry registry;
  RegisterBuiltinFormats(registry);
  const auto start = std::chrono::steady_clock::now();
  const std::vector<std::string> files = ListFiles(roots);
  std::atomic<size_t> next{0};
  std::vector<Totals> per_thread(threads);
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (size_t i = next++; i < files.size(); i = next++) {
        if (split_only) {
          SplitOne(files[i], per_thread[t]);
        } else {
          ReadOne(registry, files[i], per_thread[t]);
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Totals all;
  for (const Totals& t : per_thread) {
    all.files += t.files;
    all.failed += t.failed;
    all.input_bytes += t.input_bytes;
    all.records += t.records;
    all.cell_bytes += t.cell_bytes;
  }
  std::printf(
      "files %llu (failed %llu) records %llu cell_bytes %llu seconds %.3f MB/s %.1f\n",
      static_cast<unsigned long long>(all.files), static_cast<unsigned long long>(all.failed),
      static_cast<unsigned long long>(all.records), static_cast<unsigned long long>(all.cell_bytes),
      seconds, static_cast<double>(all.input_bytes) / (1 << 20) / seconds);
  return 0;
}

}  // namespace
}  // namespace mamori::read

int main(int argc, char** argv) { return mamori::read::Main(argc, argv); }
