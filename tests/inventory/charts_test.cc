#include "inventory/charts.h"

#include <gtest/gtest.h>

namespace mamori::inventory {
namespace {

size_t Count(const std::string& text, std::string_view needle) {
  size_t n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

TEST(Charts, BarChartHasAccessibleTitleDescAndLabels) {
  const std::vector<Bar> bars = {{"/srv/share-a", 1204}, {"/srv/share-b", 12}};
  const std::string svg =
      BarChart({.id = "by-share", .title = "共有別の人数", .description = "人数の多い順。"}, bars);
  EXPECT_TRUE(svg.starts_with("<svg "));
  EXPECT_TRUE(svg.ends_with("</svg>"));
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"by-share-title by-share-desc\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"by-share-title\">共有別の人数</title>"), std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"by-share-desc\">人数の多い順。 /srv/share-a: 1,204; "
                     "/srv/share-b: 12</desc>"),
            std::string::npos);
  EXPECT_EQ(Count(svg, "<rect class=\"chart-bar\""), 2u);
  EXPECT_NE(svg.find(">1,204</text>"), std::string::npos);
  EXPECT_NE(svg.find(">/srv/share-a</text>"), std::string::npos);
  EXPECT_EQ(svg.find("http"), std::string::npos);
}

TEST(Charts, BarLengthsAreProportional) {
  const std::vector<Bar> bars = {{"a", 100}, {"b", 50}, {"c", 0}};
  const std::string svg = BarChart({.id = "x", .width = 640, .label_width = 200}, bars);
  // Span = 640 - 200 - 48 (the values are narrow) = 392.
  EXPECT_NE(svg.find("width=\"392\""), std::string::npos);
  EXPECT_NE(svg.find("width=\"196\""), std::string::npos);
  EXPECT_NE(svg.find("width=\"1.5\""), std::string::npos);  // zero still visible
}

TEST(Charts, WideValuesKeepTheirRoom) {
  const std::vector<Bar> bars = {{"a", 448415437}, {"b", 1}};
  const std::string svg = BarChart({.id = "x", .width = 640, .label_width = 200}, bars);
  // "448,415,437": 11 characters of ~7.8 px and 14 px of margin leave 640 - 200 - 99.8.
  EXPECT_NE(svg.find("width=\"340.2\""), std::string::npos);
  EXPECT_NE(svg.find(">448,415,437</text>"), std::string::npos);
}

TEST(Charts, EveryTextIsEscaped) {
  const std::vector<Bar> bars = {{"<script>alert(1)</script>.csv", 3, "<b>3</b>"}};
  const std::string svg = BarChart({.id = "\"><script>", .title = "<t>"}, bars);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_EQ(svg.find("<t>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;.csv"), std::string::npos);

  const std::vector<std::string> x = {"<x>"};
  const std::vector<Series> series = {{"<s>", {1}}};
  const std::string trend = TrendChart({.id = "t", .title = "&"}, x, series);
  EXPECT_EQ(trend.find("<x>"), std::string::npos);
  EXPECT_EQ(trend.find("<s>"), std::string::npos);
  EXPECT_NE(trend.find("&lt;x&gt;"), std::string::npos);
}

TEST(Charts, LongLabelsKeepTheirEnd) {
  const std::string label = "/srv/shares/総務部/2024年度/年金/送付リスト/最終版/名簿一覧.xlsx";
  const std::vector<Bar> bars = {{label, 1}};
  const std::string svg = BarChart({.id = "x", .label_width = 160}, bars);
  EXPECT_NE(svg.find("…"), std::string::npos);
  EXPECT_NE(svg.find("名簿一覧.xlsx</text>"), std::string::npos);
  // The whole label stays in the tooltip.
  EXPECT_NE(svg.find("<title>" + label + ": 1</title>"), std::string::npos);
}

TEST(Charts, EmptyChartsSayso) {
  const std::string bars = BarChart({.id = "x", .empty_text = "データなし"}, {});
  EXPECT_NE(bars.find(">データなし</text>"), std::string::npos);
  const std::string trend = TrendChart({.id = "t", .empty_text = "データなし"}, {}, {});
  EXPECT_NE(trend.find(">データなし</text>"), std::string::npos);
}

TEST(Charts, TrendChartDrawsLinesPointsLegendAndTicks) {
  const std::vector<std::string> x = {"11/21", "11/22", "11/23"};
  const std::vector<Series> series = {{"人数", {1300, 1250, 1204}}, {"ファイル", {40, 38, 35}}};
  const std::string svg = TrendChart({.id = "trend", .title = "推移"}, x, series);
  EXPECT_EQ(Count(svg, "<polyline"), 2u);
  EXPECT_EQ(Count(svg, "<circle"), 6u);
  EXPECT_NE(svg.find(">人数</text>"), std::string::npos);
  EXPECT_NE(svg.find(">11/23</text>"), std::string::npos);
  EXPECT_NE(svg.find(">1,500</text>"), std::string::npos);  // 1,300 rounds up to 3 steps of 500
  EXPECT_NE(svg.find("人数: 11/21 1,300, 11/22 1,250, 11/23 1,204; ファイル: 11/21 40"),
            std::string::npos);
}

TEST(Charts, TrendColumns) {
  const std::vector<std::string> x = {"a", "b"};
  const std::vector<Series> series = {{"n", {2, 3}}};
  const std::string svg = TrendChart({.id = "t", .columns = true}, x, series);
  EXPECT_EQ(Count(svg, "<rect class=\"chart-series-0\""), 3u);  // legend + 2 columns
  EXPECT_EQ(svg.find("<polyline"), std::string::npos);
  EXPECT_NE(svg.find(">3</text>"), std::string::npos);
}

TEST(Charts, LongTrendsThinTheirLabels) {
  std::vector<std::string> x;
  std::vector<double> values;
  for (int i = 0; i < 60; ++i) {
    x.push_back("2026-11-" + std::to_string(10 + i % 20));
    values.push_back(i);
  }
  const std::vector<Series> series = {{"n", values}};
  const std::string svg = TrendChart({.id = "t", .width = 640}, x, series);
  EXPECT_LT(Count(svg, "class=\"chart-tick\" x="), 30u);
  EXPECT_EQ(Count(svg, "<circle"), 60u);
}

}  // namespace
}  // namespace mamori::inventory
