// JSON for scripts (same session cookie, same filters as the pages, GET only): the pages
// themselves never need it.
#include <chrono>
#include <nlohmann/json.hpp>

#include "inventory/i18n.h"
#include "policy/policy.h"
#include "serve/internal/console.h"
#include "serve/internal/filters.h"
#include "serve/internal/layout.h"

namespace mamori::serve::internal {
namespace {

constexpr uint32_t kMaxApiLimit = 1000;
// As the findings page's (findings_page.cc): a count stops at this many files.
constexpr uint64_t kApiCountBound = 10'000;

Response Json(const nlohmann::json& value, int status = 200) {
  // Replacement characters for bytes that are not UTF-8, rather than an exception.
  return WithBody(status, value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

nlohmann::json Group(const store::Overview::Group& group) {
  return {{"key", group.key},
          {"files", group.files},
          {"files_with_findings", group.files_with_findings},
          {"people", group.people},
          {"violations", group.violations},
          {"unacknowledged", group.unacknowledged}};
}

}  // namespace

Response FindingsApi(Console& console, const Request& request) {
  const FindingsQuery query = ParseFindingsQuery(request.params);
  uint32_t limit = console.options.page_size;
  if (const std::string& text = request.Param("limit"); !text.empty()) {
    limit = static_cast<uint32_t>(std::clamp(std::atol(text.c_str()), 1L, long{kMaxApiLimit}));
  }
  // The page's time budget and bounded count (findings_page.cc): a script cannot hold a
  // worker longer than a browser can.
  Result<std::vector<store::FileRow>> rows =
      console.store.ListFindings(query.filter, {.offset = (query.page - 1) * limit,
                                                .limit = limit,
                                                .after_file = query.after,
                                                .before_file = query.before,
                                                .budget = console.options.query_budget});
  if (!rows && rows.error().code == ErrorCode::kLimitExceeded) {
    return Json({{"cut", true},
                 {"message", std::string(T(request, "findings_cut"))},
                 {"page", query.page},
                 {"limit", limit},
                 {"files", nlohmann::json::array()}});
  }
  if (!rows) return Json({{"error", "store"}}, 500);
  Result<store::FindingCount> counted =
      console.store.CountFindingsUpTo(query.filter, kApiCountBound, console.options.query_budget);
  store::FindingCount total;
  if (counted) {
    total = *counted;
  } else if (counted.error().code == ErrorCode::kLimitExceeded) {
    total = {(query.page - 1) * limit + rows->size(), false};
  } else {
    return Json({{"error", "store"}}, 500);
  }
  nlohmann::json files = nlohmann::json::array();
  for (const store::FileRow& row : *rows) {
    nlohmann::json items = nlohmann::json::object();
    for (Item item : kAllItems) {
      const uint64_t count = row.items[static_cast<size_t>(item)];
      if (count > 0) items[std::string(ItemName(item))] = count;
    }
    nlohmann::json violations = nlohmann::json::array();
    for (const policy::Violation& violation : row.assessment.violations) {
      nlohmann::json entry = {
          {"rule", violation.rule},
          {"kind", policy::RuleKindName(violation.kind)},
          {"evidence", inventory::EvidenceText(violation.evidence, request.lang)}};
      // The facts as stored, for tools that word or filter them themselves.
      if (policy::IsEncodedEvidence(violation.evidence)) {
        entry["facts"] = nlohmann::json::parse(violation.evidence);
      }
      violations.push_back(std::move(entry));
    }
    nlohmann::json file = {{"id", row.file_id},
                           {"path", row.display_path},
                           {"share", row.share},
                           {"zone", row.assessment.zone},
                           {"owner", row.assessment.owner},
                           {"risk", row.assessment.risk},
                           {"risk_band", policy::RiskBandName(policy::BandOf(row.assessment.risk))},
                           {"people", row.people},
                           {"records", row.records},
                           {"items", items},
                           {"violations", violations},
                           {"mtime", row.mtime},
                           {"acknowledged", row.acknowledgement.has_value()}};
    if (row.acknowledgement) {
      file["acknowledgement"] = {{"owner", row.acknowledgement->owner},
                                 {"due_date", row.acknowledgement->due_date},
                                 {"rule", row.acknowledgement->rule},
                                 {"by_user", row.acknowledgement->by_user},
                                 {"at", row.acknowledgement->at}};
    }
    files.push_back(std::move(file));
  }
  // total_exact false: at least `total` files match (counting stops at kApiCountBound).
  return Json({{"total", total.files},
               {"total_exact", total.exact},
               {"page", query.page},
               {"limit", limit},
               {"files", files}});
}

Response OverviewApi(Console& console, const Request& /*request*/) {
  Result<std::shared_ptr<const Console::DashboardData>> data = LoadDashboard(console);
  if (!data) return Json({{"error", "store"}}, 500);
  const store::Overview& overview = (*data)->overview;
  auto groups = [](const std::vector<store::Overview::Group>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& group : list) out.push_back(Group(group));
    return out;
  };
  nlohmann::json trend = nlohmann::json::array();
  for (const store::TrendPoint& point : (*data)->trend) {
    trend.push_back({{"scan", point.scan_id},
                     {"started_at", point.started_at},
                     {"files_with_findings", point.files_with_findings},
                     {"people", point.people},
                     {"violations", point.violations}});
  }
  return Json({{"latest_scan", overview.latest_scan},
               {"latest_scan_at", overview.latest_scan_at},
               {"total", Group(overview.total)},
               {"by_share", groups(overview.by_share)},
               {"by_zone", groups(overview.by_zone)},
               {"by_rule", groups(overview.by_rule)},
               {"by_item", groups(overview.by_item)},
               {"trend", trend}});
}

}  // namespace mamori::serve::internal
