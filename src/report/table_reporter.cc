#include <algorithm>
#include <cstdio>
#include <map>
#include <ostream>
#include <vector>

#include "report/internal/reporters.h"

namespace mamori::report::internal {
namespace {

constexpr size_t kMaxProblemLines = 20;

std::string WithCommas(uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string grouped;
  grouped.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  return grouped;
}

std::string Padded(const std::string& text, size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string ItemList(const record::FileTally& tally) {
  static constexpr std::pair<Item, const char*> kShort[] = {{Item::kPensionNumber, "pension"},
                                                            {Item::kMyNumber, "mynumber"},
                                                            {Item::kName, "name"},
                                                            {Item::kBirthDate, "birth"},
                                                            {Item::kAddress, "address"},
                                                            {Item::kPhone, "phone"},
                                                            {Item::kEmail, "email"},
                                                            {Item::kCorporateNumber, "corporate"}};
  std::string list;
  for (const auto& [item, label] : kShort) {
    if (tally.ItemCount(item) == 0) continue;
    if (!list.empty()) list += ',';
    list += label;
  }
  return list;
}

// Buffers the files with findings and prints them worst first at the end, with a summary:
// the view a security officer reads on a terminal.
class TableReporter final : public Reporter {
 public:
  TableReporter(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {}

  void File(const FileResult& result) override {
    if (result.outcome != Outcome::kComplete) problems_.push_back({result.path, Problem(result)});
    if (result.has_findings()) {
      FileResult kept = result;
      kept.tally.samples.clear();
      found_.push_back(std::move(kept));
    }
  }

  void End(const ScanSummary& summary) override {
    std::sort(found_.begin(), found_.end(), WorseFirst);
    if (!found_.empty()) {
      out_ << Padded("PEOPLE", 10) << Padded("RECORDS", 10) << Padded("4-ITEM", 9)
           << Padded("3-ITEM", 9) << Padded("2-ITEM", 9) << "  "
           << "CONF    "
           << "ENCODING     ITEMS                                      PATH\n";
    }
    for (const FileResult& result : found_) {
      const record::FileTally& tally = result.tally;
      std::string items = ItemList(tally);
      items.resize(std::max<size_t>(items.size(), 42), ' ');
      std::string encoding = result.encoding;
      encoding.resize(std::max<size_t>(encoding.size(), 12), ' ');
      std::string confidence(ConfidenceName(tally.confidence));
      confidence.resize(std::max<size_t>(confidence.size(), 7), ' ');
      out_ << Padded(WithCommas(tally.people) + (tally.people_exact ? "" : "~"), 10)
           << Padded(WithCommas(tally.records), 10) << Padded(WithCommas(tally.category4), 9)
           << Padded(WithCommas(tally.category3), 9) << Padded(WithCommas(tally.category2), 9)
           << "  " << confidence << ' ' << encoding << ' ' << items << ' '
           << DisplayPath(result.path) << '\n';
    }
    if (!problems_.empty()) {
      out_ << "\nnot read completely:\n";
      for (size_t i = 0; i < problems_.size() && i < kMaxProblemLines; ++i) {
        out_ << "  " << DisplayPath(problems_[i].first) << ": " << problems_[i].second << '\n';
      }
      if (problems_.size() > kMaxProblemLines) {
        out_ << "  ... and " << problems_.size() - kMaxProblemLines
             << " more (see --format jsonl --all)\n";
      }
    }
    out_ << '\n'
         << WithCommas(summary.files) << " files scanned ("
         << WithCommas(summary.bytes / (1024 * 1024)) << " MiB) in "
         << FormatSeconds(summary.seconds) << ": " << WithCommas(summary.files_with_findings)
         << " with personal data, " << WithCommas(summary.records) << " records, "
         << WithCommas(summary.people) << " people (counted per file); "
         << WithCommas(summary.files_partial) << " partial, " << WithCommas(summary.files_skipped)
         << " skipped";
    if (summary.files_unchanged > 0) {
      out_ << "; " << WithCommas(summary.files_unchanged) << " unchanged since the last scan";
    }
    out_ << '\n';
    if (summary.stopped_early) out_ << "scan stopped early: " << summary.stop_reason << '\n';
    out_.flush();
  }

 private:
  static std::string Problem(const FileResult& result) {
    std::string text(OutcomeName(result.outcome));
    const std::string errors = JoinErrors(result);
    text.append(": ");
    text.append(errors.empty() ? result.reason : errors);
    return text;
  }

  static std::string FormatSeconds(double seconds) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.2fs", seconds);
    return buffer;
  }

  std::ostream& out_;
  ReportOptions options_;
  std::vector<FileResult> found_;
  std::vector<std::pair<std::string, std::string>> problems_;
};

}  // namespace

std::unique_ptr<Reporter> MakeTableReporter(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<TableReporter>(out, options);
}

}  // namespace mamori::report::internal
