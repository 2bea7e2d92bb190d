// The findings list: files with personal data, filtered and ranked. A page of rows and the
// total are each cached per filter and generation, so that many clients reading the same
// list cost one query; the store answers a page from its indexes, and counts no further than
// kCountBound (the dashboard's rollups give the exact figure where they hold the filter).
#include <chrono>
#include <span>

#include "inventory/html.h"
#include "serve/internal/console.h"
#include "serve/internal/filters.h"
#include "serve/internal/layout.h"

namespace mamori::serve::internal {
namespace {

// The count stops here (store::Store::CountFindingsUpTo): "10,000+ files".
constexpr uint64_t kCountBound = 10'000;
// The count gets what the list left of ServeOptions::query_budget (the safety net under the
// store's plans: a filter they cannot answer quickly gives up rather than hold a worker for
// seconds), and at least a fifth of it.
constexpr int kCountFloorDivisor = 5;

bool Cut(const Error& error) { return error.code == ErrorCode::kLimitExceeded; }

std::string Option(std::string_view value, std::string_view label, std::string_view selected) {
  return "<option value=\"" + Esc(value) + "\"" + (value == selected ? " selected" : "") + ">" +
         Esc(label) + "</option>";
}

std::string Select(const Request& request, std::string_view name, std::string_view label_id,
                   const std::vector<std::pair<std::string, std::string>>& choices,
                   std::string_view selected) {
  std::string out =
      "<label>" + Esc(T(request, label_id)) + "<select name=\"" + std::string(name) + "\">";
  bool found = false;
  for (const auto& [value, label] : choices) {
    out += Option(value, label, selected);
    found = found || value == selected;
  }
  // A value from a link (an old share) that the overview no longer lists stays selectable.
  if (!found) out += Option(selected, selected, selected);
  out += "</select></label>";
  return out;
}

std::string FilterForm(const Request& request, const store::FindingFilter& filter,
                       const store::Overview& overview) {
  const std::string any(T(request, "filter_any"));
  std::vector<std::pair<std::string, std::string>> shares = {{"", any}};
  for (const auto& group : overview.by_share) shares.emplace_back(group.key, group.key);
  std::vector<std::pair<std::string, std::string>> zones = {{"", any}};
  for (const auto& group : overview.by_zone) {
    if (!group.key.empty()) zones.emplace_back(group.key, group.key);
  }
  std::vector<std::pair<std::string, std::string>> rules = {{"", any}};
  for (const auto& group : overview.by_rule) rules.emplace_back(group.key, group.key);
  const std::vector<std::pair<std::string, std::string>> states = {
      {"any", any},
      {"open", std::string(T(request, "state_open"))},
      {"acknowledged", std::string(T(request, "state_acknowledged"))}};
  std::vector<std::pair<std::string, std::string>> orders;
  for (store::FindingOrder order : {store::FindingOrder::kRisk, store::FindingOrder::kPeople,
                                    store::FindingOrder::kPath, store::FindingOrder::kModified}) {
    orders.emplace_back(OrderName(order),
                        std::string(T(request, "order_" + std::string(OrderName(order)))));
  }
  std::string out =
      "<form class=\"filters\" method=\"get\" action=\"/findings\" "
      "data-testid=\"filters\">";
  out += Select(request, "share", "col_share", shares, filter.share);
  out += Select(request, "zone", "col_zone", zones, filter.zone);
  out += Select(request, "rule", "col_rule", rules, filter.rule);
  out += "<label>" + Esc(T(request, "filter_min_risk")) +
         "<input type=\"number\" name=\"min_risk\" min=\"0\" step=\"any\" size=\"6\" value=\"" +
         (filter.min_risk > 0 ? inventory::FormatDecimal(filter.min_risk, 1) : std::string()) +
         "\"></label>";
  out += Select(request, "state", "filter_state", states, AckStateName(filter.ack));
  out += "<label>" + Esc(T(request, "filter_q")) + "<input type=\"search\" name=\"q\" value=\"" +
         Esc(filter.path_contains) + "\"></label>";
  out += Select(request, "order", "filter_order", orders, OrderName(filter.order));
  out += "<button type=\"submit\">" + Esc(T(request, "filter_apply")) + "</button>";
  out += " <a href=\"/findings\">" + Esc(T(request, "filter_reset")) + "</a>";
  out += "</form>";
  return out;
}

std::string Row(const Request& request, const store::FileRow& row) {
  std::string out = "<tr data-testid=\"finding-row\"><td>" + RiskBadge(row.assessment.risk) +
                    "</td><td class=\"path\"><a data-testid=\"file-link\" href=\"/files/" +
                    std::to_string(row.file_id) + "\">" + Esc(row.display_path) + "</a>";
  if (row.outcome != report::Outcome::kComplete) {
    out += " <span class=\"badge\">" +
           Esc(T(request, "outcome_" + std::string(report::OutcomeName(row.outcome)))) + "</span>";
  }
  out += "</td><td class=\"num\">" + inventory::FormatCount(row.people) +
         (row.people_exact ? "" : "+") + "</td><td>";
  // Badges wrap between items, never inside one (Japanese text breaks at any character).
  for (Item item : kAllItems) {
    if (row.items[static_cast<size_t>(item)] == 0) continue;
    out += "<span class=\"badge\">" + Esc(ItemLabel(request, item)) + "</span> ";
  }
  out += "</td><td>" + Esc(ZoneLabel(request, row.assessment.zone)) + "</td><td>";
  bool first = true;
  for (const policy::Violation& violation : row.assessment.violations) {
    if (!first) out += " ";
    out += "<span class=\"badge\">" + Esc(violation.rule) + "</span>";
    first = false;
  }
  out += "</td><td class=\"wide\">" + Esc(row.assessment.owner) + "</td><td>";
  if (row.acknowledgement) {
    out += "<span class=\"badge\">" + Esc(T(request, "state_acknowledged")) + "</span> " +
           Esc(row.acknowledgement->due_date);
  }
  out += "</td><td class=\"num wide\">" + inventory::FormatDate(row.mtime) + "</td></tr>";
  return out;
}

}  // namespace

Response FindingsPage(Console& console, const Request& request) {
  const FindingsQuery query = ParseFindingsQuery(request.params);
  const store::FindingFilter& filter = query.filter;
  const uint32_t page_size = console.options.page_size;
  const std::string key = FindingsQueryString(filter);
  const std::string generation = console.Generation();
  Result<std::shared_ptr<const Console::DashboardData>> dashboard = LoadDashboard(console);
  if (!dashboard) return ErrorPage(request, 500, "error_store");
  // The "next" and "previous" links carry the first or last file shown (keyset paging), so a
  // deep page costs what the first does. A page number alone is an OFFSET, as deep as the
  // count's bound.
  const std::chrono::microseconds budget = console.options.query_budget;
  store::Page page{.limit = page_size + 1, .budget = budget};
  uint64_t number = query.page;
  if (query.after != 0) {
    page.after_file = query.after;
  } else if (query.before != 0) {
    page.before_file = query.before;
  } else {
    number = std::min(query.page, std::max<uint64_t>(1, kCountBound / page_size));
    page.offset = (number - 1) * page_size;
  }
  const auto started = std::chrono::steady_clock::now();
  // A cut list or count is not cached (OnceCache keeps no error): the next view tries again.
  auto rows = console.list_cache.Get(
      key + "#" + std::to_string(number) + "/" + std::to_string(page_size) + "/" +
          std::to_string(query.after) + "/" + std::to_string(query.before),
      generation, [&] { return console.store.ListFindings(filter, page); });
  const bool cut = !rows && Cut(rows.error());
  if (!rows && !cut) return ErrorPage(request, 500, "error_store");
  const std::vector<store::FileRow> none;
  std::span<const store::FileRow> shown(cut ? none : **rows);
  store::FindingCount total;
  if (!cut && page.offset == 0 && page.after_file == 0 && page.before_file == 0 &&
      shown.size() <= page_size) {
    total = {shown.size(), true};  // the first page holds every match: that is the count
  } else if (!cut) {
    const auto spent = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started);
    const std::chrono::microseconds left = std::max(budget / kCountFloorDivisor, budget - spent);
    auto count = console.count_cache.Get(key, generation, [&] {
      return console.store.CountFindingsUpTo(filter, kCountBound, left);
    });
    if (count) {
      total = **count;
    } else if (Cut(count.error())) {
      // The rows are right; of the count only what they show is known.
      total = {page.offset + shown.size(), false};
    } else {
      return ErrorPage(request, 500, "error_store");
    }
  }

  // One row more than shown says whether there is a page beyond (before the rows, when
  // paging back).
  const bool extra = shown.size() > page_size;
  if (extra)
    shown = query.before != 0 && query.after == 0 ? shown.subspan(1) : shown.first(page_size);
  const bool backward = query.before != 0 && query.after == 0;
  if (backward && !extra) number = 1;  // nothing before these: the first page
  const bool has_next = backward || extra;
  const bool has_prev = number > 1;
  std::string body = FilterForm(request, filter, (*dashboard)->overview);
  const uint64_t pages = std::max<uint64_t>(1, (total.files + page_size - 1) / page_size);
  if (cut) {
    body += "<p class=\"notice\" data-testid=\"findings-cut\">" + Esc(T(request, "findings_cut")) +
            "</p>";
  } else {
    body +=
        "<p data-testid=\"findings-count\">" +
        (total.exact ? Tf(request, "findings_count",
                          {inventory::FormatCount(total.files), inventory::FormatCount(number),
                           inventory::FormatCount(std::max(pages, number))})
                     : Tf(request, "findings_count_more",
                          {inventory::FormatCount(total.files), inventory::FormatCount(number)})) +
        "</p>";
  }
  body += "<div class=\"table-wrap\"><table class=\"data\" data-testid=\"findings\"><thead><tr>";
  const std::string base = key.empty() ? "" : key + "&";
  for (std::string_view column :
       {"risk", "path", "people", "items", "zone", "violations", "owner", "ack", "modified"}) {
    const std::string label(T(request, "col_" + std::string(column)));
    const bool sortable =
        column == "risk" || column == "path" || column == "people" || column == "modified";
    body += column == "owner" || column == "modified" ? "<th class=\"wide\">" : "<th>";
    if (sortable) {
      store::FindingFilter sorted = filter;
      for (store::FindingOrder order :
           {store::FindingOrder::kRisk, store::FindingOrder::kPeople, store::FindingOrder::kPath,
            store::FindingOrder::kModified}) {
        if (OrderName(order) == column) sorted.order = order;
      }
      body += "<a href=\"/findings?" + Esc(FindingsQueryString(sorted)) + "\">" + Esc(label) +
              (sorted.order == filter.order ? " ▼" : "") + "</a>";
    } else {
      body += Esc(label);
    }
    body += "</th>";
  }
  body += "</tr></thead><tbody>";
  for (const store::FileRow& row : shown) body += Row(request, row);
  if (shown.empty() && !cut) {
    body +=
        "<tr><td colspan=\"9\" class=\"muted\">" + Esc(T(request, "findings_none")) + "</td></tr>";
  }
  body += "</tbody></table></div><nav class=\"pager\">";
  if (has_prev) {
    const std::string cursor =
        number > 2 && !shown.empty() ? "before=" + std::to_string(shown.front().file_id) + "&" : "";
    body += "<a rel=\"prev\" href=\"/findings?" + Esc(base) + cursor +
            "page=" + std::to_string(number - 1) + "\">" + Esc(T(request, "page_prev")) + "</a>";
  }
  if (has_next && !shown.empty()) {
    body += "<a rel=\"next\" href=\"/findings?" + Esc(base) +
            "after=" + std::to_string(shown.back().file_id) +
            "&page=" + std::to_string(number + 1) + "\">" + Esc(T(request, "page_next")) + "</a>";
  }
  body += "<a href=\"/api/findings?" + Esc(key) + "\">JSON</a></nav>";
  return HtmlPage(request, "findings", T(request, "findings_title"), "findings-page", body);
}

}  // namespace mamori::serve::internal
