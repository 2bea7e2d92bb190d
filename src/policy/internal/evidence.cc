#include "policy/internal/evidence.h"

#include <ctime>
#include <nlohmann/json.hpp>

namespace mamori::policy::internal {
namespace {

using Json = nlohmann::ordered_json;

Json Head(std::string_view kind) {
  Json facts;
  facts["v"] = kEvidenceVersion;
  facts["m"] = kind;
  return facts;
}

void AddPeople(Json& facts, const PeopleFacts& people) {
  facts["people"] = people.people;
  facts["exact"] = people.exact;
  facts["records"] = people.records;
  Json items = Json::array();
  for (Item item : people.items) items.push_back(ItemName(item));
  facts["items"] = std::move(items);
}

void AddZone(Json& facts, const Zone& zone) {
  facts["zone"] = zone.id;
  if (!zone.label.empty()) facts["label"] = zone.label;
}

// Labels, formats and names come from a policy file or the host: a byte that is not UTF-8
// is replaced rather than failing the assessment.
std::string Dump(const Json& facts) {
  return facts.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string UtcDate(int64_t seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm parts{};
  ::gmtime_r(&time, &parts);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &parts);
  return buffer;
}

Json GrantFacts(const Grant& grant) {
  Json facts;
  facts["who"] = grant.group ? "group" : "user";
  facts["name"] = grant.name;
  facts["id"] = grant.id;
  if (grant.owning_group) facts["owning"] = true;
  if (grant.via_acl) {
    facts["acl"] = grant.acl_entry;
    if (!grant.acl_mask.empty()) facts["mask"] = grant.acl_mask;
  }
  return facts;
}

}  // namespace

std::string ZoneEvidence(const PeopleFacts& people, const Zone& zone) {
  Json facts = Head("zone");
  AddZone(facts, zone);
  AddPeople(facts, people);
  return Dump(facts);
}

std::string UnknownContentEvidence(Protection protection, const Zone& zone) {
  Json facts = Head("unknown");
  facts["protection"] = ProtectionName(protection);
  AddZone(facts, zone);
  facts["internet"] = zone.internet_connected;
  return Dump(facts);
}

std::string RetentionEvidence(int64_t mtime, int64_t age_days, int64_t max_days,
                              const PeopleFacts& people) {
  Json facts = Head("retention");
  facts["mtime"] = UtcDate(mtime);
  facts["age_days"] = age_days;
  facts["max_days"] = max_days;
  AddPeople(facts, people);
  return Dump(facts);
}

std::string ProtectionEvidence(Protection found, std::string_view format, Requirement require,
                               const PeopleFacts& people) {
  Json facts = Head("protection");
  facts["found"] = ProtectionName(found);
  facts["format"] = format;
  facts["require"] = require == Requirement::kEncryption ? "encryption" : "password";
  AddPeople(facts, people);
  return Dump(facts);
}

std::string AccessEvidence(std::string_view mode_text, const std::vector<AccessProblem>& problems) {
  Json facts = Head("access");
  facts["mode"] = mode_text;
  Json list = Json::array();
  for (const AccessProblem& problem : problems) {
    Json entry;
    switch (problem.kind) {
      case AccessProblem::Kind::kOthers:
        entry["p"] = "others";
        break;
      case AccessProblem::Kind::kBroadGroup:
        entry["p"] = "broad";
        entry.update(GrantFacts(problem.grant));
        break;
      case AccessProblem::Kind::kNotAllowed:
        entry["p"] = "reader";
        entry.update(GrantFacts(problem.grant));
        break;
    }
    list.push_back(std::move(entry));
  }
  facts["problems"] = std::move(list);
  return Dump(facts);
}

}  // namespace mamori::policy::internal
