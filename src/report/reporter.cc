#include "report/reporter.h"

#include "report/internal/reporters.h"

namespace mamori::report {

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kComplete:
      return "complete";
    case Outcome::kPartial:
      return "partial";
    case Outcome::kSkipped:
      return "skipped";
  }
  return "unknown";
}

std::optional<OutputFormat> OutputFormatFromName(std::string_view name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "jsonl") return OutputFormat::kJsonl;
  if (name == "csv") return OutputFormat::kCsv;
  if (name == "sarif") return OutputFormat::kSarif;
  return std::nullopt;
}

std::unique_ptr<Reporter> MakeReporter(OutputFormat format, std::ostream& out,
                                       const ReportOptions& options) {
  switch (format) {
    case OutputFormat::kTable:
      return internal::MakeTableReporter(out, options);
    case OutputFormat::kJsonl:
      return internal::MakeJsonlReporter(out, options);
    case OutputFormat::kCsv:
      return internal::MakeCsvReporter(out, options);
    case OutputFormat::kSarif:
      return internal::MakeSarifReporter(out, options);
  }
  return nullptr;
}

}  // namespace mamori::report
