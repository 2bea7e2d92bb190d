#include "policy/internal/risk.h"

#include <algorithm>
#include <cmath>

namespace mamori::policy::internal {

// A product, so that each factor scales the others: a thousand people on an isolated
// server weigh less than the same file on the internet share, and a password halves both.
// People enter on a log scale: ten times more people add one point, so one huge extract
// does not hide a hundred mid-sized ones.
RiskParts ComputeRisk(const RiskWeights& weights, const RiskInput& input) {
  RiskParts parts;
  if (input.unknown_content) {
    parts.people = 1;
    parts.sensitivity = weights.unknown_content;
  } else {
    if (input.people == 0 && input.category4 + input.category3 + input.category2 == 0) {
      bool any = false;
      for (bool held : input.items) any = any || held;
      if (!any) return parts;
    }
    parts.people = 1 + std::log10(static_cast<double>(std::max<uint64_t>(input.people, 1)));
    for (size_t i = 0; i < kItemCount; ++i) {
      if (input.items[i]) parts.sensitivity += weights.items[i];
    }
    if (input.category4 > 0) {
      parts.sensitivity += weights.category4;
    } else if (input.category3 > 0) {
      parts.sensitivity += weights.category3;
    } else if (input.category2 > 0) {
      parts.sensitivity += weights.category2;
    }
  }
  switch (input.zone) {
    case ZoneClass::kInternet:
      parts.zone = weights.zone_internet;
      break;
    case ZoneClass::kIsolated:
      parts.zone = weights.zone_isolated;
      break;
    case ZoneClass::kNone:
      parts.zone = weights.zone_none;
      break;
  }
  parts.protection = weights.protection[static_cast<size_t>(input.protection)];
  parts.readability = input.readable_by_everyone ? weights.readable_by_everyone : 1;
  const double years = std::clamp(input.age_days / 365.0, 0.0, weights.age_max_years);
  parts.age = 1 + weights.age_per_year * years;
  const double score = parts.people * parts.sensitivity * parts.zone * parts.protection *
                       parts.readability * parts.age;
  parts.score = std::round(score * 100) / 100;
  return parts;
}

}  // namespace mamori::policy::internal
