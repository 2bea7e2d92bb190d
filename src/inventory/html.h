// What every HTML page of mamori needs, shared by the report (`mamori report`) and the web
// console (`mamori serve`): escaping, number and time formatting for Japanese readers, and
// one stylesheet that both embed so that they look alike and open offline.
//
//   std::string page = inventory::PageStart(lang, "棚卸し");
//   page += "<td class=\"path\">" + inventory::EscapeText(row.display_path) + "</td>";
//   page += "<td class=\"num\">" + inventory::FormatCount(row.people) + "</td>";  // 1,204
//   page += inventory::FormatDateTime(scan.started_at);                     // 2026-11-23 09:15 JST
//   page += inventory::PageEnd();
//
// Every function is pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "inventory/i18n.h"

namespace mamori::inventory {

// Text for an element's content: & < > are escaped. Also quotes, so the same text is safe in
// a double- or single-quoted attribute value (EscapeAttribute is the same function under the
// name that says where it goes). Bytes that are not UTF-8 and C0 control characters other
// than tab and newline become U+FFFD, so a hostile file name cannot break the page's parsing.
std::string EscapeText(std::string_view text);
inline std::string EscapeAttribute(std::string_view text) { return EscapeText(text); }
void AppendEscaped(std::string& out, std::string_view text);

// Thousands separators, as Japanese and English readers both write them: 1,204.
std::string FormatCount(uint64_t value);
std::string FormatSigned(int64_t value);  // -1,204
// Fixed decimals with separators: FormatDecimal(1234.5, 1) = "1,234.5". NaN and infinities
// give "-".
std::string FormatDecimal(double value, int decimals);

// Times are shown in Japan's time zone (UTC+9, no daylight saving since 1951) whatever the
// process's TZ is: the readers are in Japan and the report must not change with the server.
struct CivilTime {
  int64_t year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  int hour = 0;
  int minute = 0;
  int second = 0;
};
inline constexpr int64_t kTokyoOffsetSeconds = 9 * 3600;
CivilTime TokyoTime(int64_t epoch_seconds);
std::string FormatDate(int64_t epoch_seconds);      // "2026-11-23"
std::string FormatDateTime(int64_t epoch_seconds);  // "2026-11-23 09:15 JST"
// A duration in words of the language: "2 時間 5 分" / "2 h 5 min", "12 秒" / "12 s".
std::string FormatDuration(double seconds, Lang lang);

// The shared stylesheet: Japanese font stack, readable from ~800 px to a 1280 px laptop
// and wider, print-friendly (@media print), no external resources. Class names it styles are
// listed at its top (page header, .facts, .cards, .charts, table.data, .badge, .risk-*,
// forms, the chart classes of charts.h).
std::string_view StyleSheet();

// `<!DOCTYPE html>` up to and including `<body>`: charset, viewport, escaped title, the
// stylesheet inline. `extra_head` is inserted raw before `</head>` (a CSP meta tag, page
// specific CSS): it must be trusted markup.
std::string PageStart(Lang lang, std::string_view title, std::string_view extra_head = {});
std::string_view PageEnd();  // "</body></html>\n"

}  // namespace mamori::inventory
