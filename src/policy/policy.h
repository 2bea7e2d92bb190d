// The policy module says which stored files break the organisation's rules and how much
// each one puts at risk. A policy is a YAML file (doc/policy.md, examples/policy.yaml):
//
//   zones      which paths are internet-connected (no personal data at all), which isolated
//   retention  per folder or pattern, how many days personal data may stay after its last
//              modification ("delete after the mailing is done")
//   protection where a password or encryption is required
//   access     who may read: "readable by everyone" (mode bits or a POSIX ACL) is a violation
//
// Assess() is a pure function of one file's recorded state and the time: the scan calls
// it for every file it records (read or carried forward, since age grows while the bytes
// stay the same), and the store keeps the answer for the console and the report.
//
//   Result<policy::Policy> policy = policy::Policy::LoadFile("policy.yaml");
//   policy::Assessment a = policy->Assess(result, share, now);
//   for (const policy::Violation& v : a.violations) ... v.rule, v.kind, v.evidence
//
// Nothing here holds a personal value: evidence is built from counts, item names, paths,
// modes, ACL entries and dates.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "report/reporter.h"

namespace mamori::policy {

enum class RuleKind : uint8_t {
  kForbiddenZone,  // personal data where the zone allows none (internet-connected share)
  kRetention,      // personal data older than the retention rule allows
  kProtection,     // personal data without the password/encryption the rule requires
  kAccess,         // personal data readable by everyone (or by a principal the rule forbids)
};
std::string_view RuleKindName(RuleKind kind);  // "zone", "retention", "protection", "access"

struct Violation {
  std::string rule;  // the rule's id in the policy file ("internet-share", "mailing-90d", ...)
  RuleKind kind = RuleKind::kForbiddenZone;
  // Why, in words an auditor can check without opening the file: "1,204 people (pension
  // number, name) on zone internet (/srv/share/**)", "last modified 2014-11-02, 412 days
  // ago; rule allows 90", "mode 0644: readable by others", "ACL grants group:staff r".
  std::string evidence;
};

struct Assessment {
  std::string zone;   // the zone id the file falls in; "" when no zone matches
  std::string owner;  // the file owner's user name, or "uid 1001" when it has none
  // The documented risk score (doc/policy.md): 0 for a file without personal data; grows
  // with people, the sensitivity of the items, the zone, missing protection, readability
  // and age. Files are ranked by it.
  double risk = 0;
  std::vector<Violation> violations;
};

class Policy {
 public:
  // Parses a policy; an error (kInvalidArgument) reads "SOURCE:LINE:COLUMN: what is wrong"
  // (unknown key, bad glob, duplicate rule id, wrong type, zone referenced but not
  // defined...). LoadFile's errors for an unreadable file are kIo.
  static Result<Policy> Parse(std::string_view yaml_text, std::string_view source_name = "policy");
  static Result<Policy> LoadFile(const std::string& path);
  // The built-in policy used without --policy: no zones, no retention, protection not
  // required, "readable by everyone" still a violation, the same risk formula.
  static Policy Default();

  Policy(Policy&&) noexcept;
  Policy& operator=(Policy&&) noexcept;
  ~Policy();

  // `share` is the scan root the file was found under (for zone patterns written relative
  // to a share); `now` is seconds since the epoch. Thread-safe (owner and group names are
  // looked up once per id and cached under a lock).
  Assessment Assess(const report::FileResult& file, std::string_view share, int64_t now) const;

  // A digest of the policy's meaning (not its formatting), kept with each assessment so a
  // changed policy is visible in the store.
  const std::string& digest() const;

  // The zone ids in the order the policy declares them, and whether each is
  // internet-connected (for the report's "people at risk by zone").
  struct ZoneInfo {
    std::string id;
    std::string label;
    bool internet_connected = false;
  };
  const std::vector<ZoneInfo>& zones() const;

 private:
  struct Impl;
  explicit Policy(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mamori::policy
