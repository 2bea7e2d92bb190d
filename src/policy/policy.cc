// Placeholder until the YAML policy lands: the default policy, no rules.
#include "policy/policy.h"

namespace mamori::policy {

struct Policy::Impl {
  std::string digest = "default";
  std::vector<ZoneInfo> zones;
};

std::string_view RuleKindName(RuleKind kind) {
  switch (kind) {
    case RuleKind::kForbiddenZone: return "zone";
    case RuleKind::kRetention: return "retention";
    case RuleKind::kProtection: return "protection";
    case RuleKind::kAccess: return "access";
  }
  return "zone";
}

Policy::Policy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Policy::Policy(Policy&&) noexcept = default;
Policy& Policy::operator=(Policy&&) noexcept = default;
Policy::~Policy() = default;

Result<Policy> Policy::Parse(std::string_view, std::string_view) {
  return MakeError(ErrorCode::kUnsupported, "policy files are not supported yet");
}
Result<Policy> Policy::LoadFile(const std::string& path) { return Parse("", path); }
Policy Policy::Default() { return Policy(std::make_unique<Impl>()); }

Assessment Policy::Assess(const report::FileResult&, std::string_view, int64_t) const { return {}; }
const std::string& Policy::digest() const { return impl_->digest; }
const std::vector<Policy::ZoneInfo>& Policy::zones() const { return impl_->zones; }

}  // namespace mamori::policy
