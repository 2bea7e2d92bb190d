#include "report/internal/json_fields.h"

#include "report/internal/reporters.h"

namespace mamori::report::internal {

nlohmann::ordered_json FileJson(const FileResult& result) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  bool lossless = true;
  object["path"] = DisplayPath(result.path, &lossless);
  if (!lossless) object["path_b64"] = Base64(result.path);
  object["format"] = result.format;
  object["encoding"] = result.encoding;
  object["size"] = result.size;
  object["mtime"] = IsoTime(result.mtime);
  object["outcome"] = OutcomeName(result.outcome);
  if (result.unchanged) object["unchanged"] = true;
  if (!result.reason.empty()) object["reason"] = result.reason;
  object["protection"] = ProtectionName(result.protection);
  if (!result.content_readable) object["content_readable"] = false;
  if (!result.acl.empty()) object["acl"] = result.acl;
  if (!result.container.empty()) {
    nlohmann::ordered_json containers = nlohmann::ordered_json::array();
    for (const std::string& outer : result.container) containers.push_back(DisplayPath(outer));
    object["container"] = std::move(containers);
  }
  const record::FileTally& tally = result.tally;
  object["records"] = tally.records;
  object["records_read"] = tally.records_read;
  object["people"] = tally.people;
  if (!tally.people_exact) object["people_exact"] = false;
  nlohmann::ordered_json items = nlohmann::ordered_json::object();
  for (Item item : kAllItems) items[std::string(ItemName(item))] = tally.ItemCount(item);
  object["items"] = std::move(items);
  object["categories"] = {{"4", tally.category4}, {"3", tally.category3}, {"2", tally.category2}};
  if (tally.has_personal_data()) object["confidence"] = ConfidenceName(tally.confidence);
  nlohmann::ordered_json samples = nlohmann::ordered_json::array();
  for (const MaskedValue& sample : tally.samples) {
    samples.push_back({{"item", ItemName(sample.item())}, {"value", sample.text()}});
  }
  object["samples"] = std::move(samples);
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (const Error& error : result.errors) {
    errors.push_back(std::string(ErrorCodeName(error.code)) + ": " + error.message);
  }
  object["errors"] = std::move(errors);
  return object;
}

std::string DumpJson(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace mamori::report::internal
