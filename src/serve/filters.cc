#include "serve/internal/filters.h"

#include <charconv>
#include <cmath>

#include "serve/internal/layout.h"

namespace mamori::serve::internal {
namespace {

const std::string& First(const Params& params, const char* name) {
  static const std::string empty;
  const auto it = params.find(name);
  return it == params.end() ? empty : it->second;
}

// Long enough for any real path fragment; bounds the LIKE pattern the store builds.
constexpr size_t kMaxTextParam = 512;

std::string Bounded(const std::string& text) { return text.substr(0, kMaxTextParam); }

// A positive file id, else 0.
int64_t FileId(const std::string& text) {
  int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  return error == std::errc() && end == text.data() + text.size() && id > 0 ? id : 0;
}

}  // namespace

std::string_view OrderName(store::FindingOrder order) {
  switch (order) {
    case store::FindingOrder::kRisk:
      return "risk";
    case store::FindingOrder::kPeople:
      return "people";
    case store::FindingOrder::kPath:
      return "path";
    case store::FindingOrder::kModified:
      return "modified";
  }
  return "risk";
}

std::string_view AckStateName(store::AckState state) {
  switch (state) {
    case store::AckState::kAny:
      return "any";
    case store::AckState::kOpen:
      return "open";
    case store::AckState::kAcknowledged:
      return "acknowledged";
  }
  return "any";
}

FindingsQuery ParseFindingsQuery(const Params& params) {
  FindingsQuery query;
  store::FindingFilter& filter = query.filter;
  filter.share = Bounded(First(params, "share"));
  filter.zone = Bounded(First(params, "zone"));
  filter.rule = Bounded(First(params, "rule"));
  filter.path_contains = Bounded(First(params, "q"));
  if (auto item = ItemFromName(First(params, "item"))) filter.item = *item;
  for (policy::RuleKind kind : {policy::RuleKind::kForbiddenZone, policy::RuleKind::kRetention,
                                policy::RuleKind::kProtection, policy::RuleKind::kAccess}) {
    if (First(params, "kind") == policy::RuleKindName(kind)) filter.kind = kind;
  }
  const std::string& risk = First(params, "min_risk");
  double min_risk = 0;
  const auto [end, error] = std::from_chars(risk.data(), risk.data() + risk.size(), min_risk);
  if (error == std::errc() && end == risk.data() + risk.size() && std::isfinite(min_risk) &&
      min_risk > 0) {
    filter.min_risk = min_risk;
  }
  const std::string& state = First(params, "state");
  if (state == "open") filter.ack = store::AckState::kOpen;
  if (state == "acknowledged") filter.ack = store::AckState::kAcknowledged;
  for (store::FindingOrder order :
       {store::FindingOrder::kPeople, store::FindingOrder::kPath, store::FindingOrder::kModified}) {
    if (First(params, "order") == OrderName(order)) filter.order = order;
  }
  const std::string& page = First(params, "page");
  uint64_t number = 1;
  const auto [page_end, page_error] =
      std::from_chars(page.data(), page.data() + page.size(), number);
  if (page_error == std::errc() && page_end == page.data() + page.size() && number >= 1 &&
      number <= 1'000'000) {
    query.page = number;
  }
  query.after = FileId(First(params, "after"));
  query.before = FileId(First(params, "before"));
  return query;
}

std::string FindingsQueryString(const store::FindingFilter& filter) {
  std::string out;
  auto add = [&out](std::string_view name, std::string_view value) {
    if (value.empty()) return;
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += UrlEncode(value);
  };
  add("share", filter.share);
  add("zone", filter.zone);
  add("rule", filter.rule);
  if (filter.kind) add("kind", policy::RuleKindName(*filter.kind));
  if (filter.item) add("item", ItemName(*filter.item));
  if (filter.min_risk > 0) {
    char buffer[32];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, filter.min_risk);
    if (error == std::errc()) add("min_risk", std::string_view(buffer, end));
  }
  if (filter.ack != store::AckState::kAny) add("state", AckStateName(filter.ack));
  add("q", filter.path_contains);
  if (filter.order != store::FindingOrder::kRisk) add("order", OrderName(filter.order));
  return out;
}

}  // namespace mamori::serve::internal
