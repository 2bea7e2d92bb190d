#include "policy/internal/parse.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <set>

namespace mamori::policy::internal {
namespace {

// Thrown inside the yaml-cpp adapter only, caught by ParseModel: the parser's many checks
// stay one line each.
struct Failure {
  std::string message;
};

using Fields = std::map<std::string, YAML::Node>;

// "SOURCE:LINE:COLUMN: ", 1-based; the start of the file when yaml-cpp has no position.
std::string At(std::string_view source, const YAML::Mark& mark) {
  const int line = mark.line >= 0 ? mark.line + 1 : 1;
  const int column = mark.column >= 0 ? mark.column + 1 : 1;
  return std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

// A zone id named by a rule, checked once every zone is known.
struct ZoneReference {
  std::string id;
  YAML::Mark mark;
};

class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source) {}

  Model Run(const YAML::Node& root) {
    if (!root.IsDefined() || root.IsNull())
      Fail(root, "the policy is empty: start with 'version: 1'");
    const Fields top =
        Keys(root, "the policy", {"version", "zones", "retention", "protection", "access", "risk"});
    Model model;
    const auto version = top.find("version");
    if (version == top.end()) Fail(root, "missing 'version: 1'");
    if (Integer(version->second, "version") != 1) {
      Fail(version->second, "unsupported version (this mamori reads version 1)");
    }
    // Zones first, whatever the key order, so rules can name them.
    if (auto it = top.find("zones"); it != top.end()) {
      for (const YAML::Node& node : List(it->second, "zones"))
        model.zones.push_back(ParseZone(node));
    }
    for (const Zone& zone : model.zones) zone_ids_.insert(zone.id);
    if (auto it = top.find("retention"); it != top.end()) {
      for (const YAML::Node& node : List(it->second, "retention")) {
        model.retention.push_back(ParseRetention(node));
      }
    }
    if (auto it = top.find("protection"); it != top.end()) {
      for (const YAML::Node& node : List(it->second, "protection")) {
        model.protection.push_back(ParseProtection(node));
      }
    }
    if (auto it = top.find("access"); it != top.end()) {
      for (const YAML::Node& node : List(it->second, "access")) {
        model.access.push_back(ParseAccess(node));
      }
    } else {
      // Without an access section the built-in "readable by everyone" rule still holds.
      model.access = DefaultModel().access;
    }
    if (auto it = top.find("risk"); it != top.end()) ParseRisk(it->second, model.risk);
    for (const ZoneReference& reference : zone_references_) {
      if (zone_ids_.count(reference.id) == 0) {
        Fail(reference.mark, "zone '" + reference.id + "' is not defined under 'zones'");
      }
    }
    return model;
  }

  [[noreturn]] void Fail(const YAML::Mark& mark, const std::string& message) const {
    throw Failure{At(source_, mark) + message};
  }
  [[noreturn]] void Fail(const YAML::Node& node, const std::string& message) const {
    Fail(node.IsDefined() ? node.Mark() : YAML::Mark::null_mark(), message);
  }

 private:
  // The fields of a mapping; unknown and repeated keys are errors.
  Fields Keys(const YAML::Node& node, const std::string& what,
              std::initializer_list<std::string_view> allowed) const {
    if (!node.IsMap()) Fail(node, what + " must be a mapping (key: value)");
    Fields fields;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
      bool known = false;
      std::string expected;
      for (std::string_view name : allowed) {
        if (name == key) known = true;
        expected += (expected.empty() ? "" : ", ") + std::string(name);
      }
      if (!known) {
        Fail(it->first,
             "unknown key '" + key + "' in " + what + " (expected one of: " + expected + ")");
      }
      if (!fields.emplace(key, it->second).second) {
        Fail(it->first, "key '" + key + "' appears twice in " + what);
      }
    }
    return fields;
  }

  std::vector<YAML::Node> List(const YAML::Node& node, const std::string& what) const {
    if (node.IsNull()) return {};
    if (!node.IsSequence()) Fail(node, "'" + what + "' must be a list (- item)");
    std::vector<YAML::Node> items;
    for (const YAML::Node& item : node) items.push_back(item);
    return items;
  }

  std::string String(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar()) Fail(node, "'" + what + "' must be a single value");
    if (node.Scalar().empty()) Fail(node, "'" + what + "' must not be empty");
    return node.Scalar();
  }

  std::vector<std::string> Strings(const YAML::Node& node, const std::string& what) const {
    if (!node.IsSequence()) Fail(node, "'" + what + "' must be a list ([a, b] or - a)");
    std::vector<std::string> values;
    for (const YAML::Node& item : node) values.push_back(String(item, what + " entry"));
    return values;
  }

  bool Bool(const YAML::Node& node, const std::string& what) const {
    if (node.IsScalar() && node.Scalar() == "true") return true;
    if (node.IsScalar() && node.Scalar() == "false") return false;
    Fail(node, "'" + what + "' must be true or false");
  }

  double Number(const YAML::Node& node, const std::string& what) const {
    if (node.IsScalar() && !node.Scalar().empty()) {
      const std::string& text = node.Scalar();
      char* end = nullptr;
      const double value = std::strtod(text.c_str(), &end);
      if (end == text.c_str() + text.size() && std::isfinite(value) && value >= 0) return value;
    }
    Fail(node, "'" + what + "' must be a number, 0 or more");
  }

  int64_t Integer(const YAML::Node& node, const std::string& what) const {
    const double value = Number(node, what);
    if (value != std::floor(value) || value > 1e12) {
      Fail(node, "'" + what + "' must be a whole number");
    }
    return static_cast<int64_t>(value);
  }

  std::string Id(const Fields& fields, const YAML::Node& node, const std::string& what) {
    const auto it = fields.find("id");
    if (it == fields.end()) Fail(node, what + " needs an 'id'");
    const std::string id = String(it->second, "id");
    for (char c : id) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
      if (!ok) Fail(it->second, "id '" + id + "' may hold only letters, digits, '-', '_' and '.'");
    }
    if (!ids_.insert(id).second) {
      Fail(it->second, "duplicate id '" + id + "' (zone and rule ids must be unique)");
    }
    return id;
  }

  std::vector<Glob> Globs(const YAML::Node& node, const std::string& what) const {
    if (!node.IsSequence()) Fail(node, "'" + what + "' must be a list of globs");
    std::vector<Glob> globs;
    for (const YAML::Node& item : node) {
      const std::string pattern = String(item, what + " entry");
      Result<Glob> glob = Glob::Compile(pattern);
      if (!glob) Fail(item, "bad glob '" + pattern + "': " + glob.error().message);
      globs.push_back(std::move(*glob));
    }
    if (globs.empty()) Fail(node, "'" + what + "' is empty: leave it out to mean every path");
    return globs;
  }

  Scope ParseScope(const Fields& fields) {
    Scope scope;
    if (auto it = fields.find("zones"); it != fields.end()) {
      if (!it->second.IsSequence()) Fail(it->second, "'zones' must be a list of zone ids");
      for (const YAML::Node& item : it->second) {
        const std::string id = String(item, "zones entry");
        zone_references_.push_back({id, item.Mark()});
        scope.zones.push_back(id);
      }
    }
    if (auto it = fields.find("paths"); it != fields.end())
      scope.paths = Globs(it->second, "paths");
    if (auto it = fields.find("items"); it != fields.end()) {
      if (!it->second.IsSequence()) Fail(it->second, "'items' must be a list of item names");
      for (const YAML::Node& item : it->second) {
        const std::string name = String(item, "items entry");
        const std::optional<Item> parsed = ItemFromName(name);
        if (!parsed) {
          Fail(item, "unknown item '" + name +
                         "' (pension_number, my_number, name, birth_date, address, phone, email)");
        }
        scope.items.push_back(*parsed);
      }
    }
    return scope;
  }

  Zone ParseZone(const YAML::Node& node) {
    const Fields fields =
        Keys(node, "a zone", {"id", "label", "internet_connected", "flag_unreadable", "paths"});
    Zone zone;
    zone.id = Id(fields, node, "a zone");
    if (auto it = fields.find("label"); it != fields.end())
      zone.label = String(it->second, "label");
    const auto internet = fields.find("internet_connected");
    if (internet == fields.end()) {
      Fail(node, "zone '" + zone.id + "' needs 'internet_connected: true' or 'false'");
    }
    zone.internet_connected = Bool(internet->second, "internet_connected");
    zone.flag_unreadable = zone.internet_connected;
    if (auto it = fields.find("flag_unreadable"); it != fields.end()) {
      zone.flag_unreadable = Bool(it->second, "flag_unreadable");
    }
    const auto paths = fields.find("paths");
    if (paths == fields.end()) Fail(node, "zone '" + zone.id + "' needs 'paths'");
    zone.paths = Globs(paths->second, "paths");
    return zone;
  }

  RetentionRule ParseRetention(const YAML::Node& node) {
    const Fields fields =
        Keys(node, "a retention rule", {"id", "zones", "paths", "items", "max_age_days"});
    RetentionRule rule;
    rule.id = Id(fields, node, "a retention rule");
    rule.scope = ParseScope(fields);
    const auto age = fields.find("max_age_days");
    if (age == fields.end()) Fail(node, "retention rule '" + rule.id + "' needs 'max_age_days'");
    rule.max_age_days = Integer(age->second, "max_age_days");
    return rule;
  }

  ProtectionRule ParseProtection(const YAML::Node& node) {
    const Fields fields =
        Keys(node, "a protection rule", {"id", "zones", "paths", "items", "require", "formats"});
    ProtectionRule rule;
    rule.id = Id(fields, node, "a protection rule");
    rule.scope = ParseScope(fields);
    const auto require = fields.find("require");
    if (require == fields.end()) {
      Fail(node, "protection rule '" + rule.id + "' needs 'require: password' or 'encryption'");
    }
    const std::string value = String(require->second, "require");
    if (value == "password") {
      rule.require = Requirement::kPassword;
    } else if (value == "encryption") {
      rule.require = Requirement::kEncryption;
    } else {
      Fail(require->second, "'require' must be password or encryption");
    }
    if (auto it = fields.find("formats"); it != fields.end()) {
      rule.formats = Strings(it->second, "formats");
      for (size_t i = 0; i < rule.formats.size(); ++i) {
        for (char c : rule.formats[i]) {
          if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            Fail(it->second[i], "format '" + rule.formats[i] +
                                    "' is not a format name (lower case, as in the scan's "
                                    "\"format\" field: csv, xlsx, xls, pdf, mdb, zip...)");
          }
        }
      }
    }
    return rule;
  }

  AccessRule ParseAccess(const YAML::Node& node) {
    const Fields fields =
        Keys(node, "an access rule",
             {"id", "zones", "paths", "items", "forbid_others", "broad_groups", "allowed_readers"});
    AccessRule rule;
    rule.id = Id(fields, node, "an access rule");
    rule.scope = ParseScope(fields);
    if (auto it = fields.find("forbid_others"); it != fields.end()) {
      rule.forbid_others = Bool(it->second, "forbid_others");
    }
    if (auto it = fields.find("broad_groups"); it != fields.end()) {
      rule.broad_groups = Strings(it->second, "broad_groups");
    }
    if (auto it = fields.find("allowed_readers"); it != fields.end()) {
      rule.restrict_readers = true;
      if (!it->second.IsSequence()) Fail(it->second, "'allowed_readers' must be a list");
      for (const YAML::Node& item : it->second) {
        const std::string text = String(item, "allowed_readers entry");
        Principal principal;
        if (text.rfind("user:", 0) == 0) {
          principal.name = text.substr(5);
        } else if (text.rfind("group:", 0) == 0) {
          principal.group = true;
          principal.name = text.substr(6);
        }
        if (principal.name.empty()) {
          Fail(item, "allowed reader '" + text + "' must be user:NAME or group:NAME");
        }
        rule.allowed_readers.push_back(std::move(principal));
      }
    }
    return rule;
  }

  void ParseRisk(const YAML::Node& node, RiskWeights& weights) const {
    const Fields fields = Keys(node, "risk",
                               {"items", "categories", "zone", "protection", "readable_by_everyone",
                                "age", "unknown_content"});
    if (auto it = fields.find("items"); it != fields.end()) {
      const Fields items = Keys(it->second, "risk.items",
                                {"pension_number", "my_number", "corporate_number", "name",
                                 "birth_date", "address", "phone", "email"});
      for (const auto& [name, value] : items) {
        weights.items[static_cast<size_t>(*ItemFromName(name))] =
            Number(value, "risk.items." + name);
      }
    }
    if (auto it = fields.find("categories"); it != fields.end()) {
      const Fields categories = Keys(it->second, "risk.categories", {"4", "3", "2"});
      for (const auto& [name, value] : categories) {
        double& target = name == "4"   ? weights.category4
                         : name == "3" ? weights.category3
                                       : weights.category2;
        target = Number(value, "risk.categories." + name);
      }
    }
    if (auto it = fields.find("zone"); it != fields.end()) {
      const Fields zone = Keys(it->second, "risk.zone", {"internet", "isolated", "none"});
      for (const auto& [name, value] : zone) {
        double& target = name == "internet"   ? weights.zone_internet
                         : name == "isolated" ? weights.zone_isolated
                                              : weights.zone_none;
        target = Number(value, "risk.zone." + name);
      }
    }
    if (auto it = fields.find("protection"); it != fields.end()) {
      const Fields protection =
          Keys(it->second, "risk.protection", {"none", "password", "encrypted", "unknown"});
      for (const auto& [name, value] : protection) {
        const size_t index = name == "none"        ? 0
                             : name == "password"  ? 1
                             : name == "encrypted" ? 2
                                                   : 3;
        weights.protection[index] = Number(value, "risk.protection." + name);
      }
    }
    if (auto it = fields.find("readable_by_everyone"); it != fields.end()) {
      weights.readable_by_everyone = Number(it->second, "risk.readable_by_everyone");
    }
    if (auto it = fields.find("age"); it != fields.end()) {
      const Fields age = Keys(it->second, "risk.age", {"per_year", "max_years"});
      if (auto per = age.find("per_year"); per != age.end()) {
        weights.age_per_year = Number(per->second, "risk.age.per_year");
      }
      if (auto max = age.find("max_years"); max != age.end()) {
        weights.age_max_years = Number(max->second, "risk.age.max_years");
      }
    }
    if (auto it = fields.find("unknown_content"); it != fields.end()) {
      weights.unknown_content = Number(it->second, "risk.unknown_content");
    }
  }

  std::string source_;
  std::set<std::string> ids_;
  std::set<std::string> zone_ids_;
  std::vector<ZoneReference> zone_references_;
};

}  // namespace

Result<Model> ParseModel(std::string_view yaml_text, std::string_view source_name) {
  try {
    const YAML::Node root = YAML::Load(std::string(yaml_text));
    Parser parser(source_name);
    return parser.Run(root);
  } catch (const Failure& failure) {
    return MakeError(ErrorCode::kInvalidArgument, failure.message);
  } catch (const YAML::Exception& error) {
    return MakeError(ErrorCode::kInvalidArgument,
                     At(source_name, error.mark) + "not valid YAML: " + error.msg);
  } catch (const std::exception& error) {
    return MakeError(ErrorCode::kInvalidArgument, std::string(source_name) + ": " + error.what());
  }
}

}  // namespace mamori::policy::internal
