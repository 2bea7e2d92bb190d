// Private to the policy module: who can read a file, from its mode bits and its extended
// POSIX access ACL (report::FileResult::acl), and the access rules' verdicts on it.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "policy/internal/model.h"
#include "report/reporter.h"

namespace mamori::policy::internal {

// User and group names by id (getpwuid_r / getgrgid_r), cached: a share has few owners and
// a scan a million files. Thread-safe.
class NameCache {
 public:
  // The name, or "" when the id has none on this host.
  std::string UserName(uint32_t uid);
  std::string GroupName(uint32_t gid);

 private:
  std::mutex mutex_;
  std::unordered_map<uint32_t, std::string> users_;
  std::unordered_map<uint32_t, std::string> groups_;
};

// One entry of an ACL's text form ("u:1001:r--", "group:staff:r-x", "m::r--").
struct AclEntry {
  char tag = 'o';         // 'u' user, 'g' group, 'm' mask, 'o' other
  std::string qualifier;  // "" for the owner, owning group, mask and other
  uint8_t perms = 0;      // 4 read, 2 write, 1 execute
};
// Tolerant: entries it cannot read are left out (an ACL comes from the walk, not a user).
std::vector<AclEntry> ParseAcl(std::string_view text);

// A principal other than the owner that can read the file (after the ACL mask).
struct Grant {
  bool group = false;
  std::string id;    // the numeric id, or the qualifier as written when it is not a number
  std::string name;  // the user or group name when known, else == id
  bool owning_group = false;
  // How it reads: through the mode bits, or through an ACL entry (as written, e.g.
  // "group:1001:r--") whose permissions the mask (acl_mask, "" when it takes none away)
  // limits.
  bool via_acl = false;
  std::string acl_entry;
  std::string acl_mask;
};

struct Readability {
  bool known = false;     // false: no stat (mode 0), nothing can be said
  std::string mode_text;  // "0644"
  bool others = false;
  std::vector<Grant> grants;
};
Readability ReadReadability(const report::FileResult& file, NameCache& names);

// One way an access rule is broken: the mode lets others read, a broad group can read, or
// a reader the rule does not allow can read.
struct AccessProblem {
  enum class Kind : uint8_t { kOthers, kBroadGroup, kNotAllowed };
  Kind kind = Kind::kOthers;
  Grant grant;  // unused for kOthers
};

// Each way `rule` is broken; empty when the file is fine. `broad` is set when one of them
// makes the file readable by everyone.
std::vector<AccessProblem> CheckAccess(const AccessRule& rule, const Readability& readability,
                                       bool& broad);

}  // namespace mamori::policy::internal
