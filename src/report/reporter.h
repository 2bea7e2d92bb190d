// The report module prints scan results: one FileResult per file, in the chosen format
// (ripgrep's printers). FileResult holds only masked values (MaskedValue), so a reporter
// cannot print a personal value in clear unless the scan was run with --show-values.
//
//   auto reporter = report::MakeReporter(report::OutputFormat::kJsonl, std::cout, {});
//   reporter->Begin();
//   reporter->File(result);     // once per file, never concurrently
//   reporter->End(summary);
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/protection.h"
#include "base/status.h"
#include "record/tally.h"

namespace mamori::report {

enum class Outcome : uint8_t { kComplete, kPartial, kSkipped };
std::string_view OutcomeName(Outcome outcome);

struct FileResult {
  std::string path;  // raw bytes as on disk; not necessarily UTF-8
  std::string format;
  std::string encoding;
  uint64_t size = 0;
  int64_t mtime = 0;  // seconds since the epoch
  // As the walk stat'ed the file: for the store's incremental rescans (inode and device
  // are 0 for members of containers) and the policy's owner and readability rules (members
  // carry their outermost container's owner, mode and ACL: who can read it reads them).
  uint64_t inode = 0;
  uint64_t device = 0;
  int64_t ctime_ns = 0;  // walk::Entry::ctime_ns; 0 when unknown (and for members)
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t mode = 0;  // st_mode; 0 when unknown
  // The file's extended POSIX access ACL in short text form with numeric ids ("u::rw-,
  // u:1001:r--,g::r--,m::r--,o::---"); empty when it has none beyond the mode bits.
  std::string acl;
  // Carried forward from an earlier scan (--db): the file was unchanged and not read
  // again. Its samples are not kept (see store::Store::LoadResults).
  bool unchanged = false;
  Outcome outcome = Outcome::kComplete;
  std::string reason;  // reason code when partial or skipped ("permission_denied", ...)
  Protection protection = Protection::kNone;
  bool content_readable = true;  // false: encrypted, what it holds is unknown
  // The containers this file sits in, outermost first ("a.zip", "a.zip!/b.7z"); empty for
  // a file on the share itself.
  std::vector<std::string> container;
  record::FileTally tally;
  std::vector<Error> errors;
  bool has_findings() const { return tally.has_personal_data(); }
};

struct ScanSummary {
  uint64_t files = 0;
  uint64_t files_with_findings = 0;
  uint64_t files_partial = 0;
  uint64_t files_skipped = 0;
  uint64_t files_unchanged = 0;  // carried forward from an earlier scan, not read (--db)
  uint64_t bytes = 0;
  uint64_t records = 0;  // records with personal data, all files
  uint64_t people = 0;   // sum of per-file people (a person in two files counts twice)
  // Files with personal data by the strongest confidence of their findings
  // (index: Confidence value; 0 unused), for --fail-on.
  std::array<uint64_t, 4> files_by_confidence{};
  double seconds = 0;
  bool stopped_early = false;
  std::string stop_reason;
};

enum class OutputFormat : uint8_t { kTable, kJsonl, kCsv, kSarif };
std::optional<OutputFormat> OutputFormatFromName(std::string_view name);

struct ReportOptions {
  bool all = false;  // also print clean and skipped files (jsonl, csv)
};

// Prints results. File() is called from worker threads but never concurrently, one whole
// file at a time; a reporter may buffer (table and sarif sort or wrap at End()).
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void Begin() {}
  virtual void File(const FileResult& result) = 0;
  virtual void End(const ScanSummary& /*summary*/) {}
};

// REQUIRES: `out` outlives the reporter.
std::unique_ptr<Reporter> MakeReporter(OutputFormat format, std::ostream& out,
                                       const ReportOptions& options);

// A path as JSON-safe text: valid UTF-8 is kept; other bytes are read as CP932 (old
// Japanese shares) when that decodes, else replaced by U+FFFD. `lossless` is set false when
// the display text does not give the original bytes back (see PathBase64).
std::string DisplayPath(std::string_view raw, bool* lossless = nullptr);
std::string Base64(std::string_view bytes);

}  // namespace mamori::report
