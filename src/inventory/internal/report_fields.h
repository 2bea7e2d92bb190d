// Private to the inventory module: facts about a stored file that the HTML page and the
// exports both show, computed one way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/store.h"

namespace mamori::inventory::internal {

// The "other" read bit of the file's mode (a POSIX ACL's o:: entry is the same bits).
// False for a member of a container, which has no mode of its own.
bool ReadableByEveryone(const store::FileRow& row);

// True when the acknowledgement's due date (YYYY-MM-DD, Japan's calendar) is before the
// day of `now` in Japan.
bool IsOverdue(const store::Acknowledgement& ack, int64_t now);

// Display bands of the risk score: "high" (>= 50), "medium" (>= 20), "low". The score's
// scale is the policy's (doc/policy.md); the bands only colour the page.
std::string_view RiskBand(double risk);

// "0644": the permission bits in octal.
std::string ModeOctal(uint32_t mode);

// ISO 8601 UTC ("2026-11-23T00:15:00Z"), as the scan's JSONL and CSV write times.
std::string IsoUtc(int64_t seconds);

}  // namespace mamori::inventory::internal
