#include <ostream>

#include "report/internal/reporters.h"

namespace mamori::report::internal {
namespace {

// RFC 4180: quote a field when it holds a delimiter, quote or line break; double quotes.
std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

class CsvReporter final : public Reporter {
 public:
  CsvReporter(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {}

  void Begin() override {
    out_ << "path,format,encoding,size,mtime,outcome,reason,protection,records,people";
    for (Item item : kAllItems) out_ << ',' << ItemName(item);
    out_ << ",category_4,category_3,category_2,confidence,errors\n";
  }

  void File(const FileResult& result) override {
    if (!options_.all && !result.has_findings()) return;
    const record::FileTally& tally = result.tally;
    out_ << CsvField(DisplayPath(result.path)) << ',' << CsvField(result.format) << ','
         << CsvField(result.encoding) << ',' << result.size << ',' << IsoTime(result.mtime) << ','
         << OutcomeName(result.outcome) << ',' << CsvField(result.reason) << ','
         << ProtectionName(result.protection) << ',' << tally.records << ',' << tally.people;
    for (Item item : kAllItems) out_ << ',' << tally.ItemCount(item);
    out_ << ',' << tally.category4 << ',' << tally.category3 << ',' << tally.category2 << ','
         << (tally.has_personal_data() ? ConfidenceName(tally.confidence) : "") << ','
         << CsvField(JoinErrors(result)) << '\n';
  }

  void End(const ScanSummary&) override { out_.flush(); }

 private:
  std::ostream& out_;
  ReportOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> MakeCsvReporter(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<CsvReporter>(out, options);
}

}  // namespace mamori::report::internal
