#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/utf8.h"
#include "inventory/internal/report_fields.h"
#include "inventory/report.h"

namespace mamori::inventory {
namespace {

// Machine-readable: no thousands separators, always two decimals (the policy rounds to 2).
std::string RiskText(double risk) {
  if (!std::isfinite(risk)) return "0.00";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.2f", risk);
  return buffer;
}

// RFC 4180 quoting; and a text starting with = + - @ or a control gets a leading apostrophe,
// because the security team opens these files in a spreadsheet and a file name such as
// "=HYPERLINK(...)" must stay text (OWASP "CSV injection").
std::string CsvText(std::string_view text) {
  std::string value;
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    value = "'";
  }
  value += text;
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string JoinViolationRules(const policy::Assessment& a) {
  std::string out;
  for (const policy::Violation& v : a.violations) out += (out.empty() ? "" : ";") + v.rule;
  return out;
}

std::string JoinEvidence(const policy::Assessment& a, Lang lang) {
  std::string out;
  for (const policy::Violation& v : a.violations) {
    out += (out.empty() ? "" : " | ") + v.rule + ": " + EvidenceText(v.evidence, lang);
  }
  return out;
}

}  // namespace

void WriteCsvHeader(std::ostream& out) {
  out << "rank,file_id,path,share,zone,owner,risk,people,people_exact,records";
  for (Item item : kAllItems) out << ',' << ItemName(item);
  out << ",protection,readable_by_everyone,mode,mtime,violations,evidence,ack_rule,ack_owner,"
         "ack_due,ack_overdue,ack_by,ack_at\n";
}

void WriteCsvRow(const store::FileRow& row, uint64_t rank, int64_t now, Lang lang,
                 std::ostream& out) {
  const policy::Assessment& a = row.assessment;
  out << rank << ',' << row.file_id << ',' << CsvText(row.display_path) << ',' << CsvText(row.share)
      << ',' << CsvText(a.zone) << ',' << CsvText(a.owner) << ',' << RiskText(a.risk) << ','
      << row.people << ',' << (row.people_exact ? "true" : "false") << ',' << row.records;
  for (Item item : kAllItems) out << ',' << row.items[static_cast<size_t>(item)];
  out << ',' << ProtectionName(row.protection) << ','
      << (internal::ReadableByEveryone(row) ? "true" : "false") << ','
      << (row.container.empty() ? internal::ModeOctal(row.mode) : "") << ','
      << internal::IsoUtc(row.mtime) << ',' << CsvText(JoinViolationRules(a)) << ','
      << CsvText(JoinEvidence(a, lang));
  if (row.acknowledgement) {
    const store::Acknowledgement& ack = *row.acknowledgement;
    out << ',' << CsvText(ack.rule) << ',' << CsvText(ack.owner) << ',' << CsvText(ack.due_date)
        << ',' << (internal::IsOverdue(ack, now) ? "true" : "false") << ',' << CsvText(ack.by_user)
        << ',' << internal::IsoUtc(ack.at);
  } else {
    out << ",,,,,,";
  }
  out << '\n';
}

void WriteJsonlRow(const store::FileRow& row, uint64_t rank, int64_t now, Lang lang,
                   std::ostream& out) {
  const policy::Assessment& a = row.assessment;
  nlohmann::ordered_json json;
  json["rank"] = rank;
  json["file_id"] = row.file_id;
  json["path"] = row.display_path;
  // The raw bytes, when the name is not UTF-8 and the display text cannot give them back.
  if (!IsValidUtf8(row.path)) json["path_b64"] = report::Base64(row.path);
  json["share"] = row.share;
  json["zone"] = a.zone;
  json["owner"] = a.owner;
  json["risk"] = std::isfinite(a.risk) ? std::round(a.risk * 100) / 100 : 0.0;
  json["people"] = row.people;
  json["people_exact"] = row.people_exact;
  json["records"] = row.records;
  nlohmann::ordered_json items = nlohmann::ordered_json::object();
  for (Item item : kAllItems)
    items[std::string(ItemName(item))] = row.items[static_cast<size_t>(item)];
  json["items"] = std::move(items);
  json["protection"] = ProtectionName(row.protection);
  json["readable_by_everyone"] = internal::ReadableByEveryone(row);
  json["mode"] = row.container.empty() ? nlohmann::ordered_json(internal::ModeOctal(row.mode))
                                       : nlohmann::ordered_json(nullptr);
  json["mtime"] = internal::IsoUtc(row.mtime);
  nlohmann::ordered_json violations = nlohmann::ordered_json::array();
  for (const policy::Violation& v : a.violations) {
    nlohmann::ordered_json entry = {{"rule", v.rule},
                                    {"kind", policy::RuleKindName(v.kind)},
                                    {"evidence", EvidenceText(v.evidence, lang)}};
    // The facts as stored, for an auditor's tools (doc/policy.md "Evidence").
    if (policy::IsEncodedEvidence(v.evidence)) {
      entry["facts"] = nlohmann::ordered_json::parse(v.evidence);
    }
    violations.push_back(std::move(entry));
  }
  json["violations"] = std::move(violations);
  if (row.acknowledgement) {
    const store::Acknowledgement& ack = *row.acknowledgement;
    json["acknowledgement"] = {
        {"rule", ack.rule},         {"owner", ack.owner},
        {"due_date", ack.due_date}, {"overdue", internal::IsOverdue(ack, now)},
        {"by", ack.by_user},        {"at", internal::IsoUtc(ack.at)}};
  } else {
    json["acknowledgement"] = nullptr;
  }
  // Replace, never throw, on text that is not UTF-8 (a display path always is).
  out << json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace mamori::inventory
