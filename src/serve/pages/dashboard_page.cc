// The dashboard: what the security team looks at first. Figures come from the store's
// rollup (store::Overview), cached per generation (console.h), so a page view costs a
// cache lookup and the HTML, not a scan of a million rows.
#include <algorithm>

#include "inventory/charts.h"
#include "inventory/html.h"
#include "serve/internal/console.h"
#include "serve/internal/layout.h"

namespace mamori::serve::internal {
namespace {

constexpr size_t kMaxBars = 12;

std::string Card(std::string_view figure, std::string_view label, bool alert) {
  return std::string("<div class=\"card") + (alert ? " alert" : "") + "\"><span class=\"figure\">" +
         std::string(figure) + "</span><span class=\"label\">" + std::string(label) +
         "</span></div>";
}

std::string GroupTable(const Request& request, std::string_view key_header,
                       std::string_view filter_param,
                       const std::vector<store::Overview::Group>& groups, bool zones) {
  std::string out = "<div class=\"table-wrap\"><table class=\"data\"><thead><tr><th>" +
                    Esc(key_header) + "</th><th class=\"num\">" +
                    Esc(T(request, "col_files_with_findings")) + "</th><th class=\"num\">" +
                    Esc(T(request, "col_people")) + "</th><th class=\"num\">" +
                    Esc(T(request, "col_violations")) + "</th><th class=\"num\">" +
                    Esc(T(request, "col_unacknowledged")) + "</th></tr></thead><tbody>";
  for (const store::Overview::Group& group : groups) {
    out += "<tr><td class=\"path\">";
    const std::string label = zones ? ZoneLabel(request, group.key) : group.key;
    if (group.key.empty()) {
      out += Esc(label);
    } else {
      out += "<a href=\"/findings?" + std::string(filter_param) + "=" + UrlEncode(group.key) +
             "\">" + Esc(label) + "</a>";
    }
    out += "</td><td class=\"num\">" + inventory::FormatCount(group.files_with_findings) +
           "</td><td class=\"num\">" + inventory::FormatCount(group.people) +
           "</td><td class=\"num\">" + inventory::FormatCount(group.violations) +
           "</td><td class=\"num\">" + inventory::FormatCount(group.unacknowledged) + "</td></tr>";
  }
  if (groups.empty()) {
    out += "<tr><td colspan=\"5\" class=\"muted\">" + Esc(T(request, "none")) + "</td></tr>";
  }
  out += "</tbody></table></div>";
  return out;
}

std::string Bars(const Request& request, std::string_view id, std::string_view title_id,
                 std::vector<store::Overview::Group> groups, bool zones, bool by_violations) {
  auto value = [by_violations](const store::Overview::Group& group) {
    return by_violations ? group.violations : group.people;
  };
  std::stable_sort(groups.begin(), groups.end(),
                   [&](const auto& a, const auto& b) { return value(a) > value(b); });
  std::vector<inventory::Bar> bars;
  for (const store::Overview::Group& group : groups) {
    if (bars.size() == kMaxBars) break;
    inventory::Bar bar;
    bar.label = zones ? ZoneLabel(request, group.key) : group.key;
    bar.value = static_cast<double>(value(group));
    bars.push_back(std::move(bar));
  }
  inventory::BarChartOptions options;
  options.id = std::string(id);
  options.title = std::string(T(request, title_id));
  options.empty_text = std::string(T(request, "none"));
  return "<figure class=\"chart\"><figcaption>" + Esc(options.title) + "</figcaption>" +
         inventory::BarChart(options, bars) + "</figure>";
}

std::string Trend(const Request& request, const std::vector<store::TrendPoint>& trend) {
  std::vector<std::string> labels;
  inventory::Series people;
  people.name = T(request, "col_people");
  inventory::Series files;
  files.name = T(request, "col_files_with_findings");
  inventory::Series violations;
  violations.name = T(request, "col_violations");
  for (const store::TrendPoint& point : trend) {
    labels.push_back(inventory::FormatDate(point.started_at).substr(5));
    people.values.push_back(static_cast<double>(point.people));
    files.values.push_back(static_cast<double>(point.files_with_findings));
    violations.values.push_back(static_cast<double>(point.violations));
  }
  const std::vector<inventory::Series> people_series = {people};
  const std::vector<inventory::Series> file_series = {files, violations};
  inventory::TrendChartOptions people_chart;
  people_chart.id = "trend-people";
  people_chart.title = T(request, "chart_trend_people");
  people_chart.empty_text = T(request, "none");
  inventory::TrendChartOptions files_chart = people_chart;
  files_chart.id = "trend-files";
  files_chart.title = T(request, "chart_trend_files");
  return "<figure class=\"chart\"><figcaption>" + Esc(people_chart.title) + "</figcaption>" +
         inventory::TrendChart(people_chart, labels, people_series) +
         "</figure><figure class=\"chart\"><figcaption>" + Esc(files_chart.title) +
         "</figcaption>" + inventory::TrendChart(files_chart, labels, file_series) + "</figure>";
}

}  // namespace

Response DashboardPage(Console& console, const Request& request) {
  Result<std::shared_ptr<const Console::DashboardData>> data = LoadDashboard(console);
  if (!data) return ErrorPage(request, 500, "error_store");
  const store::Overview& overview = (*data)->overview;
  std::string body;
  if (overview.latest_scan == 0) {
    body += "<p class=\"notice\">" + Esc(T(request, "dashboard_empty")) + "</p>";
  }
  const store::Overview::Group& total = overview.total;
  body += "<div class=\"cards\">";
  body += Card(inventory::FormatCount(total.files_with_findings),
               Esc(T(request, "col_files_with_findings")), false);
  body += Card(inventory::FormatCount(total.people), Esc(T(request, "card_people")), false);
  body += Card(inventory::FormatCount(total.violations), Esc(T(request, "col_violations")),
               total.violations > 0);
  body += Card(inventory::FormatCount(total.unacknowledged), Esc(T(request, "col_unacknowledged")),
               total.unacknowledged > 0);
  body += "</div>";

  if (const auto& scan = (*data)->latest_scan) {
    body += "<p>" +
            Tf(request, "dashboard_latest_scan",
               {std::to_string(scan->id), When(scan->info.started_at),
                T(request,
                  std::string("status_") + std::string(store::ScanStatusName(scan->status)))}) +
            " <a href=\"/scans\">" + Esc(T(request, "nav_scans")) + "</a></p>";
  }

  body += "<h2>" + Esc(T(request, "section_at_risk")) + "</h2><div class=\"charts\">";
  body += Bars(request, "by-share", "chart_people_by_share", overview.by_share, false, false);
  body += Bars(request, "by-zone", "chart_people_by_zone", overview.by_zone, true, false);
  body += Bars(request, "by-rule", "chart_violations_by_rule", overview.by_rule, false, true);
  body += "</div>";

  body += "<h2>" + Esc(T(request, "section_trend")) + "</h2><div class=\"charts\">";
  body += Trend(request, (*data)->trend);
  body += "</div>";

  body += "<h2>" + Esc(T(request, "section_by_share")) + "</h2>";
  body += GroupTable(request, T(request, "col_share"), "share", overview.by_share, false);
  body += "<h2>" + Esc(T(request, "section_by_zone")) + "</h2>";
  body += GroupTable(request, T(request, "col_zone"), "zone", overview.by_zone, true);
  body += "<h2>" + Esc(T(request, "section_by_rule")) + "</h2>";
  body += GroupTable(request, T(request, "col_rule"), "rule", overview.by_rule, false);
  return HtmlPage(request, "dashboard", T(request, "dashboard_title"), "dashboard", body);
}

}  // namespace mamori::serve::internal
