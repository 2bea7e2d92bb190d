// Charts as inline SVG for the HTML report and the console: no script, no external
// resource, readable when printed. Each chart carries a <title> and a <desc> (referenced by
// aria-labelledby) that state its data in words, and text labels on the chart itself, so a
// screen reader or an auditor reading a printout gets the figures, not only shapes. Every
// text from data is escaped (html.h).
//
// The SVG has no xmlns attribute: it is meant to be inlined in an HTML page (HTML parsers
// put it in the SVG namespace), and a page then holds no "http://" at all.
//
//   std::vector<inventory::Bar> bars = {{"/srv/share-a", 1204}, {"/srv/share-b", 12}};
//   page += inventory::BarChart({.id = "by-share", .title = "共有別の人数"}, bars);
//
//   std::vector<std::string> x = {"11/21", "11/22", "11/23"};
//   std::vector<inventory::Series> s = {{"人数", {1300, 1250, 1204}}};
//   page += inventory::TrendChart({.id = "trend", .title = "推移"}, x, s);
//
// Colours come from the classes chart-bar, chart-series-N, chart-line, chart-axis,
// chart-grid, chart-label, chart-value, chart-tick and chart-empty (html.h's stylesheet),
// with presentation attributes as a fallback where the stylesheet is missing.
// Every function is pure and thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace mamori::inventory {

struct Bar {
  std::string label;       // shortened on the chart when long; whole in its tooltip and <desc>
  double value = 0;        // negative values are drawn as 0
  std::string value_text;  // shown at the bar's end; empty: the value with separators
};

struct BarChartOptions {
  std::string id;  // unique in the page; prefixes the ids of <title> and <desc>
  std::string title;
  std::string description;       // a sentence before the data in <desc>; may be empty
  std::string empty_text = "-";  // shown instead of bars when there are none
  int width = 640;               // viewBox width; the SVG scales to its container
  int label_width = 210;         // room left of the bars for their labels
};

// Horizontal bars, in the order given (sort before calling), scaled to the largest value.
std::string BarChart(const BarChartOptions& options, std::span<const Bar> bars);

struct Series {
  std::string name;            // in the legend and <desc>
  std::vector<double> values;  // one per x label; missing values are drawn as 0
};

struct TrendChartOptions {
  std::string id;
  std::string title;
  std::string description;
  std::string empty_text = "-";  // shown when there are no x labels
  bool columns = false;          // grouped columns instead of lines with points
  int width = 640;
  int height = 260;
};

// Values over time (scans, days), one x label each, oldest first; every series on one
// y scale starting at 0 (draw two charts for measures of different sizes). Long x axes show
// every k-th label only, so labels never overlap.
std::string TrendChart(const TrendChartOptions& options, std::span<const std::string> x_labels,
                       std::span<const Series> series);

}  // namespace mamori::inventory
