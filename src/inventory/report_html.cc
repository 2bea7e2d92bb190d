#include <algorithm>

#include "inventory/charts.h"
#include "inventory/html.h"
#include "inventory/internal/report_fields.h"
#include "inventory/internal/report_messages.h"
#include "inventory/report.h"

namespace mamori::inventory {
namespace {

using internal::Tr;

constexpr size_t kMaxBars = 12;
constexpr size_t kMaxTrendPoints = 60;
constexpr size_t kMaxScanRows = 30;

// Builds the page in one string; every text that comes from the store goes through
// EscapeText, every message through T().
class HtmlWriter {
 public:
  HtmlWriter(const ReportData& data, const ReportOptions& options)
      : data_(data), options_(options), lang_(options.lang) {}

  std::string Render() {
    out_ = PageStart(lang_, Tr("title", lang_));
    Header();
    out_ += "<main>\n";
    Summary();
    Charts();
    Files();
    ScanHistory();
    out_ += "</main>\n<footer class=\"page\">";
    out_ += T("footer");
    out_ += "</footer>\n";
    out_ += PageEnd();
    return std::move(out_);
  }

 private:
  std::string T(std::string_view id) const { return EscapeText(Tr(id, lang_)); }
  std::string E(std::string_view text) const { return EscapeText(text); }

  void Fact(std::string_view label_id, const std::string& value_html) {
    out_ += "<dt>" + T(label_id) + "</dt><dd>" + value_html + "</dd>\n";
  }

  void Header() {
    out_ += "<header class=\"page\">\n<h1>" + T("title") + "</h1>\n<dl class=\"facts\">\n";
    Fact("store", E(data_.backend) + ": " + E(data_.store_label));
    if (data_.scans.empty()) {
      Fact("latest_scan", T("no_scan"));
    } else {
      const store::ScanRow& scan = data_.scans.front();
      Fact("latest_scan", "#" + std::to_string(scan.id) + " " +
                              E(FormatDateTime(scan.info.started_at)) + " (" +
                              T("status." + std::string(store::ScanStatusName(scan.status))) + ")");
    }
    Fact("generated_at", E(FormatDateTime(data_.generated_at)));
    Fact("filter", FilterText());
    out_ += "</dl>\n</header>\n";
  }

  std::string FilterText() const {
    const store::FindingFilter& f = options_.filter;
    std::vector<std::string> parts;
    if (!f.share.empty()) parts.push_back(T("filter.share") + " = " + E(f.share));
    if (!f.zone.empty()) parts.push_back(T("filter.zone") + " = " + E(f.zone));
    if (!f.rule.empty()) parts.push_back(T("filter.rule") + " = " + E(f.rule));
    if (f.min_risk > 0) {
      parts.push_back(T("filter.min_risk") + " &ge; " + E(FormatDecimal(f.min_risk, 2)));
    }
    if (parts.empty()) return T("filter_none");
    std::string text;
    for (const std::string& part : parts) text += (text.empty() ? "" : ", ") + part;
    return text + " <span class=\"muted small\">" + T("filter_note") + "</span>";
  }

  void Card(uint64_t figure, std::string_view label_id, bool alert) {
    out_ += alert ? "<div class=\"card alert\">" : "<div class=\"card\">";
    out_ += "<span class=\"figure\">" + FormatCount(figure) + "</span><span class=\"label\">" +
            T(label_id) + "</span></div>\n";
  }

  void Summary() {
    const store::Overview::Group& total = data_.overview.total;
    out_ += "<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">" + T("summary") +
            "</h2>\n<div class=\"cards\">\n";
    Card(total.files_with_findings, "card.files", false);
    Card(total.people, "card.people", false);
    Card(total.violations, "card.violations", total.violations > 0);
    Card(total.unacknowledged, "card.unacknowledged", total.unacknowledged > 0);
    out_ += "</div>\n</section>\n";
  }

  // Largest first; past kMaxBars the rest are summed into one "others" bar.
  std::vector<Bar> Bars(const std::vector<store::Overview::Group>& groups,
                        uint64_t store::Overview::Group::*field, bool zone_keys) const {
    std::vector<const store::Overview::Group*> sorted;
    for (const store::Overview::Group& group : groups) {
      if (group.*field > 0) sorted.push_back(&group);
    }
    std::stable_sort(sorted.begin(), sorted.end(), [&](const auto* a, const auto* b) {
      return a->*field != b->*field ? a->*field > b->*field : a->key < b->key;
    });
    std::vector<Bar> bars;
    uint64_t rest = 0;
    for (size_t i = 0; i < sorted.size(); ++i) {
      const uint64_t value = sorted[i]->*field;
      if (i + 1 >= kMaxBars && sorted.size() > kMaxBars) {
        rest += value;
        continue;
      }
      std::string label = sorted[i]->key;
      if (zone_keys && label.empty()) label = Tr("zone.none", lang_);
      bars.push_back({label, static_cast<double>(value), FormatCount(value)});
    }
    if (rest > 0) {
      bars.push_back(
          {Substitute(Tr("chart.others", lang_), {std::to_string(sorted.size() - kMaxBars + 1)}),
           static_cast<double>(rest), FormatCount(rest)});
    }
    return bars;
  }

  void Figure(std::string_view title_id, const std::string& svg) {
    out_ += "<figure class=\"chart\"><figcaption>" + T(title_id) + "</figcaption>" + svg +
            "</figure>\n";
  }

  void BarFigure(std::string_view id, std::string_view title_id, const std::vector<Bar>& bars) {
    BarChartOptions chart;
    chart.id = "chart-" + std::string(id);
    chart.title = Tr(title_id, lang_);
    chart.description = Tr("chart.bars_desc", lang_);
    chart.empty_text = Tr("chart.no_data", lang_);
    Figure(title_id, BarChart(chart, bars));
  }

  void Charts() {
    const store::Overview& overview = data_.overview;
    using Group = store::Overview::Group;
    out_ += "<section aria-labelledby=\"charts\">\n<h2 id=\"charts\">" + T("charts") +
            "</h2>\n<div class=\"charts\">\n";
    BarFigure("by-share", "chart.by_share", Bars(overview.by_share, &Group::people, false));
    BarFigure("by-zone", "chart.by_zone", Bars(overview.by_zone, &Group::people, true));
    BarFigure("by-rule", "chart.by_rule", Bars(overview.by_rule, &Group::violations, false));
    std::vector<Group> items = overview.by_item;
    for (Group& group : items) group.key = Tr("item." + group.key, lang_);
    BarFigure("by-item", "chart.by_item", Bars(items, &Group::files_with_findings, false));

    const size_t skip =
        data_.trend.size() > kMaxTrendPoints ? data_.trend.size() - kMaxTrendPoints : 0;
    std::vector<std::string> x;
    Series people{std::string(Tr("series.people", lang_)), {}};
    Series files{std::string(Tr("series.files", lang_)), {}};
    Series violations{std::string(Tr("series.violations", lang_)), {}};
    for (size_t i = skip; i < data_.trend.size(); ++i) {
      const store::TrendPoint& point = data_.trend[i];
      // "#12 11-23": the scan id tells two scans of one day apart.
      x.push_back("#" + std::to_string(point.scan_id) + " " +
                  FormatDate(point.started_at).substr(5));
      people.values.push_back(static_cast<double>(point.people));
      files.values.push_back(static_cast<double>(point.files_with_findings));
      violations.values.push_back(static_cast<double>(point.violations));
    }
    TrendChartOptions chart;
    chart.description = Tr("chart.trend_desc", lang_);
    chart.empty_text = Tr("chart.no_data", lang_);
    chart.id = "chart-trend-people";
    chart.title = Tr("chart.trend_people", lang_);
    const std::vector<Series> people_series = {people};
    Figure("chart.trend_people", TrendChart(chart, x, people_series));
    chart.id = "chart-trend-files";
    chart.title = Tr("chart.trend_files", lang_);
    const std::vector<Series> file_series = {files, violations};
    Figure("chart.trend_files", TrendChart(chart, x, file_series));
    out_ += "</div>\n</section>\n";
  }

  void Th(std::string_view id, bool numeric = false) {
    out_ += numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">";
    out_ += T(id) + "</th>";
  }

  void Files() {
    out_ += "<section aria-labelledby=\"files\">\n<h2 id=\"files\">" + T("top_files") +
            " <span class=\"muted small\">" +
            E(Substitute(Tr("top_files_count", lang_),
                         {FormatCount(data_.matching_files), FormatCount(data_.files.size())})) +
            "</span></h2>\n";
    if (data_.files.empty()) {
      // With --top 0 the count above is the whole answer.
      if (data_.matching_files == 0) out_ += "<p class=\"muted\">" + T("no_files") + "</p>\n";
      out_ += "</section>\n";
      return;
    }
    out_ += "<div class=\"table-wrap\"><table class=\"data\">\n<thead><tr>";
    Th("col.rank", true);
    Th("col.risk", true);
    Th("col.path");
    Th("col.zone");
    Th("col.owner");
    Th("col.people", true);
    Th("col.items");
    Th("col.protection");
    Th("col.violations");
    Th("col.ack");
    out_ += "</tr></thead>\n<tbody>\n";
    for (size_t i = 0; i < data_.files.size(); ++i) FileRowHtml(data_.files[i], i + 1);
    out_ += "</tbody>\n</table></div>\n</section>\n";
  }

  void FileRowHtml(const store::FileRow& row, size_t rank) {
    const policy::Assessment& a = row.assessment;
    const std::string band(internal::RiskBand(a.risk));
    out_ += "<tr><td class=\"num\">" + std::to_string(rank) + "</td>";
    out_ += "<td class=\"num\"><span class=\"badge risk-" + band + "\" title=\"" +
            T("risk." + band) + "\">" + FormatDecimal(a.risk, 1) + "</span></td>";
    out_ += "<td class=\"path\">" + E(row.display_path) + "<br><span class=\"muted small\">" +
            E(Substitute(Tr("share_of", lang_), {row.share})) + " &middot; " +
            E(Substitute(Tr("modified", lang_), {FormatDate(row.mtime)})) + "</span></td>";
    out_ += "<td>" + (a.zone.empty() ? T("zone.none") : E(a.zone)) + "</td>";
    out_ += "<td>" + E(a.owner) + "</td>";
    out_ +=
        "<td class=\"num\">" + FormatCount(row.people) +
        (row.people_exact ? ""
                          : "<br><span class=\"muted small\">" + T("people_estimate") + "</span>") +
        "</td>";
    out_ += "<td class=\"nowrap\">";
    bool first = true;
    for (Item item : kAllItems) {
      const uint64_t count = row.items[static_cast<size_t>(item)];
      if (count == 0) continue;
      out_ += (first ? "" : "<br>") + T("item." + std::string(ItemName(item))) + " (" +
              FormatCount(count) + ")";
      first = false;
    }
    out_ += "</td><td>" + T("protection." + std::string(ProtectionName(row.protection)));
    if (internal::ReadableByEveryone(row)) {
      out_ += "<br><span class=\"badge\">" + T("readable_by_everyone") + "</span>";
    }
    out_ += "</td><td>";
    if (!a.violations.empty()) {
      out_ += "<ul class=\"violations\">";
      for (const policy::Violation& v : a.violations) {
        out_ += "<li><span class=\"rule\">" + E(v.rule) + "</span> <span class=\"muted\">(" +
                T("kind." + std::string(policy::RuleKindName(v.kind))) +
                ")</span>: " + E(EvidenceText(v.evidence, lang_)) + "</li>";
      }
      out_ += "</ul>";
    }
    out_ += "</td><td>" + AckHtml(row) + "</td></tr>\n";
  }

  std::string AckHtml(const store::FileRow& row) const {
    if (!row.acknowledgement) {
      return row.assessment.violations.empty()
                 ? std::string()
                 : "<span class=\"badge\">" + T("ack.none") + "</span>";
    }
    const store::Acknowledgement& ack = *row.acknowledgement;
    std::string html = E(Substitute(Tr("ack.owner", lang_), {ack.owner}));
    if (!ack.due_date.empty()) {
      html += "<br>" + E(Substitute(Tr("ack.due", lang_), {ack.due_date}));
      if (internal::IsOverdue(ack, data_.generated_at)) {
        html += " <span class=\"badge risk-high\">" + T("ack.overdue") + "</span>";
      }
    }
    html += "<br><span class=\"muted small\">" +
            (ack.rule.empty() ? T("ack.rule_all") : E(ack.rule)) + " &middot; " +
            E(Substitute(Tr("ack.by", lang_), {ack.by_user, FormatDate(ack.at)})) + "</span>";
    return html;
  }

  void ScanHistory() {
    out_ +=
        "<section aria-labelledby=\"scans\">\n<h2 id=\"scans\">" + T("scan_history") + "</h2>\n";
    if (data_.scans.empty()) {
      out_ += "<p class=\"muted\">" + T("no_scan") + "</p>\n</section>\n";
      return;
    }
    out_ += "<div class=\"table-wrap\"><table class=\"data\">\n<thead><tr>";
    Th("col.scan", true);
    Th("col.status");
    Th("col.started");
    Th("col.duration", true);
    Th("col.host");
    Th("col.roots");
    Th("col.files", true);
    Th("col.files_with_findings", true);
    Th("col.people", true);
    Th("col.unchanged", true);
    out_ += "</tr></thead>\n<tbody>\n";
    const size_t shown = std::min(data_.scans.size(), kMaxScanRows);
    for (size_t i = 0; i < shown; ++i) {
      const store::ScanRow& scan = data_.scans[i];
      const std::string status(store::ScanStatusName(scan.status));
      std::string roots;
      for (const std::string& root : scan.info.roots) {
        roots += (roots.empty() ? "" : "<br>") + E(root);
      }
      const bool finished = scan.status == store::ScanStatus::kCompleted;
      out_ += "<tr><td class=\"num\">#" + std::to_string(scan.id) + "</td><td class=\"status-" +
              status + "\">" + T("status." + status) + "</td><td class=\"nowrap\">" +
              E(FormatDateTime(scan.info.started_at)) + "</td><td class=\"num\">" +
              (finished ? E(FormatDuration(scan.summary.seconds, lang_)) : "-") + "</td><td>" +
              E(scan.info.host) + "</td><td class=\"path\">" + roots + "</td><td class=\"num\">" +
              FormatCount(scan.summary.files) + "</td><td class=\"num\">" +
              FormatCount(scan.summary.files_with_findings) + "</td><td class=\"num\">" +
              FormatCount(scan.summary.people) + "</td><td class=\"num\">" +
              FormatCount(scan.summary.files_unchanged) + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table></div>\n";
    if (data_.scans.size() > shown) {
      out_ +=
          "<p class=\"muted small\">" +
          E(Substitute(Tr("scan_history_more", lang_), {FormatCount(data_.scans.size() - shown)})) +
          "</p>\n";
    }
    out_ += "</section>\n";
  }

  const ReportData& data_;
  const ReportOptions& options_;
  const Lang lang_;
  std::string out_;
};

}  // namespace

std::string RenderHtml(const ReportData& data, const ReportOptions& options) {
  return HtmlWriter(data, options).Render();
}

}  // namespace mamori::inventory
