// Private to the policy module: the risk score (doc/policy.md "Risk").
#pragma once

#include <array>
#include <cstdint>

#include "base/item.h"
#include "base/protection.h"
#include "policy/internal/model.h"

namespace mamori::policy::internal {

enum class ZoneClass : uint8_t { kNone, kIsolated, kInternet };

struct RiskInput {
  bool unknown_content = false;  // encrypted, unreadable: people and items unknown
  uint64_t people = 0;
  std::array<bool, kItemCount> items{};  // held in at least one record
  uint64_t category4 = 0;
  uint64_t category3 = 0;
  uint64_t category2 = 0;
  ZoneClass zone = ZoneClass::kNone;
  Protection protection = Protection::kNone;
  bool readable_by_everyone = false;
  double age_days = 0;
};

// Parts of the score, each shown in the worked example of doc/policy.md.
struct RiskParts {
  double people = 0;       // 1 + log10(people)
  double sensitivity = 0;  // item weights + the strongest category's weight
  double zone = 1;
  double protection = 1;
  double readability = 1;
  double age = 1;
  double score = 0;  // the product, rounded to 2 decimals
};

RiskParts ComputeRisk(const RiskWeights& weights, const RiskInput& input);

}  // namespace mamori::policy::internal
