// Private to the policy module: a violation's evidence as stored — a small versioned JSON
// object of facts (doc/policy.md "Evidence") that RenderEvidence() words late, in the
// reader's language. Only the facts named here are ever written: counts, item names, dates,
// zone ids and labels, rule requirements, formats, modes, ACL entries and principals.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/item.h"
#include "base/protection.h"
#include "policy/internal/access.h"
#include "policy/internal/model.h"

namespace mamori::policy::internal {

inline constexpr int kEvidenceVersion = 1;

// How much personal data the file holds, as every kind but "access" repeats it.
struct PeopleFacts {
  uint64_t people = 0;
  bool exact = true;
  uint64_t records = 0;
  std::vector<Item> items;  // held in at least one record, in kAllItems order
};

std::string ZoneEvidence(const PeopleFacts& people, const Zone& zone);
std::string UnknownContentEvidence(Protection protection, const Zone& zone);
// `mtime` is seconds since the epoch, stored as its UTC date.
std::string RetentionEvidence(int64_t mtime, int64_t age_days, int64_t max_days,
                              const PeopleFacts& people);
std::string ProtectionEvidence(Protection found, std::string_view format, Requirement require,
                               const PeopleFacts& people);
// `mode_text` is the file's mode ("0644"); every problem read through the mode uses it.
std::string AccessEvidence(std::string_view mode_text, const std::vector<AccessProblem>& problems);

}  // namespace mamori::policy::internal
