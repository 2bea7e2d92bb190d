#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "report/internal/json_fields.h"
#include "report/internal/reporters.h"

namespace mamori::report::internal {
namespace {

using Json = nlohmann::ordered_json;

std::string RuleId(Item item) { return "mamori/" + std::string(ItemName(item)); }

// Identifiers and 4/3-item records are what leaked in 2015: they are errors; the rest
// warnings.
std::string_view Level(Item item) {
  switch (item) {
    case Item::kPensionNumber:
    case Item::kMyNumber:
      return "error";
    case Item::kCorporateNumber:
      return "note";
    default:
      return "warning";
  }
}

// RFC 3986 percent-encoding of a relative path for artifactLocation.uri.
std::string UriFromPath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri;
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
        (byte >= '0' && byte <= '9') || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri.push_back(c);
    } else {
      uri.push_back('%');
      uri.push_back(kHex[byte >> 4]);
      uri.push_back(kHex[byte & 15]);
    }
  }
  return uri;
}

// SARIF 2.1.0: one result per file and item found, so code-scanning dashboards can group
// by rule. Buffered because SARIF is one JSON document.
class SarifReporter final : public Reporter {
 public:
  SarifReporter(std::ostream& out, const ReportOptions&) : out_(out) {}

  void File(const FileResult& result) override {
    if (!result.has_findings()) return;
    const record::FileTally& tally = result.tally;
    for (Item item : kAllItems) {
      const uint64_t count = tally.ItemCount(item);
      if (count == 0) continue;
      Json entry;
      entry["ruleId"] = RuleId(item);
      entry["level"] = Level(item);
      entry["message"] = {{"text", std::to_string(count) + " records with " +
                                       std::string(ItemName(item)) + " (" +
                                       std::to_string(tally.records) + " personal records, " +
                                       std::to_string(tally.people) + " people in the file)"}};
      entry["locations"] = Json::array(
          {{{"physicalLocation", {{"artifactLocation", {{"uri", UriFromPath(result.path)}}}}}}});
      entry["properties"] = {
          {"records", tally.records},
          {"people", tally.people},
          {"encoding", result.encoding},
          {"categories", {{"4", tally.category4}, {"3", tally.category3}, {"2", tally.category2}}}};
      results_.push_back(std::move(entry));
    }
  }

  void End(const ScanSummary&) override {
    Json rules = Json::array();
    for (Item item : kAllItems) {
      rules.push_back(
          {{"id", RuleId(item)},
           {"name", std::string(ItemName(item))},
           {"shortDescription", {{"text", "Personal data: " + std::string(ItemName(item))}}},
           {"defaultConfiguration", {{"level", Level(item)}}}});
    }
    Json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", Json::array({{{"tool",
                                        {{"driver",
                                          {{"name", "mamori"},
                                           {"informationUri", "https://example.invalid/mamori"},
                                           {"rules", rules}}}}},
                                       {"results", results_}}})}};
    out_ << log.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
    out_.flush();
  }

 private:
  std::ostream& out_;
  Json results_ = Json::array();
};

}  // namespace

std::unique_ptr<Reporter> MakeSarifReporter(std::ostream& out, const ReportOptions& options) {
  return std::make_unique<SarifReporter>(out, options);
}

}  // namespace mamori::report::internal
