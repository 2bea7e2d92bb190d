// One file: what it holds (counts and masked samples only), where it is, who can read it,
// what the policy says about it, its history and its acknowledgements, and for operators
// the form to acknowledge it.
#include <charconv>
#include <cstdio>

#include "inventory/html.h"
#include "inventory/i18n.h"
#include "serve/internal/console.h"
#include "serve/internal/layout.h"

namespace mamori::serve::internal {
namespace {

constexpr size_t kMaxOwner = 200;
constexpr size_t kMaxNote = 2000;

std::optional<int64_t> FileId(const Request& request) {
  int64_t id = 0;
  const std::string& text = request.path_id;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

// "-rw-r--r-- (0644)"
std::string ModeText(uint32_t mode) {
  std::string text = (mode & 0040000) != 0 ? "d" : "-";
  const char* letters = "rwxrwxrwx";
  for (int bit = 0; bit < 9; ++bit) {
    text += (mode & (0400u >> bit)) != 0 ? letters[bit] : '-';
  }
  char octal[16];
  std::snprintf(octal, sizeof octal, " (%04o)", mode & 07777);
  return text + octal;
}

bool ValidDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  int year = 0;
  int month = 0;
  int day = 0;
  auto number = [&](size_t at, size_t length, int& out) {
    const auto [end, error] = std::from_chars(date.data() + at, date.data() + at + length, out);
    return error == std::errc() && end == date.data() + at + length;
  };
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day)) return false;
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= (month == 2 && !leap ? 28 : kDays[month - 1]);
}

void Fact(std::string& out, std::string_view label, std::string_view html_value) {
  out += "<dt>" + Esc(label) + "</dt><dd>" + std::string(html_value) + "</dd>";
}

std::string AckForm(const Request& request, const store::FileRow& file, std::string_view error,
                    const Params& previous) {
  auto value = [&](const char* name) {
    const auto it = previous.find(name);
    return it == previous.end() ? std::string() : Esc(it->second);
  };
  std::string out = "<h2>" + Esc(T(request, "ack_form_title")) + "</h2>";
  if (!error.empty()) {
    out += "<p class=\"error\" role=\"alert\">" + Esc(T(request, error)) + "</p>";
  }
  out += "<form class=\"ack\" method=\"post\" action=\"/files/" + std::to_string(file.file_id) +
         "/ack\" data-testid=\"ack-form\">" + CsrfField(request);
  out += "<label for=\"ack-owner\">" + Esc(T(request, "ack_owner")) +
         "</label><input id=\"ack-owner\" name=\"owner\" required maxlength=\"200\" value=\"" +
         value("owner") + "\">";
  out += "<label for=\"ack-due\">" + Esc(T(request, "ack_due_date")) +
         "</label><input id=\"ack-due\" type=\"date\" name=\"due_date\" required value=\"" +
         value("due_date") + "\">";
  out += "<label for=\"ack-rule\">" + Esc(T(request, "ack_rule")) +
         "</label><select id=\"ack-rule\" name=\"rule\"><option value=\"\">" +
         Esc(T(request, "ack_rule_all")) + "</option>";
  for (const policy::Violation& violation : file.assessment.violations) {
    out += "<option value=\"" + Esc(violation.rule) + "\">" + Esc(violation.rule) + "</option>";
  }
  out += "</select>";
  out += "<label for=\"ack-note\">" + Esc(T(request, "ack_note")) +
         "</label><textarea id=\"ack-note\" name=\"note\" maxlength=\"2000\">" + value("note") +
         "</textarea>";
  out += "<span></span><div><button type=\"submit\">" + Esc(T(request, "ack_submit")) +
         "</button></div></form>";
  return out;
}

Response Render(Console& console, const Request& request, int64_t id, std::string_view error,
                const Params& previous, int status) {
  Result<std::optional<store::FileRow>> found = console.store.GetFile(id);
  if (!found) return ErrorPage(request, 500, "error_store");
  if (!*found) return ErrorPage(request, 404, "error_not_found");
  const store::FileRow& file = **found;
  Result<std::vector<store::FileHistoryRow>> history = console.store.FileHistory(id);
  Result<std::vector<store::Acknowledgement>> acks = console.store.ListAcknowledgements(id);
  if (!history || !acks) return ErrorPage(request, 500, "error_store");

  std::string body = "<dl class=\"facts\">";
  Fact(body, T(request, "col_path"), "<span class=\"path\">" + Esc(file.display_path) + "</span>");
  if (!file.container.empty()) {
    std::string chain;
    for (const std::string& outer : file.container) {
      chain += (chain.empty() ? "" : " › ") + Esc(outer);
    }
    Fact(body, T(request, "file_container"), chain);
  }
  Fact(body, T(request, "col_share"), Esc(file.share));
  Fact(body, T(request, "col_zone"), Esc(ZoneLabel(request, file.assessment.zone)));
  Fact(body, T(request, "col_risk"), RiskBadge(file.assessment.risk));
  Fact(body, T(request, "col_people"),
       inventory::FormatCount(file.people) +
           (file.people_exact ? "" : " " + Esc(T(request, "file_people_estimated"))));
  Fact(body, T(request, "file_records"),
       Tf(request, "file_records_of",
          {inventory::FormatCount(file.records), inventory::FormatCount(file.records_read)}));
  Fact(body, T(request, "file_categories"),
       Tf(request, "file_categories_value",
          {inventory::FormatCount(file.category4), inventory::FormatCount(file.category3),
           inventory::FormatCount(file.category2)}));
  if (file.confidence) {
    Fact(body, T(request, "file_confidence"), Esc(ConfidenceName(*file.confidence)));
  }
  Fact(body, T(request, "file_protection"),
       Esc(T(request, "protection_" + std::string(ProtectionName(file.protection)))));
  Fact(body, T(request, "col_owner"),
       Esc(file.assessment.owner) + " <span class=\"muted\">(uid " + std::to_string(file.uid) +
           ", gid " + std::to_string(file.gid) + ")</span>");
  Fact(body, T(request, "file_mode"), "<code>" + Esc(ModeText(file.mode)) + "</code>");
  Fact(body, T(request, "file_acl"),
       file.acl.empty() ? Esc(T(request, "file_acl_none")) : "<code>" + Esc(file.acl) + "</code>");
  Fact(body, T(request, "file_format"),
       Esc(file.format) + (file.encoding.empty() ? "" : " / " + Esc(file.encoding)));
  Fact(body, T(request, "file_size"), inventory::FormatCount(file.size) + " B");
  Fact(body, T(request, "col_modified"), Esc(When(file.mtime)));
  Fact(body, T(request, "file_outcome"),
       Esc(T(request, "outcome_" + std::string(report::OutcomeName(file.outcome)))) +
           (file.reason.empty() ? "" : " (" + Esc(file.reason) + ")"));
  Fact(body, T(request, "file_seen"),
       Tf(request, "file_seen_value",
          {std::to_string(file.first_seen_scan), std::to_string(file.last_seen_scan)}));
  body += "</dl>";

  body += "<h2>" + Esc(T(request, "file_items")) + "</h2>";
  body += "<div class=\"table-wrap\"><table class=\"data\"><thead><tr><th>" +
          Esc(T(request, "col_item")) + "</th><th class=\"num\">" +
          Esc(T(request, "file_records")) + "</th><th>" + Esc(T(request, "file_samples")) +
          "</th></tr></thead><tbody>";
  for (Item item : kAllItems) {
    const uint64_t count = file.items[static_cast<size_t>(item)];
    if (count == 0) continue;
    body += "<tr><td>" + Esc(ItemLabel(request, item)) + "</td><td class=\"num\">" +
            inventory::FormatCount(count) + "</td><td>";
    bool first = true;
    for (const auto& [sample_item, masked] : file.samples) {
      if (sample_item != item) continue;
      body += std::string(first ? "" : " ") + "<code class=\"sample\">" + Esc(masked) + "</code>";
      first = false;
    }
    body += "</td></tr>";
  }
  body += "</tbody></table></div>";

  body += "<h2>" + Esc(T(request, "col_violations")) + "</h2>";
  if (file.assessment.violations.empty()) {
    body += "<p class=\"muted\">" + Esc(T(request, "none")) + "</p>";
  } else {
    body += "<ul class=\"violations\">";
    for (const policy::Violation& violation : file.assessment.violations) {
      body += "<li><span class=\"rule\">" + Esc(violation.rule) + "</span> <span class=\"badge\">" +
              Esc(T(request, "kind_" + std::string(policy::RuleKindName(violation.kind)))) +
              "</span> " + Esc(inventory::EvidenceText(violation.evidence, request.lang)) + "</li>";
    }
    body += "</ul>";
  }

  if (!file.errors.empty()) {
    body += "<h2>" + Esc(T(request, "file_errors")) + "</h2><ul>";
    for (const Error& problem : file.errors) {
      body += "<li><code>" + Esc(ErrorCodeName(problem.code)) + "</code> " + Esc(problem.message) +
              "</li>";
    }
    body += "</ul>";
  }

  body += "<h2>" + Esc(T(request, "file_acknowledgements")) + "</h2>";
  if (acks->empty()) {
    body += "<p class=\"muted\">" + Esc(T(request, "file_no_acks")) + "</p>";
  } else {
    body += "<ul class=\"acks\">";
    for (const store::Acknowledgement& ack : *acks) {
      body += "<li data-testid=\"acknowledgement\">" +
              Tf(request, "ack_line",
                 {ack.owner, ack.due_date,
                  ack.rule.empty() ? std::string(T(request, "ack_rule_all")) : ack.rule}) +
              "<br><span class=\"muted\">" + Tf(request, "ack_by", {ack.by_user, When(ack.at)}) +
              "</span>";
      if (!ack.note.empty()) body += "<br>" + Esc(ack.note);
      body += "</li>";
    }
    body += "</ul>";
  }
  const bool may_acknowledge = request.session && request.session->role != store::Role::kViewer;
  if (may_acknowledge) body += AckForm(request, file, error, previous);

  body += "<h2>" + Esc(T(request, "file_history")) + "</h2>";
  body += "<div class=\"table-wrap\"><table class=\"data\"><thead><tr><th>" +
          Esc(T(request, "col_scan")) + "</th><th>" + Esc(T(request, "col_started")) + "</th><th>" +
          Esc(T(request, "file_outcome")) + "</th><th class=\"num\">" +
          Esc(T(request, "file_records")) + "</th><th class=\"num\">" +
          Esc(T(request, "col_people")) + "</th></tr></thead><tbody>";
  for (const store::FileHistoryRow& row : *history) {
    body += "<tr><td>#" + std::to_string(row.scan_id) + "</td><td>" + Esc(When(row.started_at)) +
            "</td><td>" +
            Esc(row.unchanged
                    ? T(request, "history_unchanged")
                    : T(request, "outcome_" + std::string(report::OutcomeName(row.outcome)))) +
            "</td><td class=\"num\">" + inventory::FormatCount(row.records) +
            "</td><td class=\"num\">" + inventory::FormatCount(row.people) + "</td></tr>";
  }
  body += "</tbody></table></div>";
  return HtmlPage(request, "findings", T(request, "file_title"), "file-detail", body, status);
}

}  // namespace

Response FilePage(Console& console, const Request& request) {
  const std::optional<int64_t> id = FileId(request);
  if (!id) return ErrorPage(request, 404, "error_not_found");
  return Render(console, request, *id, "", {}, 200);
}

Response AcknowledgePost(Console& console, const Request& request) {
  const std::optional<int64_t> id = FileId(request);
  if (!id) return ErrorPage(request, 404, "error_not_found");
  Result<std::optional<store::FileRow>> file = console.store.GetFile(*id);
  if (!file) return ErrorPage(request, 500, "error_store");
  if (!*file) return ErrorPage(request, 404, "error_not_found");
  const std::string& owner = request.Param("owner");
  const std::string& due_date = request.Param("due_date");
  const std::string& note = request.Param("note");
  const std::string& rule = request.Param("rule");
  std::string_view error;
  if (owner.empty() || owner.size() > kMaxOwner) error = "ack_error_owner";
  if (error.empty() && !ValidDate(due_date)) error = "ack_error_date";
  if (error.empty() && note.size() > kMaxNote) error = "ack_error_note";
  if (error.empty() && !rule.empty()) {
    bool known = false;
    for (const policy::Violation& violation : (*file)->assessment.violations) {
      known = known || violation.rule == rule;
    }
    if (!known) error = "ack_error_rule";
  }
  if (!error.empty()) return Render(console, request, *id, error, request.params, 400);
  Result<int64_t> stored = console.store.Acknowledge({.id = 0,
                                                      .file_id = *id,
                                                      .rule = rule,
                                                      .owner = owner,
                                                      .due_date = due_date,
                                                      .note = note,
                                                      .by_user = request.session->user,
                                                      .at = console.Now()});
  if (!stored) return ErrorPage(request, 500, "error_store");
  console.Changed();
  // Post/redirect/get: a reload shows the page again instead of posting twice.
  return Redirect("/files/" + std::to_string(*id));
}

}  // namespace mamori::serve::internal
