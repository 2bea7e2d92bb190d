// The text reader: decode in chunks, sniff table or text once, then split records with the
// CSV state machine (plain text is the dialect with neither delimiter nor quote, so lines
// get the same CR/LF handling, cut and resync) and normalise cells after splitting.
//
// Buffers: `chunk_` holds raw bytes, `text_` decoded text not yet consumed (the tail is
// at most one incomplete record), `row_text_` the normalised copies of cells that NFKC
// changed; cells already in normal form are views into `text_`, so a typical ASCII or
// Japanese row is never copied.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "read/csv/csv_parser.h"
#include "read/decode/decoder.h"
#include "read/text/text_format.h"

namespace mamori::read {
namespace {

constexpr size_t kChunkBytes = 256 * 1024;
constexpr size_t kSniffBytes = 64 * 1024;
// Records held back until the header is decided: the first plus the ones it is compared
// with, and no more than this much text.
constexpr size_t kLookaheadRecords = 21;
constexpr size_t kLookaheadBytes = 256 * 1024;
// Below this many undecodable characters a file is damaged, not mis-detected, however
// short it is.
constexpr uint64_t kMinInvalidForError = 4;

// Magic numbers of formats that are not text even when their first bytes look like it.
// Most binary formats also fail DetectEncoding (NUL and control bytes); these are checked
// first because a PDF or a short file may not.
bool HasBinaryMagic(ByteView head) {
  static constexpr std::string_view kMagic[] = {
      std::string_view("PK\x03\x04", 4),
      std::string_view("PK\x05\x06", 4),
      std::string_view("PK\x07\x08", 4),
      std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8),  // OLE2 (xls, doc, msg)
      "%PDF-",
      "\x89PNG",
      "GIF87a",
      "GIF89a",
      "\xFF\xD8\xFF",                             // JPEG
      std::string_view("7z\xBC\xAF\x27\x1C", 6),  // 7z
      "Rar!\x1A\x07",
      "\x1F\x8B",  // gzip
      std::string_view("\xFD"
                       "7zXZ\x00",
                       6),                          // xz
      "\x28\xB5\x2F\xFD",                           // zstd
      std::string_view("MSCF\x00\x00\x00\x00", 8),  // cab
      "\x7F"
      "ELF",
      std::string_view("SQLite format 3\x00", 16),
      std::string_view("\x00\x01\x00\x00Standard", 12),  // Access (Jet, ACE)
  };
  for (const std::string_view magic : kMagic) {
    if (StartsWith(head, magic)) return true;
  }
  // bzip2: "BZh" + block size + the block magic.
  if (head.size() >= 10 && StartsWith(head, "BZh") && head[3] >= '1' && head[3] <= '9' &&
      head.substr(4, 6) == "1AY&SY") {
    return true;
  }
  // LZH/LHA: a method id "-lh5-" at offset 2.
  if (head.size() >= 7 && head[2] == '-' && head[3] == 'l' && (head[4] == 'h' || head[4] == 'z') &&
      head[6] == '-') {
    return true;
  }
  return false;
}

std::unique_ptr<Reader> MakeTextReader();

// Where the decoded text holds a character that normalisation changes (decode::
// AppendNormalFormStops), as offsets counted from the start of the file's text, so that they
// survive the reader dropping consumed text. Queried in text order, so one cursor serves.
class NormalFormStops {
 public:
  void Reset() {
    stops_.clear();
    next_ = 0;
    base_ = 0;
  }

  // Records the stops of text[from, end) (`text` is the reader's buffer after decoding):
  // those the decoder noted, else those found by walking the text.
  void Add(std::string_view text, size_t from, const std::vector<uint32_t>* noted) {
    if (noted == nullptr) {
      decode::AppendNormalFormStops(text, from, base_, stops_);
      return;
    }
    for (const uint32_t offset : *noted) stops_.push_back(base_ + from + offset);
  }

  // The reader drops text[0, consumed): forget the stops in it.
  void Consume(size_t consumed) {
    base_ += consumed;
    const auto first_live =
        std::lower_bound(stops_.begin() + static_cast<std::ptrdiff_t>(next_), stops_.end(), base_);
    stops_.erase(stops_.begin(), first_live);
    next_ = 0;
  }

  // Sets the buffer the fields given to AnyIn() point into, for the next parse.
  void Locate(const char* text) { text_ = text; }

  // Whether `field` (a view into the located text, after every field asked before) holds a
  // stop.
  bool AnyIn(std::string_view field) { return FirstIn(field) != nullptr; }

  // Where `field`'s stops start in the list, or nullptr when it holds none; asked as AnyIn()
  // is. Valid until the next Add() or Consume().
  const uint64_t* FirstIn(std::string_view field) {
    const uint64_t begin = Offset(field);
    while (next_ < stops_.size() && stops_[next_] < begin) ++next_;
    return next_ < stops_.size() && stops_[next_] < begin + field.size() ? &stops_[next_] : nullptr;
  }
  // The stream offset of a field of the located text, as the list counts.
  uint64_t Offset(std::string_view field) const {
    return base_ + static_cast<uint64_t>(field.data() - text_);
  }
  const uint64_t* end() const { return stops_.data() + stops_.size(); }

 private:
  std::vector<uint64_t> stops_;
  size_t next_ = 0;
  uint64_t base_ = 0;  // the file offset of the reader's text[0]
  const char* text_ = nullptr;
};

// Turns parsed records into RecordSink calls: normalises fields, holds the first records
// back until the header is decided (tables only), and skips empty cells.
class RecordEmitter final : public csv::RowHandler {
 public:
  void Begin(RecordSink& sink, bool tabular, NormalFormStops* stops) {
    sink_ = &sink;
    stops_ = stops;
    part_ = Part{};
    part_.tabular = tabular;
    headers_.clear();
    held_.clear();
    held_bytes_ = 0;
    deciding_ = tabular;
    begun_ = false;
    stopped_ = false;
    first_cut_ = 0;
    if (!tabular) BeginPart();
  }

  bool OnRow(const csv::Row& row) override {
    if (row.truncated && first_cut_ == 0) first_cut_ = row.number;
    if (!deciding_) return Emit(row.number, row.fields, row.raw);
    HeldRecord& held = held_.emplace_back();
    held.number = row.number;
    for (const std::string_view field : row.fields) {
      std::string& cell = held.cells.emplace_back();
      decode::AppendNormalized(field, cell);
      held_bytes_ += cell.size();
    }
    if (held_.size() >= kLookaheadRecords || held_bytes_ >= kLookaheadBytes) Decide();
    return !stopped_;
  }

  // Ends the part: decides the header of a short table, flushes held records.
  void End() {
    if (deciding_) Decide();
    if (begun_) sink_->OnPartEnd(part_);
    begun_ = false;
  }

  bool stopped() const { return stopped_; }
  uint64_t first_cut() const { return first_cut_; }

 private:
  struct HeldRecord {
    uint64_t number = 0;
    std::vector<std::string> cells;
  };

  void BeginPart() {
    sink_->OnPartBegin(part_);
    begun_ = true;
  }

  void Decide() {
    deciding_ = false;
    size_t first_data = 0;
    if (!held_.empty()) {
      std::vector<std::vector<std::string>> following;
      for (size_t i = 1; i < held_.size(); ++i) following.push_back(held_[i].cells);
      if (csv::IsHeaderRow(held_.front().cells, following)) {
        headers_ = std::move(held_.front().cells);
        first_data = 1;
      }
    }
    part_.headers = headers_;
    BeginPart();
    for (size_t i = first_data; i < held_.size() && !stopped_; ++i) {
      cells_.clear();
      for (size_t column = 0; column < held_[i].cells.size(); ++column) {
        if (!held_[i].cells[column].empty()) {
          cells_.push_back(Cell{held_[i].cells[column], static_cast<uint32_t>(column)});
        }
      }
      Deliver(held_[i].number);
    }
    held_.clear();
  }

  bool Emit(uint64_t number, std::span<const std::string_view> fields, std::string_view raw) {
    // Most cells are already in normal form and stay views into the parser's text; the
    // others are normalised into row_text_ once all are known, since it may grow. Which cells
    // need it: with the decoder's list of the characters the normal form changes, a lookup
    // for the record and, only when it holds one, a lookup per cell; else one check over the
    // record's raw bytes clears every cell that ends before the first character it stops at
    // (delimiters and quotes are ASCII, and a cell's first character follows one of them there,
    // never a digit), and the cells from there on are checked one by one. Either needs every field
    // to be a view into the text (`raw`).
    cells_.clear();
    pending_.clear();
    const bool listed = stops_ != nullptr && !raw.empty();
    // A record of one field (a line of text) is looked up once, as its cell.
    const bool stop_in_record = listed && (fields.size() == 1 || stops_->AnyIn(raw));
    const char* normal_until = raw.data();
    if (!listed && !raw.empty()) normal_until += decode::NormalizedPrefix(raw);
    for (size_t column = 0; column < fields.size(); ++column) {
      const std::string_view field = fields[column];
      if (field.empty()) continue;
      cells_.push_back(Cell{field, static_cast<uint32_t>(column)});
      // The cell's stops in the list, when it has one: normalised from them, not walked.
      const uint64_t* first_stop = nullptr;
      bool normal = false;
      if (listed) {
        normal = !stop_in_record || (first_stop = stops_->FirstIn(field)) == nullptr;
      } else {
        normal = (!raw.empty() && field.data() + field.size() <= normal_until) ||
                 decode::NormalizedPrefix(field) == field.size();
      }
      if (!normal) pending_.push_back(Pending{cells_.size() - 1, first_stop});
    }
    if (!pending_.empty()) NormalizePending();
    return Deliver(number);
  }

  void NormalizePending() {
    row_text_.clear();
    offsets_.clear();
    for (const Pending& pending : pending_) {
      offsets_.push_back(row_text_.size());
      const std::string_view text = cells_[pending.index].text;
      if (pending.first_stop == nullptr) {
        decode::AppendNormalized(text, row_text_);
      } else {
        decode::AppendNormalizedListed(text,
                                       std::span<const uint64_t>(pending.first_stop, stops_->end()),
                                       stops_->Offset(text), row_text_);
      }
    }
    offsets_.push_back(row_text_.size());
    for (size_t k = 0; k < pending_.size(); ++k) {
      cells_[pending_[k].index].text =
          std::string_view(row_text_).substr(offsets_[k], offsets_[k + 1] - offsets_[k]);
    }
    std::erase_if(cells_, [](const Cell& cell) { return cell.text.empty(); });
  }

  bool Deliver(uint64_t number) {
    if (cells_.empty()) return true;
    Record record;
    record.index = number;
    record.cells = cells_;
    if (!sink_->OnRecord(part_, record)) stopped_ = true;
    return !stopped_;
  }

  RecordSink* sink_ = nullptr;
  NormalFormStops* stops_ = nullptr;
  Part part_;
  std::vector<std::string> headers_;
  std::vector<HeldRecord> held_;
  size_t held_bytes_ = 0;
  bool deciding_ = false;
  bool begun_ = false;
  bool stopped_ = false;
  uint64_t first_cut_ = 0;
  std::string row_text_;
  struct Pending {
    size_t index;                // in cells_
    const uint64_t* first_stop;  // NormalFormStops::FirstIn, or nullptr when not listed
  };
  std::vector<Pending> pending_;  // cells_ that need normalising
  std::vector<size_t> offsets_;   // where each pending cell's text starts in row_text_
  std::vector<Cell> cells_;
};

class TextReader final : public Reader {
 public:
  Status Read(Input& input, ReadContext& context, RecordSink& sink) override {
    const Result<ByteView> head = input.head();
    if (!head) return tl::unexpected(head.error());
    const std::optional<uint64_t> size = input.size();
    const bool whole = size.has_value() && *size <= head->size();
    const Result<decode::Detection> detection = decode::DetectEncoding(*head, whole);
    if (!detection) return tl::unexpected(detection.error());
    if (Status reset = decoder_.Reset(detection->encoding); !reset) return reset;
    chunk_.resize(kChunkBytes);
    text_.clear();
    stops_.Reset();
    // Only where the decoder notes the stops on the way is a list cheaper than a walk over
    // each record (measured: a separate pass over all text costs more than the early-stopping
    // walks it saves).
    list_stops_ = decode::StreamDecoder::NotesNormalFormStops(detection->encoding);
    at_end_ = false;
    bytes_read_ = 0;

    while (!at_end_ && text_.size() < kSniffBytes) {
      if (Status filled = Fill(input, context); !filled) return filled;
    }
    const std::string_view sample = std::string_view(text_).substr(0, kSniffBytes);
    const std::optional<csv::Sniffed> table = csv::SniffDialect(
        sample, at_end_ && sample.size() == text_.size(), csv::HintFromPath(input.path()));
    ReadInfo info;
    info.format = !table ? "text" : table->dialect.delimiter == '\t' ? "tsv" : "csv";
    info.encoding = std::string(decode::EncodingName(decoder_.encoding()));
    sink.OnInfo(info);
    reported_ = decoder_.encoding();

    csv::Parser parser(table ? table->dialect : csv::Dialect{'\0', '\0'},
                       context.limits().max_record_bytes);
    emitter_.Begin(sink, table.has_value(), list_stops_ ? &stops_ : nullptr);
    Status status = Ok();
    for (;;) {
      stops_.Locate(text_.data());
      const csv::Parser::Progress progress = parser.Parse(text_, at_end_, emitter_);
      text_.erase(0, progress.consumed);
      stops_.Consume(progress.consumed);
      if (progress.stopped || emitter_.stopped()) {
        emitter_.End();
        return Ok();  // the sink has seen enough
      }
      if (at_end_) break;
      status = Fill(input, context);
      if (!status) break;
      if (decoder_.encoding() != reported_) {
        // A head of pure ASCII settled its encoding further in.
        info.encoding = std::string(decode::EncodingName(decoder_.encoding()));
        sink.OnInfo(info);
        reported_ = decoder_.encoding();
      }
    }
    emitter_.End();
    if (!status) return status;

    if (parser.truncated_records() > 0) {
      sink.OnWarning(Error{ErrorCode::kLimitExceeded,
                           std::to_string(parser.truncated_records()) + " record(s) longer than " +
                               std::to_string(context.limits().max_record_bytes) +
                               " bytes were cut (first at record " +
                               std::to_string(emitter_.first_cut()) + ")"});
    }
    return CheckDecoding(sink);
  }

 private:
  // Reads and decodes the next chunk; at the end of the input, flushes the decoder.
  Status Fill(Input& input, ReadContext& context) {
    if (context.TimedOut()) {
      return MakeError(ErrorCode::kLimitExceeded, "time limit per file reached after " +
                                                      std::to_string(bytes_read_) + " bytes");
    }
    const Result<size_t> got = input.Read(std::span<char>(chunk_.data(), chunk_.size()));
    if (!got) return tl::unexpected(got.error());
    const size_t decoded_from = text_.size();
    if (*got == 0) {
      decoder_.Finish(text_);
      at_end_ = true;
    } else {
      bytes_read_ += *got;
      decoder_.Decode(ByteView(chunk_.data(), *got), text_);
    }
    if (list_stops_) stops_.Add(text_, decoded_from, decoder_.normal_form_stops());
    return Ok();
  }

  Status CheckDecoding(RecordSink& sink) const {
    const uint64_t invalid = decoder_.invalid_count();
    if (invalid == 0) return Ok();
    const uint64_t chars = std::max<uint64_t>(decoder_.char_count(), 1);
    const std::string encoding(decode::EncodingName(decoder_.encoding()));
    const std::string counts = std::to_string(invalid) + " of " + std::to_string(chars) +
                               " characters did not decode as " + encoding;
    if (invalid >= kMinInvalidForError &&
        static_cast<double>(invalid) > decode::kMaxInvalidRatio * static_cast<double>(chars)) {
      return MakeError(ErrorCode::kUndecodable,
                       counts + ": the encoding is mis-detected or not one mamori reads");
    }
    sink.OnWarning(Error{ErrorCode::kUndecodable, counts + " and were replaced"});
    return Ok();
  }

  decode::StreamDecoder decoder_;
  NormalFormStops stops_;
  bool list_stops_ = false;
  RecordEmitter emitter_;
  std::string chunk_;
  std::string text_;
  bool at_end_ = false;
  uint64_t bytes_read_ = 0;
  decode::Encoding reported_ = decode::Encoding::kAscii;
};

std::unique_ptr<Reader> MakeTextReader() { return std::make_unique<TextReader>(); }

}  // namespace

bool SniffText(ByteView head, std::string_view /*path*/) {
  if (head.empty()) return true;
  if (HasBinaryMagic(head)) return false;
  return decode::LooksLikeText(head);
}

const Format& TextFormat() {
  static const Format format{"text", SniffText, MakeTextReader};
  return format;
}

}  // namespace mamori::read
