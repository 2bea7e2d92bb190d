#include "inventory/report.h"

#include <ctime>

namespace mamori::inventory {
namespace {

// Exports stream from the store (keyset chunks): memory stays bounded whatever its size.
Status WriteExport(store::Store& store, const ReportOptions& options, int64_t now,
                   std::ostream& out) {
  if (options.format == ReportFormat::kCsv) WriteCsvHeader(out);
  uint64_t rank = 0;
  Status streamed = store.ForEachFinding(options.filter, [&](const store::FileRow& row) -> Status {
    ++rank;
    if (options.format == ReportFormat::kCsv) {
      WriteCsvRow(row, rank, now, options.lang, out);
    } else {
      WriteJsonlRow(row, rank, now, options.lang, out);
    }
    if (!out) return MakeError(ErrorCode::kIo, "could not write the report");
    return Ok();
  });
  if (!streamed) return streamed;
  out.flush();
  if (!out) return MakeError(ErrorCode::kIo, "could not write the report");
  return Ok();
}

}  // namespace

std::optional<ReportFormat> ReportFormatFromName(std::string_view name) {
  if (name == "html") return ReportFormat::kHtml;
  if (name == "csv") return ReportFormat::kCsv;
  if (name == "jsonl") return ReportFormat::kJsonl;
  return std::nullopt;
}

Result<ReportData> LoadReport(store::Store& store, const ReportOptions& options) {
  ReportData data;
  data.backend = store.backend();
  data.store_label = options.store_label;
  data.generated_at = options.now != 0 ? options.now : static_cast<int64_t>(std::time(nullptr));
  Result<store::Overview> overview = store.Summarize();
  if (!overview) return tl::unexpected(overview.error());
  data.overview = std::move(*overview);
  Result<std::vector<store::TrendPoint>> trend = store.Trend();
  if (!trend) return tl::unexpected(trend.error());
  data.trend = std::move(*trend);
  Result<std::vector<store::ScanRow>> scans = store.ScanHistory();
  if (!scans) return tl::unexpected(scans.error());
  data.scans = std::move(*scans);
  Result<uint64_t> count = store.CountFindings(options.filter);
  if (!count) return tl::unexpected(count.error());
  data.matching_files = *count;
  if (options.top > 0) {
    Result<std::vector<store::FileRow>> files =
        store.ListFindings(options.filter, {.offset = 0, .limit = options.top});
    if (!files) return tl::unexpected(files.error());
    data.files = std::move(*files);
  }
  return data;
}

Status WriteReport(store::Store& store, const ReportOptions& options, std::ostream& out) {
  const int64_t now = options.now != 0 ? options.now : static_cast<int64_t>(std::time(nullptr));
  if (options.format != ReportFormat::kHtml) return WriteExport(store, options, now, out);
  ReportOptions fixed = options;
  fixed.now = now;
  Result<ReportData> data = LoadReport(store, fixed);
  if (!data) return tl::unexpected(data.error());
  out << RenderHtml(*data, fixed);
  out.flush();
  if (!out) return MakeError(ErrorCode::kIo, "could not write the report");
  return Ok();
}

std::string StoreLabel(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const size_t authority = scheme + 3;
  const size_t end = url.find_first_of("/?#", authority);
  const std::string_view host_part = url.substr(
      authority, end == std::string_view::npos ? std::string_view::npos : end - authority);
  const size_t at = host_part.rfind('@');
  std::string label(url);
  if (at != std::string_view::npos) {
    const size_t colon = host_part.substr(0, at).find(':');
    if (colon != std::string_view::npos) {
      label =
          std::string(url.substr(0, authority + colon)) + std::string(url.substr(authority + at));
    }
  }
  // A password may also come as a query parameter (?password=...): drop the query.
  const size_t query = label.find('?');
  if (query != std::string::npos) label.resize(query);
  return label;
}

}  // namespace mamori::inventory
