// The inventory module turns the store into what people act on: `mamori report` (this
// header) writes one self-contained HTML page for the security team and auditors, or CSV and
// JSON Lines exports with one row per file holding personal data; the web console
// (`mamori serve`) reuses the pieces in i18n.h, html.h and charts.h.
//
//   Result<std::unique_ptr<store::Store>> db = store::Open("inventory.db");
//   inventory::ReportOptions options{.format = inventory::ReportFormat::kHtml};
//   Status written = inventory::WriteReport(**db, options, std::cout);
//
// A report never holds a personal value in clear: it shows counts, item names, paths,
// owners, rule ids and the policy's evidence (built from counts, modes and dates), never a
// sample, and the store holds only masked samples anyway. doc/report.md describes every
// output field.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "inventory/i18n.h"
#include "store/store.h"

namespace mamori::inventory {

enum class ReportFormat : uint8_t { kHtml, kCsv, kJsonl };
std::optional<ReportFormat> ReportFormatFromName(std::string_view name);  // "html", ...

struct ReportOptions {
  ReportFormat format = ReportFormat::kHtml;
  Lang lang = kDefaultLang;
  // Files in the HTML table of the riskiest files; the exports list every matching file.
  uint32_t top = 50;
  // Narrows the file table and the exports (share, zone, rule, min_risk...). The summary
  // figures and charts cover the whole store; the page says which filter was applied.
  store::FindingFilter filter;
  int64_t now = 0;          // the report's time (overdue acknowledgements); 0: the clock
  std::string store_label;  // how the header names the store (a URL without password)
};

// Everything the HTML page shows, read from the store in one go.
struct ReportData {
  std::string backend;  // "sqlite", "postgresql"
  std::string store_label;
  int64_t generated_at = 0;
  store::Overview overview;
  std::vector<store::TrendPoint> trend;  // oldest first
  std::vector<store::ScanRow> scans;     // newest first
  uint64_t matching_files = 0;           // files the filter selects
  std::vector<store::FileRow> files;     // the first `top` of them, riskiest first
};

// Reads what the HTML page shows. Errors are the store's.
Result<ReportData> LoadReport(store::Store& store, const ReportOptions& options);

// The whole page: one file that opens offline (inline CSS and SVG, no script, no external
// reference), print-friendly, in options.lang.
std::string RenderHtml(const ReportData& data, const ReportOptions& options);

// The exports, one file per row/line, ranked from 1 in the filter's order. `now` decides
// whether an acknowledgement is overdue; violation evidence is worded in `lang` (JSONL also
// carries the stored facts, for tools).
void WriteCsvHeader(std::ostream& out);
void WriteCsvRow(const store::FileRow& row, uint64_t rank, int64_t now, Lang lang,
                 std::ostream& out);
void WriteJsonlRow(const store::FileRow& row, uint64_t rank, int64_t now, Lang lang,
                   std::ostream& out);

// Loads and writes a report in options.format. The exports page through the store
// (thousands of rows at a time), so a million files never sit in memory at once.
Status WriteReport(store::Store& store, const ReportOptions& options, std::ostream& out);

// A store URL fit to print: the password of a postgresql:// URL is removed.
std::string StoreLabel(std::string_view url);

}  // namespace mamori::inventory
