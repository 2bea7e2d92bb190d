#include "serve/internal/layout.h"

#include "inventory/html.h"
#include "policy/policy.h"
#include "serve/internal/messages.h"

namespace mamori::serve::internal {
namespace {

constexpr std::string_view kConsoleCss = R"css(
/* console additions */
nav.top ul { align-items: center; }
nav.top li.user { margin-left: auto; color: #fff; font-size: 0.9rem; }
nav.top form { margin: 0; }
nav.top button { padding: 2px 10px; background: #fff; color: var(--accent); }
nav.top a.lang { font-size: 0.9rem; }
.pager { display: flex; gap: 16px; align-items: center; margin: 12px 0; }
form.ack, form.stack { display: grid; grid-template-columns: max-content minmax(0, 28em);
                       gap: 8px 12px; align-items: center; margin: 12px 0; }
form.ack textarea { min-height: 4em; }
form.inline { display: inline-flex; gap: 6px; margin: 0; }
ul.acks { list-style: none; padding: 0; }
ul.acks li { border-left: 3px solid var(--accent); padding: 4px 10px; margin: 0 0 8px;
             background: var(--panel); }
.login { max-width: 380px; margin: 40px auto; }
.login form { display: grid; gap: 8px; }
code.sample { font-size: 0.95rem; }
th a { color: inherit; }
td .badge { margin: 1px 0; }
/* Narrow windows keep what decides an action: risk, path, people, items, zone, rules. */
@media (max-width: 1000px) {
  .wide { display: none; }
  table.data td.path { min-width: 12em; }
  form.ack, form.stack { grid-template-columns: minmax(0, 1fr); }
}
)css";

}  // namespace

std::string_view ConsoleStyleSheet() {
  static const std::string css = std::string(inventory::StyleSheet()) + std::string(kConsoleCss);
  return css;
}

std::string_view T(const Request& request, std::string_view id) {
  return Messages().Get(id, request.lang);
}

std::string Tf(const Request& request, std::string_view id,
               std::initializer_list<std::string_view> args) {
  std::vector<std::string> e;
  for (std::string_view arg : args) e.push_back(inventory::EscapeText(arg));
  const std::string_view pattern = T(request, id);
  switch (e.size()) {
    case 0:
      return inventory::Substitute(pattern, {});
    case 1:
      return inventory::Substitute(pattern, {e[0]});
    case 2:
      return inventory::Substitute(pattern, {e[0], e[1]});
    default:
      return inventory::Substitute(pattern, {e[0], e[1], e[2]});
  }
}

std::string Esc(std::string_view text) { return inventory::EscapeText(text); }

std::string CsrfField(const Request& request) {
  if (!request.session) return {};
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + Esc(request.session->csrf) + "\">";
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string LangSwitchHref(const Request& request) {
  std::string href = request.path + "?";
  for (const auto& [name, value] : request.params) {
    if (name == "lang" || name == "csrf" || name == "password") continue;
    href += UrlEncode(name) + "=" + UrlEncode(value) + "&";
  }
  href += request.lang == inventory::Lang::kEn ? "lang=ja" : "lang=en";
  return href;
}

Response HtmlPage(const Request& request, std::string_view nav, std::string_view title,
                  std::string_view main_testid, std::string_view body, int status) {
  std::string page;
  page.reserve(body.size() + 2048);
  page += "<!DOCTYPE html>\n<html lang=\"";
  page += inventory::LangName(request.lang);
  page +=
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  page += Esc(title);
  page += " - mamori</title>\n<link rel=\"stylesheet\" href=\"/static/console.css\">\n";
  page += "</head>\n<body>\n<nav class=\"top\"><ul>";
  if (request.session) {
    const bool admin = request.session->role == store::Role::kAdmin;
    for (std::string_view entry : {"dashboard", "findings", "scans", "users"}) {
      if (entry == "users" && !admin) continue;
      const std::string href = entry == "users" ? "/admin/users" : "/" + std::string(entry);
      page += "<li><a href=\"" + href + "\"";
      if (entry == nav) page += " aria-current=\"page\"";
      page += ">";
      page += T(request, std::string("nav_") + std::string(entry));
      page += "</a></li>";
    }
    page += "<li class=\"user\">" + Esc(request.session->user) + " (" +
            std::string(T(request, std::string("role_") +
                                       std::string(store::RoleName(request.session->role)))) +
            ")</li>";
  } else {
    page += "<li class=\"user\"></li>";
  }
  page += "<li><a class=\"lang\" data-testid=\"lang-switch\" href=\"" +
          Esc(LangSwitchHref(request)) + "\">" + std::string(T(request, "lang_other")) +
          "</a></li>";
  if (request.session) {
    page += "<li><form method=\"post\" action=\"/logout\">" + CsrfField(request) +
            "<button type=\"submit\" data-testid=\"logout\">" + std::string(T(request, "logout")) +
            "</button></form></li>";
  }
  page += "</ul></nav>\n<header class=\"page\"><h1>";
  page += Esc(title);
  page += "</h1></header>\n<main data-testid=\"";
  page += main_testid;
  page += "\">\n";
  page += body;
  page += "\n</main>\n<footer class=\"page\">mamori</footer>\n</body>\n</html>\n";
  return WithBody(status, std::move(page), "text/html; charset=utf-8");
}

Response ErrorPage(const Request& request, int status, std::string_view message_id) {
  std::string body = "<p class=\"error\">" + Esc(T(request, message_id)) + "</p>";
  if (request.session) {
    body += "<p><a href=\"/dashboard\">" + Esc(T(request, "nav_dashboard")) + "</a></p>";
  } else {
    body += "<p><a href=\"/login\">" + Esc(T(request, "login_title")) + "</a></p>";
  }
  return HtmlPage(request, "", T(request, "error_title"), "error", body, status);
}

}  // namespace mamori::serve::internal

namespace mamori::serve::internal {

std::string RiskBadge(double risk) {
  const policy::RiskBand band = policy::BandOf(risk);
  // A listed file scoring 0 still needs attention (a violation without personal data).
  const std::string_view level =
      policy::RiskBandName(band == policy::RiskBand::kNone ? policy::RiskBand::kLow : band);
  return "<span class=\"badge risk-" + std::string(level) + "\">" +
         inventory::FormatDecimal(risk, 1) + "</span>";
}

std::string_view ItemLabel(const Request& request, Item item) {
  return T(request, std::string("item_") + std::string(ItemName(item)));
}

std::string ZoneLabel(const Request& request, std::string_view zone) {
  return zone.empty() ? std::string(T(request, "zone_none")) : std::string(zone);
}

std::string When(int64_t epoch_seconds) {
  return epoch_seconds == 0 ? "-" : inventory::FormatDateTime(epoch_seconds);
}

}  // namespace mamori::serve::internal
