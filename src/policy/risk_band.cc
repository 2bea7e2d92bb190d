#include "policy/policy.h"

namespace mamori::policy {

RiskBand BandOf(double risk) {
  if (risk >= kRiskHighFrom) return RiskBand::kHigh;
  if (risk >= kRiskMediumFrom) return RiskBand::kMedium;
  if (risk > 0) return RiskBand::kLow;
  return RiskBand::kNone;
}

std::string_view RiskBandName(RiskBand band) {
  switch (band) {
    case RiskBand::kNone:
      return "none";
    case RiskBand::kLow:
      return "low";
    case RiskBand::kMedium:
      return "medium";
    case RiskBand::kHigh:
      return "high";
  }
  return "none";
}

}  // namespace mamori::policy
