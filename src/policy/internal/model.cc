#include "policy/internal/model.h"

#include <openssl/sha.h>

#include <cstdio>

namespace mamori::policy::internal {
namespace {

// Length-prefixed, so that no two models share a text.
class Canonical {
 public:
  Canonical& Text(std::string_view text) {
    out_ += std::to_string(text.size());
    out_ += ':';
    out_ += text;
    out_ += ';';
    return *this;
  }
  Canonical& Number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return Text(buffer);
  }
  Canonical& Flag(bool value) { return Text(value ? "1" : "0"); }
  Canonical& Scope(const internal::Scope& scope) {
    Number(static_cast<double>(scope.zones.size()));
    for (const std::string& zone : scope.zones) Text(zone);
    Globs(scope.paths);
    Number(static_cast<double>(scope.items.size()));
    for (Item item : scope.items) Text(ItemName(item));
    return *this;
  }
  Canonical& Globs(const std::vector<Glob>& globs) {
    Number(static_cast<double>(globs.size()));
    for (const Glob& glob : globs) Text(glob.pattern());
    return *this;
  }
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

}  // namespace

Model DefaultModel() {
  Model model;
  AccessRule rule;
  rule.id = "world-readable";
  model.access.push_back(std::move(rule));
  return model;
}

std::string ModelDigest(const Model& model) {
  Canonical c;
  c.Text("mamori-policy").Number(model.version);
  c.Text("zones").Number(static_cast<double>(model.zones.size()));
  for (const Zone& zone : model.zones) {
    c.Text(zone.id).Text(zone.label).Flag(zone.internet_connected).Flag(zone.flag_unreadable);
    c.Globs(zone.paths);
  }
  c.Text("retention").Number(static_cast<double>(model.retention.size()));
  for (const RetentionRule& rule : model.retention) {
    c.Text(rule.id).Scope(rule.scope).Number(static_cast<double>(rule.max_age_days));
  }
  c.Text("protection").Number(static_cast<double>(model.protection.size()));
  for (const ProtectionRule& rule : model.protection) {
    c.Text(rule.id).Scope(rule.scope).Flag(rule.require == Requirement::kEncryption);
    c.Number(static_cast<double>(rule.formats.size()));
    for (const std::string& format : rule.formats) c.Text(format);
  }
  c.Text("access").Number(static_cast<double>(model.access.size()));
  for (const AccessRule& rule : model.access) {
    c.Text(rule.id).Scope(rule.scope).Flag(rule.forbid_others);
    c.Number(static_cast<double>(rule.broad_groups.size()));
    for (const std::string& group : rule.broad_groups) c.Text(group);
    c.Flag(rule.restrict_readers).Number(static_cast<double>(rule.allowed_readers.size()));
    for (const Principal& reader : rule.allowed_readers) c.Flag(reader.group).Text(reader.name);
  }
  const RiskWeights& w = model.risk;
  c.Text("risk");
  for (double weight : w.items) c.Number(weight);
  c.Number(w.category4).Number(w.category3).Number(w.category2);
  c.Number(w.zone_internet).Number(w.zone_isolated).Number(w.zone_none);
  for (double weight : w.protection) c.Number(weight);
  c.Number(w.readable_by_everyone).Number(w.age_per_year).Number(w.age_max_years);
  c.Number(w.unknown_content);

  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(c.text().data()), c.text().size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 15]);
  }
  return hex;
}

}  // namespace mamori::policy::internal
