#include "serve/internal/console.h"
#include "serve/internal/layout.h"

namespace mamori::serve::internal {

Response LoginPage(Console& /*console*/, const Request& request, std::string_view login_csrf,
                   std::string_view error, int status) {
  std::string body = "<div class=\"login\">";
  if (!error.empty()) {
    body += "<p class=\"error\" role=\"alert\" data-testid=\"login-error\">" +
            Esc(T(request, error)) + "</p>";
  }
  body += "<form method=\"post\" action=\"/login\" data-testid=\"login-form\">";
  body += "<input type=\"hidden\" name=\"csrf\" value=\"" + Esc(login_csrf) + "\">";
  body += "<label for=\"username\">" + Esc(T(request, "login_username")) +
          "</label><input id=\"username\" name=\"username\" autocomplete=\"username\" required "
          "autofocus value=\"" +
          Esc(request.Param("username")) + "\">";
  body += "<label for=\"password\">" + Esc(T(request, "login_password")) +
          "</label><input id=\"password\" type=\"password\" name=\"password\" "
          "autocomplete=\"current-password\" required>";
  body += "<button type=\"submit\" data-testid=\"login-submit\">" +
          Esc(T(request, "login_submit")) + "</button></form></div>";
  return HtmlPage(request, "", T(request, "login_title"), "login", body, status);
}

}  // namespace mamori::serve::internal
