#include "inventory/internal/report_fields.h"

#include <cstdio>

#include "inventory/html.h"
#include "policy/policy.h"

namespace mamori::inventory::internal {

bool ReadableByEveryone(const store::FileRow& row) {
  return row.container.empty() && (row.mode & 0004) != 0;
}

bool IsOverdue(const store::Acknowledgement& ack, int64_t now) {
  // ISO dates compare as strings.
  return !ack.due_date.empty() && ack.due_date < FormatDate(now);
}

std::string_view RiskBand(double risk) {
  const policy::RiskBand band = policy::BandOf(risk);
  // A listed file with a score of 0 still needs attention (a violation without personal data).
  return policy::RiskBandName(band == policy::RiskBand::kNone ? policy::RiskBand::kLow : band);
}

std::string ModeOctal(uint32_t mode) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04o", mode & 07777);
  return buffer;
}

std::string IsoUtc(int64_t seconds) {
  const CivilTime t = TokyoTime(seconds - kTokyoOffsetSeconds);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02dT%02d:%02d:%02dZ",
                static_cast<long long>(t.year), t.month, t.day, t.hour, t.minute, t.second);
  return buffer;
}

}  // namespace mamori::inventory::internal
