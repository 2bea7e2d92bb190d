// Private to the report module: one factory per output format, and helpers they share.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "report/reporter.h"

namespace mamori::report::internal {

std::unique_ptr<Reporter> MakeTableReporter(std::ostream& out, const ReportOptions& options);
std::unique_ptr<Reporter> MakeJsonlReporter(std::ostream& out, const ReportOptions& options);
std::unique_ptr<Reporter> MakeCsvReporter(std::ostream& out, const ReportOptions& options);
std::unique_ptr<Reporter> MakeSarifReporter(std::ostream& out, const ReportOptions& options);

// ISO 8601 UTC ("2015-05-21T09:00:00Z").
std::string IsoTime(int64_t seconds);

// "malformed: row 12 cut at 1048576 bytes" for each error, joined by "; ".
std::string JoinErrors(const FileResult& result);

// Worst first: people, then records, then path (stable output for golden files).
bool WorseFirst(const FileResult& a, const FileResult& b);

}  // namespace mamori::report::internal
