// User administration (admins only): create a user, change a role, disable or enable.
// A change takes effect at once for this console's sessions; another console process sees
// it within a recheck interval (server.cc).
#include "inventory/html.h"
#include "serve/internal/console.h"
#include "serve/internal/layout.h"

namespace mamori::serve::internal {
namespace {

constexpr store::Role kRoles[] = {store::Role::kViewer, store::Role::kOperator,
                                  store::Role::kAdmin};

std::string RoleSelect(const Request& request, store::Role selected) {
  std::string out = "<select name=\"role\">";
  for (store::Role role : kRoles) {
    const std::string name(store::RoleName(role));
    out += "<option value=\"" + name + "\"" + (role == selected ? " selected" : "") + ">" +
           Esc(T(request, "role_" + name)) + "</option>";
  }
  return out + "</select>";
}

Response Render(Console& console, const Request& request, std::string_view message, bool is_error,
                int status) {
  Result<std::vector<store::User>> users = console.store.ListUsers();
  if (!users) return ErrorPage(request, 500, "error_store");
  std::string body;
  if (!message.empty()) {
    body += std::string("<p class=\"") + (is_error ? "error\" role=\"alert\"" : "notice\"") + ">" +
            Esc(T(request, message)) + "</p>";
  }
  body += "<div class=\"table-wrap\"><table class=\"data\" data-testid=\"users\"><thead><tr><th>" +
          Esc(T(request, "login_username")) + "</th><th>" + Esc(T(request, "col_role")) +
          "</th><th>" + Esc(T(request, "col_created")) + "</th><th>" +
          Esc(T(request, "col_status")) + "</th><th></th></tr></thead><tbody>";
  for (const store::User& user : *users) {
    const std::string name = Esc(user.name);
    const std::string hidden =
        CsrfField(request) + "<input type=\"hidden\" name=\"name\" value=\"" + name + "\">";
    body += "<tr data-testid=\"user-row\"><td>" + name + "</td><td>";
    body += "<form class=\"inline\" method=\"post\" action=\"/admin/users\">" + hidden +
            "<input type=\"hidden\" name=\"action\" value=\"role\">" +
            RoleSelect(request, user.role) + "<button type=\"submit\" class=\"secondary\">" +
            Esc(T(request, "users_change_role")) + "</button></form>";
    body += "</td><td>" + Esc(When(user.created_at)) + "</td><td>" +
            Esc(T(request, user.disabled ? "users_disabled" : "users_enabled")) + "</td><td>";
    body += "<form class=\"inline\" method=\"post\" action=\"/admin/users\">" + hidden +
            "<input type=\"hidden\" name=\"action\" value=\"" +
            (user.disabled ? "enable" : "disable") +
            "\"><button type=\"submit\" class=\"secondary\">" +
            Esc(T(request, user.disabled ? "users_enable" : "users_disable")) +
            "</button></form></td></tr>";
  }
  body += "</tbody></table></div>";
  body += "<h2>" + Esc(T(request, "users_create")) + "</h2>";
  body +=
      "<form class=\"stack\" method=\"post\" action=\"/admin/users\" "
      "data-testid=\"user-form\">" +
      CsrfField(request) + "<input type=\"hidden\" name=\"action\" value=\"create\">";
  body += "<label for=\"new-name\">" + Esc(T(request, "login_username")) +
          "</label><input id=\"new-name\" name=\"name\" required maxlength=\"64\" "
          "pattern=\"[A-Za-z0-9._@\\-]+\">";
  body += "<label for=\"new-role\">" + Esc(T(request, "col_role")) + "</label>" +
          RoleSelect(request, store::Role::kViewer);
  body += "<label for=\"new-password\">" + Esc(T(request, "login_password")) +
          "</label><input id=\"new-password\" type=\"password\" name=\"password\" required "
          "minlength=\"8\" autocomplete=\"new-password\">";
  body += "<span></span><div><button type=\"submit\">" + Esc(T(request, "users_create")) +
          "</button></div></form>";
  return HtmlPage(request, "users", T(request, "users_title"), "users-page", body, status);
}

}  // namespace

Response UsersPage(Console& console, const Request& request) {
  return Render(console, request, "", false, 200);
}

Response UsersPost(Console& console, const Request& request) {
  const std::string& action = request.Param("action");
  const std::string& name = request.Param("name");
  if (!ValidUserName(name)) return Render(console, request, "users_error_name", true, 400);
  Result<std::optional<store::User>> existing = console.store.FindUser(name);
  if (!existing) return ErrorPage(request, 500, "error_store");
  const bool self = name == request.session->user;

  if (action == "create") {
    if (*existing) return Render(console, request, "users_error_exists", true, 409);
    const std::optional<store::Role> role = store::RoleFromName(request.Param("role"));
    if (!role) return Render(console, request, "users_error_role", true, 400);
    const std::string& password = request.Param("password");
    if (password.size() < kMinPasswordLength) {
      return Render(console, request, "users_error_password", true, 400);
    }
    Result<std::string> hash = HashPassword(password, console.options.password_cost);
    if (!hash) return ErrorPage(request, 500, "error_internal");
    if (!console.store.PutUser({.name = name,
                                .role = *role,
                                .password_hash = std::move(*hash),
                                .created_at = console.Now(),
                                .disabled = false})) {
      return ErrorPage(request, 500, "error_store");
    }
    return Redirect("/admin/users");
  }

  if (!*existing) return Render(console, request, "users_error_unknown", true, 404);
  store::User user = std::move(**existing);
  if (action == "role") {
    const std::optional<store::Role> role = store::RoleFromName(request.Param("role"));
    if (!role) return Render(console, request, "users_error_role", true, 400);
    // An admin demoting themselves could leave nobody to undo it.
    if (self && *role != store::Role::kAdmin) {
      return Render(console, request, "users_error_self", true, 400);
    }
    user.role = *role;
  } else if (action == "disable" || action == "enable") {
    if (self) return Render(console, request, "users_error_self", true, 400);
    user.disabled = action == "disable";
  } else {
    return Render(console, request, "users_error_action", true, 400);
  }
  if (!console.store.PutUser(user)) return ErrorPage(request, 500, "error_store");
  if (user.disabled) {
    console.sessions.RemoveUser(user.name);
  } else {
    console.sessions.Confirm(user.name, user.role, console.Now());
  }
  return Redirect("/admin/users");
}

}  // namespace mamori::serve::internal
