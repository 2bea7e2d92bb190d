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
// Nothing here holds a personal value: evidence is built from counts, item names, zone ids
// and labels, formats, modes, ACL entries, principals and dates.
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
  // Why, as stored: a compact, versioned JSON object of the facts an auditor can check
  // without opening the file (doc/policy.md "Evidence"), e.g.
  // {"v":1,"m":"retention","mtime":"2014-11-02","age_days":412,"max_days":90,...}.
  // Words come late, in the reader's language: RenderEvidence(evidence, lang).
  std::string evidence;
};

// The language evidence is worded in. Callers map their own language setting to it (the
// policy module sits below the ones that have one).
enum class EvidenceLanguage : uint8_t { kJa, kEn };

// A violation's stored evidence in words: "最終更新 2014年11月2日（412日前）。規則で保存
// できるのは90日まで（…）" / "last modified 2014-11-02, 412 days ago; rule allows 90 (…)".
// Evidence that is not in the encoding (plain English text from a store written before it)
// is returned as it is; an encoded one that cannot be read gives a fixed "could not be read"
// text rather than its raw content. Only the facts of its kind are ever worded. The result
// is plain text: escape it for HTML. Thread-safe.
std::string RenderEvidence(std::string_view stored, EvidenceLanguage lang);
// True when `stored` is in the encoding RenderEvidence words (a JSON object with "v":1);
// false for plain text. The JSONL export includes such facts as they are.
bool IsEncodedEvidence(std::string_view stored);

// Display bands of the risk score (doc/policy.md "Risk bands"). The boundaries are the
// scores of two reference files under the default weights, so a band reads as a sentence:
// medium from what ten people's basic pension numbers and names score on an isolated server
// (unprotected, private, recent: (1 + log10 10) x (4 + 1 + 0.5) = 11), high from the same
// list on an internet-connected share (x 3 = 33) — the 2015 case at its smallest. none: 0
// (no personal data); low: below medium. The report and the console colour badges by it.
enum class RiskBand : uint8_t { kNone, kLow, kMedium, kHigh };
inline constexpr double kRiskMediumFrom = 11;
inline constexpr double kRiskHighFrom = 33;
RiskBand BandOf(double risk);
std::string_view RiskBandName(RiskBand band);  // "none", "low", "medium", "high"

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
