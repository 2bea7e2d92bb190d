#include "serve/internal/console.h"

#include <chrono>

namespace mamori::serve::internal {

const std::string& Request::Param(std::string_view name) const {
  static const std::string empty;
  const auto it = params.find(std::string(name));
  return it == params.end() ? empty : it->second;
}

Response Redirect(std::string location) {
  Response response;
  response.location = std::move(location);
  return response;
}

Response WithBody(int status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.content_type = std::move(content_type);
  return response;
}

Console::Console(store::Store& store_in, const ServeOptions& options_in)
    : store(store_in),
      options(options_in),
      sessions(options_in.session_idle_seconds, options_in.session_absolute_seconds),
      throttle(options_in.login_failures_allowed, options_in.throttle_window_seconds,
               options_in.throttle_seconds) {}

int64_t Console::Now() const {
  if (options.clock) return options.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Console::Generation() {
  const int64_t now = Now();
  // Scans are recorded by other processes (mamori scan --db), so the only way to see a new
  // one is to ask the store; once a second, by one request while the others go on with the
  // generation they have, keeps that query off every other request's path.
  int64_t checked = generation_checked_at_.load();
  if (checked != now && generation_checked_at_.compare_exchange_strong(checked, now)) {
    std::string fresh;
    Result<std::vector<store::ScanRow>> history = store.ScanHistory();
    if (!history) {
      fresh = "error:" + std::to_string(now);
    } else if (history->empty()) {
      fresh = "none";
    } else {
      const store::ScanRow& latest = history->front();
      fresh = std::to_string(latest.id) + "." + std::string(store::ScanStatusName(latest.status));
      // A running scan adds files all the time: let its pages age a few seconds at most.
      if (latest.status == store::ScanStatus::kRunning) fresh += "." + std::to_string(now / 5);
    }
    std::lock_guard lock(generation_mutex_);
    scan_generation_ = std::move(fresh);
  }
  std::string scans;
  {
    std::lock_guard lock(generation_mutex_);
    scans = scan_generation_;
  }
  return scans + ":" + std::to_string(local_changes.load());
}

Result<std::shared_ptr<const Console::DashboardData>> LoadDashboard(Console& console) {
  return console.dashboard_cache.Get(
      "dashboard", console.Generation(), [&]() -> Result<Console::DashboardData> {
        Console::DashboardData data;
        Result<store::Overview> overview = console.store.Summarize();
        if (!overview) return tl::unexpected(overview.error());
        data.overview = std::move(*overview);
        Result<std::vector<store::TrendPoint>> trend = console.store.Trend();
        if (!trend) return tl::unexpected(trend.error());
        data.trend = std::move(*trend);
        Result<std::vector<store::ScanRow>> scans = console.store.ScanHistory();
        if (!scans) return tl::unexpected(scans.error());
        if (!scans->empty()) data.latest_scan = std::move(scans->front());
        return data;
      });
}

}  // namespace mamori::serve::internal
