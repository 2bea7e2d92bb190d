// The console's shared state and the request/response shapes its pages work on. Pages are
// plain functions of (Console&, Request) → Response, so that only server.cc sees the HTTP
// library, and the routing, sessions, CSRF and roles live in one place.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/i18n.h"
#include "serve/internal/cache.h"
#include "serve/internal/session.h"
#include "serve/internal/throttle.h"
#include "serve/server.h"
#include "store/store.h"

namespace mamori::serve::internal {

using Params = std::multimap<std::string, std::string>;

struct Request {
  std::string method;
  std::string path;
  std::string query;    // the raw query string, without "?"
  Params params;        // the query string and, for a POST, the url-encoded form
  std::string path_id;  // the number in /files/<id>
  std::string remote_addr;
  inventory::Lang lang = inventory::kDefaultLang;
  std::optional<Session> session;  // set on every page but the login page

  // The first value of `name`, or "".
  const std::string& Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "text/html; charset=utf-8";
  std::string location;              // set: a 303 redirect there
  std::vector<std::string> cookies;  // Set-Cookie values
};

// A 303 to `location` (post/redirect/get).
Response Redirect(std::string location);
Response WithBody(int status, std::string body, std::string content_type);

// What every page may use. Thread-safe: the store is, the session table and throttle lock
// themselves, the caches too.
struct Console {
  Console(store::Store& store_in, const ServeOptions& options_in);
  int64_t Now() const;
  // Changes whenever what the dashboard and lists show may have changed: a new or finished
  // scan (looked up at most once a second), an acknowledgement through this console, or,
  // while a scan is running, every few seconds.
  std::string Generation();
  void Changed() { ++local_changes; }

  store::Store& store;
  const ServeOptions options;
  SessionStore sessions;
  LoginThrottle throttle;
  std::atomic<uint64_t> local_changes{0};
  // Filled by the dashboard, also used for the findings filters' choices.
  struct DashboardData {
    store::Overview overview;
    std::vector<store::TrendPoint> trend;
    std::optional<store::ScanRow> latest_scan;
  };
  OnceCache<DashboardData> dashboard_cache{8};
  OnceCache<std::vector<store::FileRow>> list_cache{512};
  OnceCache<store::FindingCount> count_cache{512};

 private:
  std::atomic<int64_t> generation_checked_at_{-1};
  std::mutex generation_mutex_;  // guards scan_generation_
  std::string scan_generation_ = "unknown";
};

Result<std::shared_ptr<const Console::DashboardData>> LoadDashboard(Console& console);

// Pages (pages/*.cc). REQUIRES: the caller checked the session, its role and, for a POST,
// its CSRF token.
Response LoginPage(Console& console, const Request& request, std::string_view login_csrf,
                   std::string_view error, int status);
Response DashboardPage(Console& console, const Request& request);
Response FindingsPage(Console& console, const Request& request);
Response FilePage(Console& console, const Request& request);
Response AcknowledgePost(Console& console, const Request& request);
Response ScansPage(Console& console, const Request& request);
Response UsersPage(Console& console, const Request& request);
Response UsersPost(Console& console, const Request& request);
Response FindingsApi(Console& console, const Request& request);
Response OverviewApi(Console& console, const Request& request);
// A plain page with one message: 403, 404, 500.
Response ErrorPage(const Request& request, int status, std::string_view message_id);

}  // namespace mamori::serve::internal
