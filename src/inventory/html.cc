#include "inventory/html.h"

#include <cmath>
#include <cstdio>

#include "base/utf8.h"

namespace mamori::inventory {
namespace {

void AppendCodePoint(std::string& out, char32_t cp) {
  switch (cp) {
    case '&':
      out += "&amp;";
      return;
    case '<':
      out += "&lt;";
      return;
    case '>':
      out += "&gt;";
      return;
    case '"':
      out += "&quot;";
      return;
    case '\'':
      out += "&#39;";
      return;
    default:
      break;
  }
  // HTML forbids C0 controls other than whitespace, DEL and C1 controls in text; a file
  // name can hold any of them.
  const bool control = (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0);
  AppendUtf8(control ? U'\uFFFD' : cp, out);
}

// Groups the decimal digits of `digits` by three from the right.
std::string GroupThousands(std::string_view digits) {
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
void CivilFromDays(int64_t days, int64_t& year, int& month, int& day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = yoe + era * 400 + (month <= 2 ? 1 : 0);
}

constexpr std::string_view kStyleSheet =
    R"css(/* mamori: one stylesheet for the report and the console.
   Styles: header.page, .facts, .nowrap, .cards/.card, .charts/.chart, table.data, .badge, .risk-high,
   .risk-medium, .risk-low, .violations, muted, nav.top, form.filters, button, .chart-*. */
:root {
  --ink: #1f2933; --muted: #616e7c; --line: #d9dee3; --panel: #f5f7f9; --accent: #1d4e89;
  --alert: #b42318; --warn: #b54708; --ok: #067647; --bar: #3b6fb6; --bar2: #d9822b;
  --font: system-ui, -apple-system, "Hiragino Kaku Gothic ProN", "Hiragino Sans",
          "Yu Gothic UI", "Yu Gothic", Meiryo, "Noto Sans CJK JP", "Noto Sans JP",
          "IPAexGothic", sans-serif;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: var(--font); font-size: 15px; line-height: 1.6;
       color: var(--ink); background: #fff; }
main, header.page, footer.page { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
header.page { padding-top: 20px; padding-bottom: 8px; border-bottom: 3px solid var(--accent); }
header.page h1 { margin: 0 0 4px; font-size: 1.6rem; }
footer.page { color: var(--muted); font-size: 0.85rem; padding-top: 16px; padding-bottom: 24px; }
h2 { font-size: 1.2rem; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 0 0 6px; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.small { font-size: 0.85rem; }
.nowrap { white-space: nowrap; }
.num, td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; margin: 16px 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; }
.card .figure { display: block; font-size: 1.9rem; font-weight: 700; line-height: 1.2;
                font-variant-numeric: tabular-nums; }
.card .label { display: block; color: var(--muted); font-size: 0.9rem; }
.card.alert .figure { color: var(--alert); }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
.chart { margin: 0; padding: 12px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.chart figcaption { font-weight: 700; margin-bottom: 6px; }
.chart svg { display: block; width: 100%; height: auto; }
.chart-bar { fill: var(--bar); }
.chart-series-0 { stroke: var(--bar); fill: var(--bar); }
.chart-series-1 { stroke: var(--bar2); fill: var(--bar2); }
.chart-series-2 { stroke: var(--ok); fill: var(--ok); }
.chart-series-3 { stroke: var(--alert); fill: var(--alert); }
.chart-line { fill: none; stroke-width: 2.5; }
.chart-axis, .chart-grid { stroke: var(--line); }
.chart-label, .chart-value, .chart-tick { fill: var(--ink); font-family: var(--font); font-size: 13px; }
.chart-tick { fill: var(--muted); font-size: 12px; }
.chart-empty { fill: var(--muted); font-family: var(--font); font-size: 14px; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
table.data { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
table.data th, table.data td { padding: 6px 10px; border-bottom: 1px solid var(--line);
                               text-align: left; vertical-align: top; }
table.data thead th { background: var(--panel); font-weight: 700; white-space: nowrap; }
table.data tbody tr:nth-child(even) { background: #fafbfc; }
table.data td.path { overflow-wrap: anywhere; min-width: 16em; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 0.8rem;
         background: var(--panel); border: 1px solid var(--line); white-space: nowrap; }
.risk-high { color: #fff; background: var(--alert); border-color: var(--alert); }
.risk-medium { color: #fff; background: var(--warn); border-color: var(--warn); }
.risk-low { color: var(--ink); background: #fef0c7; border-color: #fedf89; }
.status-completed { color: var(--ok); }
.status-interrupted, .status-running { color: var(--warn); }
ul.violations { margin: 0; padding-left: 1.1em; }
ul.violations li { margin: 0 0 2px; }
.rule { font-weight: 700; }
nav.top { background: var(--accent); }
nav.top ul { max-width: 1280px; margin: 0 auto; padding: 0 24px; list-style: none; display: flex;
             flex-wrap: wrap; gap: 4px 20px; }
nav.top a { display: block; padding: 10px 0; color: #fff; text-decoration: none; }
nav.top a[aria-current="page"] { border-bottom: 3px solid #fff; }
form.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; margin: 12px 0; }
form.filters label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); }
input, select, textarea, button { font: inherit; }
input, select, textarea { padding: 4px 8px; border: 1px solid #b9c2cc; border-radius: 4px; }
button, .button { padding: 5px 14px; border: 1px solid var(--accent); border-radius: 4px;
                  background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; }
button.secondary { background: #fff; color: var(--accent); }
.notice { padding: 8px 12px; border-radius: 4px; background: #eef4ff; border: 1px solid #b2ccff; }
.error { padding: 8px 12px; border-radius: 4px; background: #fef3f2; border: 1px solid #fda29b;
         color: var(--alert); }
@media (max-width: 1000px) {
  .charts { grid-template-columns: minmax(0, 1fr); }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
@media (max-width: 600px) {
  main, header.page, footer.page { padding: 0 12px; }
  .cards { grid-template-columns: minmax(0, 1fr); }
}
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { font-size: 10pt; color: #000; }
  main, header.page, footer.page { max-width: none; padding: 0; }
  nav.top, form.filters, button, .no-print { display: none !important; }
  .cards { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  .charts { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .chart, .card, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  .table-wrap { overflow: visible; border: none; }
  table.data thead { display: table-header-group; }
  table.data tbody tr:nth-child(even) { background: none; }
  .card, table.data thead th { background: none; }
  .risk-high, .risk-medium, .risk-low { color: #000; background: none; border-color: #000; }
  a { color: #000; text-decoration: none; }
}
)css";

}  // namespace

void AppendEscaped(std::string& out, std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const unsigned char byte = static_cast<unsigned char>(text[pos]);
    // Fast path for the ASCII characters that need nothing.
    if (byte >= 0x20 && byte < 0x7F && byte != '&' && byte != '<' && byte != '>' && byte != '"' &&
        byte != '\'') {
      out += static_cast<char>(byte);
      ++pos;
      continue;
    }
    AppendCodePoint(out, NextCodePoint(text, pos));
  }
}

std::string EscapeText(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  AppendEscaped(out, text);
  return out;
}

std::string FormatCount(uint64_t value) { return GroupThousands(std::to_string(value)); }

std::string FormatSigned(int64_t value) {
  if (value >= 0) return FormatCount(static_cast<uint64_t>(value));
  // Negating INT64_MIN overflows; go through unsigned arithmetic.
  return "-" + FormatCount(0 - static_cast<uint64_t>(value));
}

std::string FormatDecimal(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  if (decimals < 0) decimals = 0;
  if (decimals > 9) decimals = 9;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string_view text(buffer);
  std::string out;
  if (!text.empty() && text.front() == '-') {
    // "-0.0" reads as an error in a table.
    if (text.find_first_of("123456789") != std::string_view::npos) out += '-';
    text.remove_prefix(1);
  }
  const size_t dot = text.find('.');
  out += GroupThousands(text.substr(0, dot));
  if (dot != std::string_view::npos) out += text.substr(dot);
  return out;
}

CivilTime TokyoTime(int64_t epoch_seconds) {
  const int64_t local = epoch_seconds + kTokyoOffsetSeconds;
  int64_t days = local / 86400;
  int64_t rest = local % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  CivilTime time;
  CivilFromDays(days, time.year, time.month, time.day);
  time.hour = static_cast<int>(rest / 3600);
  time.minute = static_cast<int>(rest / 60 % 60);
  time.second = static_cast<int>(rest % 60);
  return time;
}

std::string FormatDate(int64_t epoch_seconds) {
  const CivilTime t = TokyoTime(epoch_seconds);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02d", static_cast<long long>(t.year), t.month,
                t.day);
  return buffer;
}

std::string FormatDateTime(int64_t epoch_seconds) {
  const CivilTime t = TokyoTime(epoch_seconds);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02d %02d:%02d JST",
                static_cast<long long>(t.year), t.month, t.day, t.hour, t.minute);
  return buffer;
}

std::string FormatDuration(double seconds, Lang lang) {
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  const bool ja = lang == Lang::kJa;
  if (seconds < 60) {
    return FormatDecimal(seconds, seconds < 10 ? 1 : 0) + (ja ? " 秒" : " s");
  }
  const auto total = static_cast<uint64_t>(std::llround(seconds));
  const uint64_t hours = total / 3600;
  const uint64_t minutes = total / 60 % 60;
  const uint64_t secs = total % 60;
  if (hours == 0) {
    return FormatCount(minutes) + (ja ? " 分 " : " min ") + FormatCount(secs) + (ja ? " 秒" : " s");
  }
  return FormatCount(hours) + (ja ? " 時間 " : " h ") + FormatCount(minutes) +
         (ja ? " 分" : " min");
}

std::string_view StyleSheet() { return kStyleSheet; }

std::string PageStart(Lang lang, std::string_view title, std::string_view extra_head) {
  std::string out;
  out.reserve(kStyleSheet.size() + 512);
  out += "<!DOCTYPE html>\n<html lang=\"";
  out += LangName(lang);
  out +=
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  AppendEscaped(out, title);
  out += "</title>\n<style>\n";
  out += kStyleSheet;
  out += "</style>\n";
  out += extra_head;
  out += "</head>\n<body>\n";
  return out;
}

std::string_view PageEnd() { return "</body>\n</html>\n"; }

}  // namespace mamori::inventory
