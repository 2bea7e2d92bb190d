// Private to the policy module: a parsed policy, as the parser builds it and Assess() reads
// it. Immutable once built. Every default here is the documented one (doc/policy.md).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/item.h"
#include "base/protection.h"
#include "policy/internal/glob.h"

namespace mamori::policy::internal {

// Which files a rule looks at: all of its conditions must hold; an empty list is no
// condition. Only files with personal data are ever judged by a rule.
struct Scope {
  std::vector<std::string> zones;  // zone ids; the file's zone must be one of them
  std::vector<Glob> paths;         // one must match
  std::vector<Item> items;         // the file must hold one of them
};

struct Zone {
  std::string id;
  std::string label;
  bool internet_connected = false;  // personal data forbidden
  // An unreadable (encrypted) file here is flagged as "content unknown". Defaults to
  // internet_connected.
  bool flag_unreadable = false;
  std::vector<Glob> paths;
};

struct RetentionRule {
  std::string id;
  Scope scope;
  int64_t max_age_days = 0;
};

enum class Requirement : uint8_t { kPassword, kEncryption };

struct ProtectionRule {
  std::string id;
  Scope scope;
  Requirement require = Requirement::kPassword;
  std::vector<std::string> formats;  // FileResult::format names; empty: every format
};

// A principal as written in a policy: "user:NAME", "group:NAME", numeric ids allowed.
struct Principal {
  bool group = false;
  std::string name;
};

struct AccessRule {
  std::string id;
  Scope scope;
  bool forbid_others = true;              // mode o+r (the ACL's o:: entry is the same bits)
  std::vector<std::string> broad_groups;  // groups whose read access counts as everyone's
  bool restrict_readers = false;          // allowed_readers was given
  std::vector<Principal> allowed_readers;
};

struct RiskWeights {
  // By Item: pension number, My Number, corporate number, name, birth date, address, phone,
  // e-mail.
  std::array<double, kItemCount> items = {4, 4, 0, 1, 1.5, 1, 0.5, 0.5};
  double category4 = 2;
  double category3 = 1;
  double category2 = 0.5;
  double zone_internet = 3;
  double zone_isolated = 1;
  double zone_none = 1;
  // By Protection: none, password, encrypted, unknown.
  std::array<double, 4> protection = {1, 0.5, 0.25, 1};
  double readable_by_everyone = 1.5;
  double age_per_year = 0.25;
  double age_max_years = 4;
  double unknown_content = 1;
};

struct Model {
  int version = 1;
  std::vector<Zone> zones;
  std::vector<RetentionRule> retention;
  std::vector<ProtectionRule> protection;
  std::vector<AccessRule> access;
  RiskWeights risk;
};

// The built-in policy: one access rule "world-readable" over every file, default weights.
Model DefaultModel();

// SHA-256 (hex) of a canonical text of the model: equal meaning, equal digest, whatever
// the file's comments, spacing, key order or spelled-out defaults.
std::string ModelDigest(const Model& model);

}  // namespace mamori::policy::internal
