#include "inventory/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/utf8.h"
#include "inventory/html.h"

namespace mamori::inventory {
namespace {

constexpr double kFontPx = 13;
constexpr std::string_view kFallbackColours[] = {"#3b6fb6", "#d9822b", "#067647", "#b42318"};

// SVG coordinates: one decimal is finer than a pixel.
std::string Num(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  std::string out(buffer);
  if (out.size() > 2 && out.ends_with(".0")) out.resize(out.size() - 2);
  return out;
}

std::string ValueText(double value) {
  const bool whole = std::abs(value - std::round(value)) < 1e-9;
  return FormatDecimal(value, whole ? 0 : 1);
}

// Rendered width estimate without font metrics: Latin ~0.6 em, CJK and other wide ~1 em.
double CodePointWidth(char32_t cp) { return cp < 0x0300 ? 0.6 * kFontPx : kFontPx; }

double TextWidth(std::string_view text) {
  double width = 0;
  size_t pos = 0;
  while (pos < text.size()) width += CodePointWidth(NextCodePoint(text, pos));
  return width;
}

// Keeps the end of a label that does not fit: for paths the last folders say the most.
std::string Shorten(std::string_view text, double max_width) {
  if (TextWidth(text) <= max_width) return std::string(text);
  std::vector<char32_t> cps;
  size_t pos = 0;
  while (pos < text.size()) cps.push_back(NextCodePoint(text, pos));
  double width = CodePointWidth(U'\u2026');
  size_t keep = 0;
  while (keep < cps.size() && width + CodePointWidth(cps[cps.size() - 1 - keep]) <= max_width) {
    width += CodePointWidth(cps[cps.size() - 1 - keep]);
    ++keep;
  }
  std::string out;
  AppendUtf8(U'\u2026', out);
  for (size_t i = cps.size() - keep; i < cps.size(); ++i) AppendUtf8(cps[i], out);
  return out;
}

void Open(std::string& out, const std::string& id, const std::string& title,
          const std::string& desc, int width, int height) {
  out += "<svg class=\"chart-svg\" role=\"img\" viewBox=\"0 0 " + std::to_string(width) + " " +
         std::to_string(height) + "\" width=\"" + std::to_string(width) + "\" height=\"" +
         std::to_string(height) + "\" aria-labelledby=\"";
  AppendEscaped(out, id + "-title " + id + "-desc");
  out += "\"><title id=\"";
  AppendEscaped(out, id + "-title");
  out += "\">";
  AppendEscaped(out, title);
  out += "</title><desc id=\"";
  AppendEscaped(out, id + "-desc");
  out += "\">";
  AppendEscaped(out, desc);
  out += "</desc>";
}

void Text(std::string& out, std::string_view cls, double x, double y, std::string_view anchor,
          std::string_view text) {
  out += "<text class=\"";
  out += cls;
  out += "\" x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" text-anchor=\"";
  out += anchor;
  out += "\" font-size=\"13\">";
  AppendEscaped(out, text);
  out += "</text>";
}

std::string JoinDesc(const std::string& description, const std::string& data) {
  if (description.empty()) return data;
  if (data.empty()) return description;
  return description + " " + data;
}

// The smallest of 1, 2, 5 x 10^k at least `raw`, for axis steps.
double NiceStep(double raw) {
  if (raw <= 0) return 1;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
    if (factor * magnitude >= raw * (1 - 1e-9)) return factor * magnitude;
  }
  return 10 * magnitude;
}

}  // namespace

std::string BarChart(const BarChartOptions& options, std::span<const Bar> bars) {
  constexpr double kRow = 28;
  constexpr double kBar = 18;
  constexpr double kPad = 8;
  const double width = std::max(options.width, options.label_width + 160);
  const double height = bars.empty() ? 48 : kPad * 2 + kRow * static_cast<double>(bars.size());

  std::string data;
  double max = 0;
  // Room right of the longest bar for the widest value, so that no value is cut off.
  double value_room = 48;
  for (const Bar& bar : bars) {
    max = std::max(max, bar.value);
    value_room = std::max(
        value_room, 14 + TextWidth(bar.value_text.empty() ? ValueText(bar.value) : bar.value_text));
    if (!data.empty()) data += "; ";
    data += bar.label + ": " + (bar.value_text.empty() ? ValueText(bar.value) : bar.value_text);
  }
  if (bars.empty()) data = options.empty_text;

  std::string out;
  Open(out, options.id, options.title, JoinDesc(options.description, data), static_cast<int>(width),
       static_cast<int>(height));
  if (bars.empty()) {
    out += "<text class=\"chart-empty\" x=\"" + Num(width / 2) +
           "\" y=\"28\" text-anchor=\"middle\" font-size=\"14\">";
    AppendEscaped(out, options.empty_text);
    out += "</text></svg>";
    return out;
  }
  const double x0 = options.label_width;
  const double span = std::max(width - x0 - value_room, 40.0);
  out += "<line class=\"chart-axis\" x1=\"" + Num(x0) + "\" y1=\"" + Num(kPad / 2) + "\" x2=\"" +
         Num(x0) + "\" y2=\"" + Num(height - kPad / 2) + "\" stroke=\"#d9dee3\"/>";
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double top = kPad + kRow * static_cast<double>(i);
    const double length = max > 0 ? span * std::max(0.0, bar.value) / max : 0;
    const std::string value = bar.value_text.empty() ? ValueText(bar.value) : bar.value_text;
    out += "<g><title>";
    AppendEscaped(out, bar.label + ": " + value);
    out += "</title>";
    Text(out, "chart-label", x0 - 8, top + kRow / 2 + 4.5, "end", Shorten(bar.label, x0 - 16));
    // A zero value still gets a sliver, so the row does not read as missing.
    out += "<rect class=\"chart-bar\" x=\"" + Num(x0) + "\" y=\"" + Num(top + (kRow - kBar) / 2) +
           "\" width=\"" + Num(std::max(length, 1.5)) + "\" height=\"" + Num(kBar) +
           "\" fill=\"#3b6fb6\"/>";
    Text(out, "chart-value", x0 + std::max(length, 1.5) + 6, top + kRow / 2 + 4.5, "start", value);
    out += "</g>";
  }
  out += "</svg>";
  return out;
}

std::string TrendChart(const TrendChartOptions& options, std::span<const std::string> x_labels,
                       std::span<const Series> series) {
  const double width = std::max(options.width, 240);
  const double height = std::max(options.height, 140);
  const size_t n = x_labels.size();
  auto value_at = [](const Series& s, size_t i) {
    return i < s.values.size() ? std::max(0.0, s.values[i]) : 0.0;
  };

  std::string data;
  double max = 0;
  for (const Series& s : series) {
    if (!data.empty()) data += "; ";
    data += s.name + ":";
    for (size_t i = 0; i < n; ++i) {
      max = std::max(max, value_at(s, i));
      data += (i == 0 ? " " : ", ") + x_labels[i] + " " + ValueText(value_at(s, i));
    }
  }
  if (n == 0) data = options.empty_text;

  std::string out;
  Open(out, options.id, options.title, JoinDesc(options.description, data), static_cast<int>(width),
       static_cast<int>(height));
  if (n == 0) {
    out += "<text class=\"chart-empty\" x=\"" + Num(width / 2) + "\" y=\"" + Num(height / 2) +
           "\" text-anchor=\"middle\" font-size=\"14\">";
    AppendEscaped(out, options.empty_text);
    out += "</text></svg>";
    return out;
  }

  // y axis: 4 steps of 1, 2 or 5 x 10^k, starting at 0.
  const double step = NiceStep(max / 4);
  const double top_value = std::max(step, step * std::ceil(max / step - 1e-9));
  const int decimals = step >= 1 ? 0 : (step >= 0.1 ? 1 : 2);
  std::string longest_tick = FormatDecimal(top_value, decimals);
  const double left = 14 + TextWidth(longest_tick);
  const double right = 16;
  const double top = 30;
  const double bottom = 30;
  const double plot_w = width - left - right;
  const double plot_h = height - top - bottom;
  auto y_of = [&](double v) { return top + plot_h - plot_h * v / top_value; };
  auto x_of = [&](size_t i) {
    return left + plot_w * (static_cast<double>(i) + 0.5) / static_cast<double>(n);
  };

  for (double v = 0; v <= top_value * (1 + 1e-9); v += step) {
    const double y = y_of(v);
    out += "<line class=\"" + std::string(v == 0 ? "chart-axis" : "chart-grid") + "\" x1=\"" +
           Num(left) + "\" y1=\"" + Num(y) + "\" x2=\"" + Num(width - right) + "\" y2=\"" + Num(y) +
           "\" stroke=\"#d9dee3\"/>";
    Text(out, "chart-tick", left - 6, y + 4, "end", FormatDecimal(v, decimals));
  }

  // Every k-th x label, so that the widest label plus a gap fits in k bands.
  double widest = 0;
  for (const std::string& label : x_labels) widest = std::max(widest, TextWidth(label));
  const double band = plot_w / static_cast<double>(n);
  const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil((widest + 10) / band)));
  for (size_t i = 0; i < n; ++i) {
    // The last label always shows: the latest scan is the one readers look for.
    const bool last = i + 1 == n;
    if ((n - 1 - i) % every != 0 && !last) continue;
    Text(out, "chart-tick", x_of(i), height - bottom + 18, "middle", x_labels[i]);
  }

  // Legend, top left.
  double legend_x = left;
  for (size_t s = 0; s < series.size(); ++s) {
    const std::string cls = "chart-series-" + std::to_string(s % 4);
    out += "<rect class=\"" + cls + "\" x=\"" + Num(legend_x) + "\" y=\"8\" width=\"12\" " +
           "height=\"12\" fill=\"" + std::string(kFallbackColours[s % 4]) + "\"/>";
    Text(out, "chart-label", legend_x + 17, 18.5, "start", series[s].name);
    legend_x += 17 + TextWidth(series[s].name) + 20;
  }

  const bool label_points = series.size() == 1 && n <= 12;
  for (size_t s = 0; s < series.size(); ++s) {
    const std::string cls = "chart-series-" + std::to_string(s % 4);
    const std::string colour(kFallbackColours[s % 4]);
    if (options.columns) {
      const double group = band * 0.7;
      const double col = group / static_cast<double>(series.size());
      for (size_t i = 0; i < n; ++i) {
        const double v = value_at(series[s], i);
        const double x = x_of(i) - group / 2 + col * static_cast<double>(s);
        out += "<g><title>";
        AppendEscaped(out, x_labels[i] + " " + series[s].name + ": " + ValueText(v));
        out += "</title><rect class=\"" + cls + "\" x=\"" + Num(x) + "\" y=\"" + Num(y_of(v)) +
               "\" width=\"" + Num(std::max(col - 1, 1.0)) + "\" height=\"" +
               Num(std::max(top + plot_h - y_of(v), 0.0)) + "\" fill=\"" + colour + "\"/></g>";
        if (label_points) {
          Text(out, "chart-value", x + col / 2, y_of(v) - 5, "middle", ValueText(v));
        }
      }
      continue;
    }
    std::string points;
    for (size_t i = 0; i < n; ++i) {
      if (!points.empty()) points += ' ';
      points += Num(x_of(i)) + "," + Num(y_of(value_at(series[s], i)));
    }
    out += "<polyline class=\"chart-line " + cls + "\" points=\"" + points + "\" fill=\"none\" " +
           "stroke=\"" + colour + "\" stroke-width=\"2.5\"/>";
    for (size_t i = 0; i < n; ++i) {
      const double v = value_at(series[s], i);
      out += "<g><title>";
      AppendEscaped(out, x_labels[i] + " " + series[s].name + ": " + ValueText(v));
      out += "</title><circle class=\"" + cls + "\" cx=\"" + Num(x_of(i)) + "\" cy=\"" +
             Num(y_of(v)) + "\" r=\"4\" fill=\"" + colour + "\"/></g>";
      if (label_points) Text(out, "chart-value", x_of(i), y_of(v) - 8, "middle", ValueText(v));
    }
  }
  out += "</svg>";
  return out;
}

}  // namespace mamori::inventory
