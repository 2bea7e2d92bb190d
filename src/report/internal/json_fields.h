// Private to the report module: the JSON object of one file, shared by jsonl and sarif.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "report/reporter.h"

namespace mamori::report::internal {

// The JSONL schema (doc/report-jsonl.md): path (+ path_b64 when the name is not UTF-8),
// format, encoding, size, mtime, outcome, reason, protection, content_readable, acl (only when
// the file has one), container, records, records_read, people,
// people_exact, items, categories, confidence, samples, errors.
nlohmann::ordered_json FileJson(const FileResult& result);

// Serialises with invalid UTF-8 replaced, never throwing.
std::string DumpJson(const nlohmann::ordered_json& value);

}  // namespace mamori::report::internal
