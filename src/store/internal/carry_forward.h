// Private to the store module: the incremental rescan's rule, shared by CanCarryForward and
// the rescan preload (which keeps a file's previous state in a compact shape).
#pragma once

#include <cstdint>
#include <string_view>

#include "report/reporter.h"
#include "store/store.h"

namespace mamori::store::internal {

// CanCarryForward's rule over its parts (`then`: the file as last read; the scan that read
// it), for callers that keep a file's previous state in another shape than PreviousFile.
bool CarriesForward(const FileStat& then, const FileStat& now, ScanStatus read_by_status,
                    int64_t read_by_started_at, std::string_view read_by_options_digest,
                    report::Outcome outcome, std::string_view reason,
                    std::string_view options_digest);

}  // namespace mamori::store::internal
