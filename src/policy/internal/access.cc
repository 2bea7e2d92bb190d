#include "policy/internal/access.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>

#include <cstdio>
#include <vector>

namespace mamori::policy::internal {
namespace {

// getpwuid_r/getgrgid_r with a buffer grown on ERANGE; "" when there is no such id.
template <class Entry, class Lookup>
std::string LookupName(uint32_t id, Lookup lookup) {
  std::vector<char> buffer(1024);
  for (int attempt = 0; attempt < 6; ++attempt) {
    Entry entry{};
    Entry* found = nullptr;
    const int error = lookup(id, &entry, buffer.data(), buffer.size(), &found);
    if (error == ERANGE) {
      buffer.resize(buffer.size() * 4);
      continue;
    }
    if (error != 0 || found == nullptr) return {};
    if constexpr (std::is_same_v<Entry, passwd>) {
      return found->pw_name;
    } else {
      return found->gr_name;
    }
  }
  return {};
}

bool IsNumber(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string PermsText(uint8_t perms) {
  std::string text = "---";
  if (perms & 4) text[0] = 'r';
  if (perms & 2) text[1] = 'w';
  if (perms & 1) text[2] = 'x';
  return text;
}

// "user:alice" names a principal by name or number; a grant matches either.
bool Names(const Grant& grant, bool group, std::string_view name) {
  return grant.group == group && (grant.name == name || grant.id == name);
}

}  // namespace

std::string NameCache::UserName(uint32_t uid) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = users_.try_emplace(uid);
  if (inserted) it->second = LookupName<passwd>(uid, ::getpwuid_r);
  return it->second;
}

std::string NameCache::GroupName(uint32_t gid) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = groups_.try_emplace(gid);
  if (inserted) it->second = LookupName<group>(gid, ::getgrgid_r);
  return it->second;
}

std::vector<AclEntry> ParseAcl(std::string_view text) {
  std::vector<AclEntry> entries;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find_first_of(",\n", start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(start, end - start);
    start = end + 1;
    if (const size_t comment = item.find('#'); comment != std::string_view::npos) {
      item = item.substr(0, comment);
    }
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    const size_t first = item.find(':');
    const size_t last = item.rfind(':');
    if (first == std::string_view::npos) continue;
    const std::string_view tag = item.substr(0, first);
    AclEntry entry;
    if (tag == "u" || tag == "user") {
      entry.tag = 'u';
    } else if (tag == "g" || tag == "group") {
      entry.tag = 'g';
    } else if (tag == "m" || tag == "mask") {
      entry.tag = 'm';
    } else if (tag == "o" || tag == "other") {
      entry.tag = 'o';
    } else {
      continue;
    }
    if (last > first) entry.qualifier = std::string(item.substr(first + 1, last - first - 1));
    for (char c : item.substr(last + 1)) {
      if (c == 'r') entry.perms |= 4;
      if (c == 'w') entry.perms |= 2;
      if (c == 'x') entry.perms |= 1;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

Readability ReadReadability(const report::FileResult& file, NameCache& names) {
  Readability readability;
  if (file.mode == 0) return readability;
  readability.known = true;
  char mode_text[8];
  std::snprintf(mode_text, sizeof mode_text, "%04o", file.mode & 07777u);
  readability.mode_text = mode_text;
  readability.others = (file.mode & S_IROTH) != 0;

  const std::vector<AclEntry> acl = ParseAcl(file.acl);
  // With an extended ACL the mode's group bits are the mask; the owning group's own
  // permissions are in its g:: entry (acl(5)).
  uint8_t mask = 7;
  bool owning_group_in_acl = false;
  for (const AclEntry& entry : acl) {
    if (entry.tag == 'm') mask = entry.perms;
  }
  for (const AclEntry& entry : acl) {
    if (entry.tag == 'o' || entry.tag == 'm') continue;
    if (entry.tag == 'u' && entry.qualifier.empty()) continue;  // the owner
    if ((entry.perms & mask & 4) == 0) {
      if (entry.tag == 'g' && entry.qualifier.empty()) owning_group_in_acl = true;
      continue;
    }
    Grant grant;
    grant.group = entry.tag == 'g';
    grant.owning_group = grant.group && entry.qualifier.empty();
    if (grant.owning_group) owning_group_in_acl = true;
    grant.id = grant.owning_group ? std::to_string(file.gid) : entry.qualifier;
    grant.name = grant.id;
    if (IsNumber(grant.id)) {
      const auto id = static_cast<uint32_t>(std::stoul(grant.id));
      const std::string name = grant.group ? names.GroupName(id) : names.UserName(id);
      if (!name.empty()) grant.name = name;
    }
    grant.via_acl = true;
    grant.acl_entry = std::string(grant.group ? "group:" : "user:") + entry.qualifier + ":" +
                      PermsText(entry.perms);
    if (entry.perms & ~mask) grant.acl_mask = PermsText(mask);
    readability.grants.push_back(std::move(grant));
  }
  if (!owning_group_in_acl && (file.mode & S_IRGRP) != 0) {
    Grant grant;
    grant.group = true;
    grant.owning_group = true;
    grant.id = std::to_string(file.gid);
    const std::string name = names.GroupName(file.gid);
    grant.name = name.empty() ? grant.id : name;
    readability.grants.push_back(std::move(grant));
  }
  return readability;
}

std::vector<AccessProblem> CheckAccess(const AccessRule& rule, const Readability& readability,
                                       bool& broad) {
  std::vector<AccessProblem> problems;
  if (!readability.known) return problems;
  if (rule.forbid_others && readability.others) {
    problems.push_back({AccessProblem::Kind::kOthers, {}});
    broad = true;
  }
  for (const Grant& grant : readability.grants) {
    bool is_broad = false;
    for (const std::string& group : rule.broad_groups) {
      if (Names(grant, true, group)) is_broad = true;
    }
    if (is_broad) {
      problems.push_back({AccessProblem::Kind::kBroadGroup, grant});
      broad = true;
      continue;
    }
    if (!rule.restrict_readers) continue;
    bool allowed = false;
    for (const Principal& reader : rule.allowed_readers) {
      if (Names(grant, reader.group, reader.name)) allowed = true;
    }
    if (!allowed) problems.push_back({AccessProblem::Kind::kNotAllowed, grant});
  }
  return problems;
}

}  // namespace mamori::policy::internal
