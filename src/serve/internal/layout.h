// The frame every console page shares: head, navigation, language switch, logout button,
// and small helpers that keep escaping and translation in one place.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "serve/internal/console.h"

namespace mamori::serve::internal {

// The shared stylesheet (inventory/html.h) and the console's few additions, served as
// /static/console.css so that the Content-Security-Policy needs no inline style.
std::string_view ConsoleStyleSheet();

// The console's text for `id` in the request's language.
std::string_view T(const Request& request, std::string_view id);
// T() with {0}, {1}... replaced by the arguments, which are escaped: the result is HTML.
std::string Tf(const Request& request, std::string_view id,
               std::initializer_list<std::string_view> args);

std::string Esc(std::string_view text);  // inventory::EscapeText

// <input type="hidden" name="csrf" ...> for a form of the request's session.
std::string CsrfField(const Request& request);

// The current URL with lang switched to the other language (the data-testid="lang-switch"
// link).
std::string LangSwitchHref(const Request& request);

// `query` parameters (raw, percent-encoded) for a link.
std::string UrlEncode(std::string_view text);

// A whole page: `nav` names the current menu entry ("dashboard", "findings", "scans",
// "users", "" for none); `main_testid` goes on <main data-testid=...>; `body` is trusted
// HTML.
Response HtmlPage(const Request& request, std::string_view nav, std::string_view title,
                  std::string_view main_testid, std::string_view body, int status = 200);

}  // namespace mamori::serve::internal

namespace mamori::serve::internal {

// A risk score as a coloured badge (thresholds in doc/console.md).
std::string RiskBadge(double risk);
// An item's name in the request's language.
std::string_view ItemLabel(const Request& request, Item item);
// A zone id, or the words for "no zone".
std::string ZoneLabel(const Request& request, std::string_view zone);
// "2026-11-23 09:15 JST", or "-" for 0.
std::string When(int64_t epoch_seconds);

}  // namespace mamori::serve::internal
