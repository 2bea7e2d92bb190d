#include <nlohmann/json.hpp>
#include <ostream>

#include "report/internal/json_fields.h"
#include "report/internal/reporters.h"

namespace mamori::report::internal {
namespace {

class JsonlReporter final : public Reporter {
 public:
  JsonlReporter(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {}

  void File(const FileResult& result) override {
    if (!options_.all && !result.has_findings()) return;
    out_ << DumpJson(FileJson(result)) << '\n';
  }

  void End(const ScanSummary&) override { out_.flush(); }

 private:
  std::ostream& out_;
  ReportOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> MakeJsonlReporter(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<JsonlReporter>(out, options);
}

}  // namespace mamori::report::internal
