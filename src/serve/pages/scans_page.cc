// Every scan, newest first: when, where, how it ended and what it found.
#include "inventory/html.h"
#include "serve/internal/console.h"
#include "serve/internal/layout.h"

namespace mamori::serve::internal {

Response ScansPage(Console& console, const Request& request) {
  Result<std::vector<store::ScanRow>> scans = console.store.ScanHistory();
  if (!scans) return ErrorPage(request, 500, "error_store");
  std::string body = "<div class=\"table-wrap\"><table class=\"data\" data-testid=\"scans\">";
  body += "<thead><tr>";
  for (std::string_view column : {"col_scan", "col_status", "col_host", "col_roots", "col_started",
                                  "col_finished", "col_files", "col_files_with_findings",
                                  "col_unchanged", "col_partial", "col_skipped", "col_duration"}) {
    body += "<th>" + Esc(T(request, column)) + "</th>";
  }
  body += "</tr></thead><tbody>";
  for (const store::ScanRow& scan : *scans) {
    const std::string status(store::ScanStatusName(scan.status));
    std::string roots;
    for (const std::string& root : scan.info.roots) {
      roots += (roots.empty() ? "" : "<br>") + Esc(root);
    }
    body += "<tr data-testid=\"scan-row\"><td>#" + std::to_string(scan.id) +
            "</td><td class=\"status-" + status + "\">" + Esc(T(request, "status_" + status)) +
            "</td><td>" + Esc(scan.info.host) + "</td><td class=\"path\">" + roots + "</td><td>" +
            Esc(When(scan.info.started_at)) + "</td><td>" + Esc(When(scan.finished_at)) +
            "</td><td class=\"num\">" + inventory::FormatCount(scan.summary.files) +
            "</td><td class=\"num\">" + inventory::FormatCount(scan.summary.files_with_findings) +
            "</td><td class=\"num\">" + inventory::FormatCount(scan.summary.files_unchanged) +
            "</td><td class=\"num\">" + inventory::FormatCount(scan.summary.files_partial) +
            "</td><td class=\"num\">" + inventory::FormatCount(scan.summary.files_skipped) +
            "</td><td class=\"num\">" +
            (scan.finished_at == 0
                 ? "-"
                 : Esc(inventory::FormatDuration(scan.summary.seconds, request.lang))) +
            "</td></tr>";
  }
  if (scans->empty()) {
    body += "<tr><td colspan=\"12\" class=\"muted\">" + Esc(T(request, "dashboard_empty")) +
            "</td></tr>";
  }
  body += "</tbody></table></div>";
  return HtmlPage(request, "scans", T(request, "scans_title"), "scans-page", body);
}

}  // namespace mamori::serve::internal
