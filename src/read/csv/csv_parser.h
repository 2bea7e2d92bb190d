// CSV and TSV for the text reader, split by job as DuckDB's CSV reader is: a sniffer that
// guesses the dialect from the first lines, a streaming state machine that cuts decoded
// text into records of fields, and a header test for the first record.
//
// Everything here works on decoded UTF-8 and splits on ASCII bytes only, so a field never
// ends inside a multibyte character; fields are normalised after splitting, so a
// full-width comma (，) or quote (＂) in a field stays data.
//
//   std::optional<Sniffed> sniffed = SniffDialect(first_text, /*complete=*/false, Hint::kCsv);
//   Parser parser(sniffed->dialect, limits.max_record_bytes);
//   Parser::Progress progress = parser.Parse(buffer, /*at_end=*/false, handler);
//   buffer.erase(0, progress.consumed);  // keep the incomplete record, append more text
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::read::csv {

struct Dialect {
  char delimiter = ',';  // '\0': one field per line (plain text)
  char quote = '"';      // '\0': fields are never quoted
};

// What the file name suggests; the content decides, a hint only lowers the bar.
enum class Hint : uint8_t {
  kNone,  // any other name: a table only when the columns are clearly consistent
  kCsv,   // .csv: always read as a table (comma unless another delimiter fits better)
  kTsv,   // .tsv: always read as a table (tab unless another delimiter fits better)
};

Hint HintFromPath(std::string_view path);

struct Sniffed {
  Dialect dialect;
  size_t columns = 0;  // the most common field count among the sampled records
};

// Guesses whether `sample` (decoded text from the start of a file; `complete` when it is
// the whole file) is a table, and its dialect. Tries comma, tab and semicolon and keeps
// the one that gives the most consistent field count over up to 50 records (quotes
// respected, so embedded delimiters and newlines do not count). Without a hint, a table
// needs at least two records, two or more columns and at least 90% of records with the
// same field count. Returns nullopt for plain text.
std::optional<Sniffed> SniffDialect(std::string_view sample, bool complete, Hint hint);

// One record, as handed to a RowHandler. The views point into the text given to Parse()
// or into the parser's own buffer, and are valid only during OnRow().
struct Row {
  uint64_t number = 0;  // 1-based record number in the file (blank lines included)
  std::span<const std::string_view> fields;
  bool truncated = false;  // longer than max_record_bytes: the rest of the record is lost
  // The record's own bytes (delimiters, quotes and line break included) when every field is
  // a view into them, so that a check over `raw` covers every field at once; empty when a
  // field had to be copied (a doubled quote, text after a closing quote) or the record was
  // cut. Valid as long as `fields`.
  std::string_view raw;
};

class RowHandler {
 public:
  virtual ~RowHandler() = default;
  // Returning false stops parsing.
  virtual bool OnRow(const Row& row) = 0;
};

// A streaming RFC 4180 parser, lenient where real files are: quoted fields with doubled
// quotes and embedded newlines; CRLF, LF or a lone CR ends a record; rows may be ragged;
// a quote inside an unquoted field is data, and text after a closing quote is kept. A
// blank line is counted but not handed over.
//
// Memory is bounded by max_record_bytes: a record that grows past it (a runaway quote, a
// binary blob) is handed over cut, with Row::truncated, and parsing resumes at the next
// line break.
//
// Not thread-safe; one per file.
class Parser {
 public:
  Parser(Dialect dialect, size_t max_record_bytes);

  struct Progress {
    size_t consumed = 0;   // bytes of `text` done with; the caller keeps the rest
    bool stopped = false;  // a handler returned false
  };

  // Parses the records that `text` completes. The bytes after `consumed` are the start of
  // an incomplete record (never more than max_record_bytes of them): pass them again at
  // the front of the next call, followed by more text. With `at_end`, the remainder is
  // the file's last record and everything is consumed.
  Progress Parse(std::string_view text, bool at_end, RowHandler& handler);

  uint64_t records() const { return records_; }
  uint64_t truncated_records() const { return truncated_; }

 private:
  enum class Outcome : uint8_t { kComplete, kIncomplete, kTooLong };

  Outcome ParseRecord(std::string_view text, size_t start, bool at_end, size_t& end);
  bool ParsePlainRecord(std::string_view text, size_t start, size_t stop, size_t& end);
  bool Emit(bool truncated, std::string_view raw, RowHandler& handler);
  void AddField(std::string_view field) {
    if (field_count_ == fields_.size()) fields_.resize(2 * fields_.size() + 16);
    fields_[field_count_++] = field;
  }

  // Finds the next delimiter, CR or LF, 64 bytes at a time: a mask of those bytes is built
  // once per 64-byte block of the text given to Parse() and each field end is then a
  // count of trailing zeros, since most fields are shorter than a block.
  class SpecialFinder {
   public:
    void Reset(std::string_view text, const bool (&special)[256], char delimiter);
    // The first special byte at or after `pos`, or `stop` if none comes before it.
    // REQUIRES: stop <= the text's size.
    // Inline for the common case, the next field end in the block already masked: a call per
    // field cost more than the search itself.
    size_t Next(size_t pos, size_t stop) {
      const size_t offset = pos - block_;  // wraps to a large value when pos < block_
      if (has_block_ && offset < 64) {
        const uint64_t rest = mask_ >> offset;
        if (rest != 0) {
          const size_t hit = pos + static_cast<size_t>(std::countr_zero(rest));
          return hit < stop ? hit : stop;
        }
      }
      return NextInLaterBlocks(pos, stop);
    }

   private:
    size_t NextInLaterBlocks(size_t pos, size_t stop);
    uint64_t BlockMask(size_t pos) const;
    const char* data_ = nullptr;
    size_t size_ = 0;
    const bool* special_ = nullptr;
    char delimiter_ = '\n';
    size_t block_ = 0;  // mask_ covers [block_, block_ + 64) when has_block_
    bool has_block_ = false;
    uint64_t mask_ = 0;
  };

  Dialect dialect_;
  size_t max_record_bytes_;
  SpecialFinder finder_;
  bool special_[256] = {};
  bool skipping_ = false;  // after a cut record: drop bytes up to the next line break
  bool skip_lf_ = false;   // the last record ended with CR: a following LF belongs to it
  uint64_t records_ = 0;
  uint64_t truncated_ = 0;
  std::vector<std::string_view> fields_;  // the first field_count_ are the current record's
  size_t field_count_ = 0;
  std::string unescaped_;  // fields that had to be copied (doubled quotes, text after one)
  bool copied_ = false;    // some field of the current record is in unescaped_
};

// Whether the first record of a table is a header row. `first` and each of `following`
// (the next records, up to 20 are looked at) are NFKC-normalised cells.
//
// A header is labels: no cell in it looks like a value (three or more digits, an e-mail
// address); and either a cell names a known column (氏名, フリガナ, 基礎年金番号, 生年月日,
// 住所, 電話, name, birth, email, id, no ...) or a column holds text in the first row and
// values (digits) below it. A first row of data — a name, a 10-digit number, a date — is
// therefore never taken for a header, and a header of unknown words still is when the
// rows below differ in kind.
bool IsHeaderRow(std::span<const std::string> first,
                 std::span<const std::vector<std::string>> following);

}  // namespace mamori::read::csv
