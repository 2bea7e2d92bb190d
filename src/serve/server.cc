#include "serve/server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <string>

#include "serve/internal/console.h"
#include "serve/internal/crypto.h"
#include "serve/internal/layout.h"

namespace mamori::serve {
namespace {

using internal::Console;
using internal::Request;
using internal::Response;

constexpr std::string_view kSessionCookie = "mamori_session";
constexpr std::string_view kLoginCookie = "mamori_login";
constexpr std::string_view kLangCookie = "mamori_lang";
// How long a session's role is trusted before the store is asked again, so that a user
// disabled or demoted with `mamori user` loses access within this time.
constexpr int64_t kRecheckSeconds = 30;
// The listening socket's queue of connections not yet accepted. Debian's cpp-httplib is a
// compiled library built with a backlog of 5: when fifty browsers (or wrk's 50 clients)
// connect at once, the kernel drops the SYNs beyond it and each of those clients waits a
// 1-3 s SYN retransmission before its first page (measured: p99 950 ms and 2 s timeouts on
// pages the console answers in 2 ms). listen() again on the bound socket raises it.
constexpr int kListenBacklog = 1024;

enum class Access { kViewer, kOperator, kAdmin };

bool Allows(store::Role role, Access access) {
  switch (access) {
    case Access::kViewer:
      return true;
    case Access::kOperator:
      return role == store::Role::kOperator || role == store::Role::kAdmin;
    case Access::kAdmin:
      return role == store::Role::kAdmin;
  }
  return false;
}

std::string CookieValue(const httplib::Request& in, std::string_view name) {
  const std::string header = in.get_header_value("Cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    const size_t end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
  }
  return {};
}

// SameSite=Strict: the browser never sends the cookie with a request started by another
// site, the first defence against CSRF (the token is the second). No Secure flag: the
// console speaks plain HTTP on loopback; behind a TLS proxy the proxy may add it.
std::string Cookie(std::string_view name, std::string_view value, int64_t max_age) {
  std::string cookie =
      std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Strict";
  if (max_age >= 0) cookie += "; Max-Age=" + std::to_string(max_age);
  return cookie;
}

void SecurityHeaders(httplib::Response& http) {
  // Pages carry no script at all; the stylesheet is a same-origin file and the charts are
  // inline SVG with classes, so nothing inline needs an exception.
  http.set_header("Content-Security-Policy",
                  "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  http.set_header("X-Frame-Options", "DENY");
  http.set_header("X-Content-Type-Options", "nosniff");
  // Not "no-referrer": under it Chromium sends "Origin: null" on the console's own form
  // posts, which the same-origin check must refuse (found by tests/e2e).
  http.set_header("Referrer-Policy", "same-origin");
  http.set_header("Cross-Origin-Opener-Policy", "same-origin");
  if (!http.has_header("Cache-Control")) http.set_header("Cache-Control", "no-store");
}

void Send(const Response& response, httplib::Response& http) {
  for (const std::string& cookie : response.cookies) http.headers.emplace("Set-Cookie", cookie);
  if (!response.location.empty()) {
    http.status = 303;
    http.set_header("Location", response.location);
    return;
  }
  http.status = response.status;
  http.set_content(response.body, response.content_type.c_str());
}

// A browser names the page a POST came from; one from another origin is refused even before
// its CSRF token is looked at. Clients that send no Origin (curl, old browsers) rely on the
// token alone.
bool SameOrigin(const httplib::Request& in) {
  if (!in.has_header("Origin")) return true;
  const std::string origin = in.get_header_value("Origin");
  return origin == "http://" + in.get_header_value("Host") ||
         origin == "https://" + in.get_header_value("Host");
}

Request MakeRequest(Console& console, const httplib::Request& in) {
  Request request;
  request.method = in.method;
  request.path = in.path;
  const size_t question = in.target.find('?');
  if (question != std::string::npos) request.query = in.target.substr(question + 1);
  request.params.insert(in.params.begin(), in.params.end());
  if (in.matches.size() > 1) request.path_id = in.matches[1];
  request.remote_addr = in.remote_addr;
  request.lang = console.options.lang;
  if (auto lang = inventory::LangFromName(CookieValue(in, kLangCookie))) request.lang = *lang;
  if (auto lang = inventory::LangFromName(request.Param("lang"))) request.lang = *lang;
  return request;
}

// A ?lang= link sets the language for the following pages too (the per-user switch).
void RememberLang(const Request& request, Response& response) {
  if (inventory::LangFromName(request.Param("lang"))) {
    response.cookies.push_back(
        Cookie(kLangCookie, inventory::LangName(request.lang), 365 * 24 * 3600));
  }
}

}  // namespace

struct Server::Impl {
  Impl(store::Store& store, const ServeOptions& options) : console(store, options) {}

  // Sessions, roles and CSRF for every page but the login page, then the page itself.
  void Guarded(const httplib::Request& in, httplib::Response& out, Access access,
               Response (*page)(Console&, const Request&), bool api = false) {
    Request request = MakeRequest(console, in);
    const int64_t now = console.Now();
    std::string token = CookieValue(in, kSessionCookie);
    request.session = console.sessions.Touch(token, now);
    if (request.session && now - request.session->checked_at >= kRecheckSeconds) {
      Result<std::optional<store::User>> user = console.store.FindUser(request.session->user);
      if (user && (!*user || (*user)->disabled)) {
        console.sessions.RemoveUser(request.session->user);
        request.session.reset();
      } else if (user) {
        console.sessions.Confirm((*user)->name, (*user)->role, now);
        request.session->role = (*user)->role;
      }
    }
    Response response;
    if (!request.session) {
      if (api) {
        response = internal::WithBody(401, "{\"error\":\"login required\"}", "application/json");
      } else if (request.method == "GET") {
        response.location = "/login";
      } else {
        response = internal::ErrorPage(request, 403, "error_forbidden");
      }
    } else if (!Allows(request.session->role, access)) {
      response = internal::ErrorPage(request, 403, "error_role");
    } else if (request.method == "POST" &&
               (!SameOrigin(in) ||
                !internal::ConstantTimeEquals(request.Param("csrf"), request.session->csrf))) {
      response = internal::ErrorPage(request, 403, "error_csrf");
    } else {
      response = page(console, request);
    }
    RememberLang(request, response);
    Send(response, out);
  }

  void LoginGet(const httplib::Request& in, httplib::Response& out) {
    Request request = MakeRequest(console, in);
    if (console.sessions.Touch(CookieValue(in, kSessionCookie), console.Now())) {
      Response response = internal::Redirect("/dashboard");
      RememberLang(request, response);
      return Send(response, out);
    }
    // Login CSRF: the form must come from this site, proven by a token that is both in a
    // cookie and in the form (another site can make the browser post, but cannot read
    // either).
    std::string login_csrf = CookieValue(in, kLoginCookie);
    Response response;
    if (login_csrf.size() != 64) {
      login_csrf = internal::RandomToken();
      response.cookies.push_back(Cookie(kLoginCookie, login_csrf, -1));
    }
    Response page = internal::LoginPage(console, request, login_csrf, "", 200);
    page.cookies.insert(page.cookies.end(), response.cookies.begin(), response.cookies.end());
    RememberLang(request, page);
    Send(page, out);
  }

  void LoginPost(const httplib::Request& in, httplib::Response& out) {
    Request request = MakeRequest(console, in);
    const std::string login_csrf = CookieValue(in, kLoginCookie);
    if (login_csrf.size() != 64 || !SameOrigin(in) ||
        !internal::ConstantTimeEquals(request.Param("csrf"), login_csrf)) {
      return Send(internal::ErrorPage(request, 403, "error_csrf"), out);
    }
    const int64_t now = console.Now();
    const std::string& name = request.Param("username");
    const std::string& password = request.Param("password");
    const std::string user_key = "user:" + name;
    const std::string addr_key = "addr:" + request.remote_addr;
    if (std::max(console.throttle.RetryAfter(user_key, now),
                 console.throttle.RetryAfter(addr_key, now)) > 0) {
      return Send(internal::LoginPage(console, request, login_csrf, "login_throttled", 429), out);
    }
    Result<std::optional<store::User>> user = console.store.FindUser(name);
    if (!user) {
      return Send(internal::ErrorPage(request, 500, "error_store"), out);
    }
    // An unknown user costs the same hash as a known one, so timing does not tell which
    // names exist.
    static const std::string dummy =
        HashPassword("mamori-dummy", console.options.password_cost).value_or("");
    const bool known = user->has_value() && !(*user)->disabled;
    const bool ok = VerifyPassword(known ? (*user)->password_hash : dummy, password) && known;
    if (!ok) {
      console.throttle.Failure(user_key, now);
      console.throttle.Failure(addr_key, now);
      return Send(internal::LoginPage(console, request, login_csrf, "login_failed", 401), out);
    }
    console.throttle.Success(user_key);
    const std::string token = console.sessions.Create((*user)->name, (*user)->role, now);
    Response response = internal::Redirect("/dashboard");
    response.cookies.push_back(Cookie(kSessionCookie, token, -1));
    response.cookies.push_back(Cookie(kLoginCookie, "", 0));
    RememberLang(request, response);
    Send(response, out);
  }

  void Logout(const httplib::Request& in, httplib::Response& out) {
    Request request = MakeRequest(console, in);
    const std::string token = CookieValue(in, kSessionCookie);
    std::optional<internal::Session> session = console.sessions.Touch(token, console.Now());
    if (!session || !SameOrigin(in) ||
        !internal::ConstantTimeEquals(request.Param("csrf"), session->csrf)) {
      return Send(internal::ErrorPage(request, 403, "error_csrf"), out);
    }
    console.sessions.Remove(token);
    Response response = internal::Redirect("/login");
    response.cookies.push_back(Cookie(kSessionCookie, "", 0));
    Send(response, out);
  }

  void Routes() {
    using H = const httplib::Request&;
    using R = httplib::Response&;
    http.set_socket_options([this](socket_t sock) {
      httplib::default_socket_options(sock);
      listen_socket = sock;
    });
    http.new_task_queue = [threads = console.options.threads] {
      return new httplib::ThreadPool(threads);
    };
    // Keep-alive connections each hold a worker; a bounded count and timeout make idle
    // browsers give their worker back.
    http.set_keep_alive_max_count(100000);
    // A response goes out as headers then body; with Nagle's algorithm the body waits for
    // the client's delayed ACK of the headers, 40 ms on Linux.
    http.set_tcp_nodelay(true);
    http.set_keep_alive_timeout(5);
    http.set_payload_max_length(64 * 1024);
    http.set_post_routing_handler([](H, R out) { SecurityHeaders(out); });
    http.set_error_handler([this](H in, R out) {
      if (!out.body.empty()) return;
      Request request = MakeRequest(console, in);
      Response response = internal::ErrorPage(
          request, out.status, out.status == 404 ? "error_not_found" : "error_bad_request");
      out.set_content(response.body, response.content_type.c_str());
    });
    http.set_exception_handler([this](H in, R out, std::exception_ptr) {
      Request request = MakeRequest(console, in);
      Response response = internal::ErrorPage(request, 500, "error_internal");
      out.status = 500;
      out.set_content(response.body, response.content_type.c_str());
    });
    http.Get("/static/console.css", [](H, R out) {
      out.set_header("Cache-Control", "max-age=3600");
      out.set_content(std::string(internal::ConsoleStyleSheet()), "text/css; charset=utf-8");
    });
    http.Get("/login", [this](H in, R out) { LoginGet(in, out); });
    http.Post("/login", [this](H in, R out) { LoginPost(in, out); });
    http.Post("/logout", [this](H in, R out) { Logout(in, out); });
    http.Get("/favicon.ico", [](H, R out) { out.status = 204; });
    http.Get("/",
             [this](H in, R out) { Guarded(in, out, Access::kViewer, internal::DashboardPage); });
    http.Get("/dashboard",
             [this](H in, R out) { Guarded(in, out, Access::kViewer, internal::DashboardPage); });
    http.Get("/findings",
             [this](H in, R out) { Guarded(in, out, Access::kViewer, internal::FindingsPage); });
    http.Get(R"(/files/(\d{1,18}))",
             [this](H in, R out) { Guarded(in, out, Access::kViewer, internal::FilePage); });
    http.Post(R"(/files/(\d{1,18})/ack)", [this](H in, R out) {
      Guarded(in, out, Access::kOperator, internal::AcknowledgePost);
    });
    http.Get("/scans",
             [this](H in, R out) { Guarded(in, out, Access::kViewer, internal::ScansPage); });
    http.Get("/admin/users",
             [this](H in, R out) { Guarded(in, out, Access::kAdmin, internal::UsersPage); });
    http.Post("/admin/users",
              [this](H in, R out) { Guarded(in, out, Access::kAdmin, internal::UsersPost); });
    http.Get("/api/findings", [this](H in, R out) {
      Guarded(in, out, Access::kViewer, internal::FindingsApi, true);
    });
    http.Get("/api/overview", [this](H in, R out) {
      Guarded(in, out, Access::kViewer, internal::OverviewApi, true);
    });
  }

  Console console;
  httplib::Server http;
  int port = 0;
  socket_t listen_socket = -1;  // set when http creates its listening socket
};

Status CheckListenAddress(std::string_view host, bool allow_remote) {
  std::string bare(host);
  if (bare.size() >= 2 && bare.front() == '[' && bare.back() == ']') {
    bare = bare.substr(1, bare.size() - 2);
  }
  bool loopback = bare == "localhost";
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, bare.c_str(), &v4) == 1) {
    loopback = (ntohl(v4.s_addr) >> 24) == 127;
  } else if (inet_pton(AF_INET6, bare.c_str(), &v6) == 1) {
    loopback = IN6_IS_ADDR_LOOPBACK(&v6);
  }
  if (loopback || allow_remote) return Ok();
  return MakeError(ErrorCode::kInvalidArgument,
                   "refusing to listen on " + bare +
                       ": the console would answer the whole network over plain HTTP; pass "
                       "--allow-remote if that is intended (behind a TLS reverse proxy)");
}

Status ParseListen(std::string_view listen, ServeOptions& options) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos) {
    return MakeError(ErrorCode::kInvalidArgument, "--listen wants HOST:PORT");
  }
  std::string_view host = listen.substr(0, colon);
  const std::string_view port_text = listen.substr(colon + 1);
  int port = -1;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port < 0 ||
      port > 65535) {
    return MakeError(ErrorCode::kInvalidArgument, "--listen: bad port");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (!host.empty()) options.host = std::string(host);
  options.port = port;
  return Ok();
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Create(store::Store& store, const ServeOptions& options) {
  if (Status status = CheckListenAddress(options.host, options.allow_remote); !status) {
    return tl::unexpected(status.error());
  }
  if (options.threads == 0) return MakeError(ErrorCode::kInvalidArgument, "--threads: 0");
  if (!internal::InitSodium()) return MakeError(ErrorCode::kIo, "libsodium failed to start");
  auto impl = std::make_unique<Impl>(store, options);
  impl->Routes();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Result<int> Server::Bind() {
  const ServeOptions& options = impl_->console.options;
  int port = options.port;
  if (port == 0) {
    port = impl_->http.bind_to_any_port(options.host);
  } else if (!impl_->http.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return MakeError(ErrorCode::kIo,
                     "cannot listen on " + options.host + ":" + std::to_string(options.port));
  }
  if (impl_->listen_socket >= 0 && ::listen(impl_->listen_socket, kListenBacklog) != 0) {
    return MakeError(ErrorCode::kIo,
                     "cannot raise the listen backlog: " + std::string(std::strerror(errno)));
  }
  impl_->port = port;
  return port;
}

Status Server::Run() {
  if (!impl_->http.listen_after_bind()) {
    return MakeError(ErrorCode::kIo, "the console stopped listening");
  }
  return Ok();
}

void Server::Stop() { impl_->http.stop(); }

}  // namespace mamori::serve
