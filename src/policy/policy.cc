#include "policy/policy.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "policy/internal/access.h"
#include "policy/internal/evidence.h"
#include "policy/internal/glob.h"
#include "policy/internal/model.h"
#include "policy/internal/parse.h"
#include "policy/internal/risk.h"

namespace mamori::policy {

using internal::Glob;
using internal::Model;

struct Policy::Impl {
  explicit Impl(Model parsed) : model(std::move(parsed)) {
    digest = internal::ModelDigest(model);
    for (const internal::Zone& zone : model.zones) {
      zones.push_back({zone.id, zone.label, zone.internet_connected});
    }
    std::vector<char> buffer(4096);
    if (::getcwd(buffer.data(), buffer.size()) != nullptr) cwd = buffer.data();
  }

  Model model;
  std::string digest;
  std::vector<ZoneInfo> zones;
  // Relative scan paths are resolved against the directory the policy was loaded in, so
  // that absolute zone globs still apply to `mamori scan share/`.
  std::string cwd;
  mutable internal::NameCache names;
};

namespace {

std::string Absolute(std::string_view path, const std::string& cwd) {
  if (!path.empty() && path.front() == '/') return std::string(path);
  return cwd + "/" + std::string(path);
}

internal::PeopleFacts People(const record::FileTally& tally) {
  internal::PeopleFacts facts;
  facts.people = tally.people;
  facts.exact = tally.people_exact;
  facts.records = tally.records;
  for (Item item : kAllItems) {
    if (tally.ItemCount(item) > 0) facts.items.push_back(item);
  }
  return facts;
}

// Where a file sits, split for glob matching. A member of a container is judged where
// its outermost container sits on disk.
struct Location {
  std::string absolute_text;
  std::string share_text;
  std::vector<std::string_view> absolute;
  std::vector<std::string_view> below_share;
};

void Locate(const report::FileResult& file, std::string_view share, const std::string& cwd,
            Location& location) {
  const std::string& on_disk = file.container.empty() ? file.path : file.container.front();
  location.absolute_text = Absolute(on_disk, cwd);
  location.absolute = internal::SplitPath(location.absolute_text);
  if (share.empty()) {
    location.below_share = location.absolute;
    return;
  }
  location.share_text = Absolute(share, cwd);
  const std::vector<std::string_view> root = internal::SplitPath(location.share_text);
  if (root.size() > location.absolute.size() ||
      !std::equal(root.begin(), root.end(), location.absolute.begin())) {
    return;  // not under its share: relative globs do not apply
  }
  if (root.size() == location.absolute.size()) {
    // The share is the file itself (a file named on the command line).
    location.below_share.push_back(location.absolute.back());
    return;
  }
  location.below_share.assign(location.absolute.begin() + static_cast<ptrdiff_t>(root.size()),
                              location.absolute.end());
}

bool AnyGlob(const std::vector<Glob>& globs, const Location& location) {
  for (const Glob& glob : globs) {
    if (glob.Matches(location.absolute, location.below_share)) return true;
  }
  return false;
}

bool InScope(const internal::Scope& scope, const internal::Zone* zone, const Location& location,
             const record::FileTally& tally) {
  if (!scope.zones.empty()) {
    bool found = false;
    for (const std::string& id : scope.zones) found = found || (zone != nullptr && zone->id == id);
    if (!found) return false;
  }
  if (!scope.paths.empty() && !AnyGlob(scope.paths, location)) return false;
  if (!scope.items.empty()) {
    bool found = false;
    for (Item item : scope.items) found = found || tally.ItemCount(item) > 0;
    if (!found) return false;
  }
  return true;
}

bool Satisfies(Protection protection, internal::Requirement requirement) {
  if (requirement == internal::Requirement::kEncryption)
    return protection == Protection::kEncrypted;
  return protection == Protection::kPassword || protection == Protection::kEncrypted;
}

}  // namespace

std::string_view RuleKindName(RuleKind kind) {
  switch (kind) {
    case RuleKind::kForbiddenZone:
      return "zone";
    case RuleKind::kRetention:
      return "retention";
    case RuleKind::kProtection:
      return "protection";
    case RuleKind::kAccess:
      return "access";
  }
  return "zone";
}

Policy::Policy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Policy::Policy(Policy&&) noexcept = default;
Policy& Policy::operator=(Policy&&) noexcept = default;
Policy::~Policy() = default;

Result<Policy> Policy::Parse(std::string_view yaml_text, std::string_view source_name) {
  Result<Model> model = internal::ParseModel(yaml_text, source_name);
  if (!model) return tl::unexpected(model.error());
  return Policy(std::make_unique<Impl>(std::move(*model)));
}

Result<Policy> Policy::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kIo, "cannot read policy " + path + ": " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

Policy Policy::Default() { return Policy(std::make_unique<Impl>(internal::DefaultModel())); }

Assessment Policy::Assess(const report::FileResult& file, std::string_view share,
                          int64_t now) const {
  const Model& model = impl_->model;
  Assessment assessment;
  Location location;
  Locate(file, share, impl_->cwd, location);
  const internal::Zone* zone = nullptr;
  for (const internal::Zone& candidate : model.zones) {
    if (AnyGlob(candidate.paths, location)) {
      zone = &candidate;
      break;
    }
  }
  if (zone != nullptr) assessment.zone = zone->id;
  if (file.mode != 0) {
    const std::string name = impl_->names.UserName(file.uid);
    assessment.owner = name.empty() ? "uid " + std::to_string(file.uid) : name;
  }

  const record::FileTally& tally = file.tally;
  internal::RiskInput risk;
  risk.zone = zone == nullptr            ? internal::ZoneClass::kNone
              : zone->internet_connected ? internal::ZoneClass::kInternet
                                         : internal::ZoneClass::kIsolated;
  risk.protection = file.protection;
  risk.age_days = now > file.mtime ? static_cast<double>(now - file.mtime) / 86400.0 : 0.0;
  const internal::Readability readability = internal::ReadReadability(file, impl_->names);

  if (!tally.has_personal_data()) {
    // An encrypted file may hold anything: where no personal data may be at all, that is
    // reported rather than assumed clean.
    if (!file.content_readable && zone != nullptr && zone->flag_unreadable) {
      assessment.violations.push_back({zone->id, RuleKind::kForbiddenZone,
                                       internal::UnknownContentEvidence(file.protection, *zone)});
      risk.unknown_content = true;
      risk.readable_by_everyone = readability.known && readability.others;
      assessment.risk = internal::ComputeRisk(model.risk, risk).score;
    }
    return assessment;
  }

  if (zone != nullptr && zone->internet_connected) {
    assessment.violations.push_back(
        {zone->id, RuleKind::kForbiddenZone, internal::ZoneEvidence(People(tally), *zone)});
  }

  const int64_t age_days = now > file.mtime ? (now - file.mtime) / 86400 : 0;
  for (const internal::RetentionRule& rule : model.retention) {
    if (!InScope(rule.scope, zone, location, tally) || age_days <= rule.max_age_days) continue;
    assessment.violations.push_back(
        {rule.id, RuleKind::kRetention,
         internal::RetentionEvidence(file.mtime, age_days, rule.max_age_days, People(tally))});
  }

  for (const internal::ProtectionRule& rule : model.protection) {
    if (!InScope(rule.scope, zone, location, tally)) continue;
    if (!rule.formats.empty()) {
      bool listed = false;
      for (const std::string& format : rule.formats) listed = listed || format == file.format;
      if (!listed) continue;
    }
    if (Satisfies(file.protection, rule.require)) continue;
    assessment.violations.push_back(
        {rule.id, RuleKind::kProtection,
         internal::ProtectionEvidence(file.protection, file.format, rule.require, People(tally))});
  }

  bool any_access_rule = false;
  for (const internal::AccessRule& rule : model.access) {
    if (!InScope(rule.scope, zone, location, tally)) continue;
    any_access_rule = true;
    bool broad = false;
    const std::vector<internal::AccessProblem> problems =
        internal::CheckAccess(rule, readability, broad);
    risk.readable_by_everyone = risk.readable_by_everyone || broad;
    if (problems.empty()) continue;
    assessment.violations.push_back(
        {rule.id, RuleKind::kAccess, internal::AccessEvidence(readability.mode_text, problems)});
  }
  if (!any_access_rule) risk.readable_by_everyone = readability.known && readability.others;

  risk.people = tally.people;
  for (Item item : kAllItems) risk.items[static_cast<size_t>(item)] = tally.ItemCount(item) > 0;
  risk.category4 = tally.category4;
  risk.category3 = tally.category3;
  risk.category2 = tally.category2;
  assessment.risk = internal::ComputeRisk(model.risk, risk).score;
  return assessment;
}

const std::string& Policy::digest() const { return impl_->digest; }
const std::vector<Policy::ZoneInfo>& Policy::zones() const { return impl_->zones; }

}  // namespace mamori::policy
