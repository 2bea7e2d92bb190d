// Private to the store module: enums from the stable names the schema stores.
#pragma once

#include <string_view>

#include "base/item.h"
#include "base/protection.h"
#include "base/status.h"
#include "report/reporter.h"
#include "store/store.h"

namespace mamori::store::internal {

// Unknown names (a newer mamori wrote them) map to the most cautious value: kUnknown
// protection, kPartial outcome, kLow confidence, kIo error, kInterrupted status.
Protection ProtectionFromName(std::string_view name);
report::Outcome OutcomeFromName(std::string_view name);
Confidence ConfidenceFromName(std::string_view name);
ErrorCode ErrorCodeFromName(std::string_view name);
ScanStatus ScanStatusFromName(std::string_view name);

}  // namespace mamori::store::internal
