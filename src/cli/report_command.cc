#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "inventory/i18n.h"
#include "inventory/report.h"
#include "store/store.h"

namespace mamori::cli {
namespace {

struct ReportArgs {
  std::string db;
  std::string format = "html";
  std::string lang = "ja";
  std::string output;
  uint32_t top = 50;
  std::string share;
  std::string zone;
  std::string rule;
  double min_risk = 0;
  std::string now;
  double fail_on = -1;
};

// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// --now: seconds since the epoch, or 2026-11-23T00:15:00Z (UTC), for reproducible reports.
std::optional<int64_t> ParseNow(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char z = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) == 7 &&
      z == 'Z' && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && s < 61) {
    return DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  }
  size_t used = 0;
  try {
    const long long value = std::stoll(text, &used);
    if (used == text.size() && value > 0) return value;
  } catch (...) {
  }
  return std::nullopt;
}

// store::Open creates a missing SQLite file; a report on a mistyped path must fail instead.
bool SqliteFileMissing(const std::string& url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return false;
  const std::string path = url.starts_with("sqlite:") ? url.substr(7) : url;
  struct stat st {};
  return ::stat(path.c_str(), &st) != 0;
}

int RunReport(const ReportArgs& args) {
  inventory::ReportOptions options;
  const std::optional<inventory::ReportFormat> format =
      inventory::ReportFormatFromName(args.format);
  if (!format) {
    std::cerr << "mamori report: --format takes html, csv or jsonl\n";
    return kExitError;
  }
  options.format = *format;
  const std::optional<inventory::Lang> lang = inventory::LangFromName(args.lang);
  if (!lang) {
    std::cerr << "mamori report: --lang takes ja or en\n";
    return kExitError;
  }
  options.lang = *lang;
  if (!args.now.empty()) {
    const std::optional<int64_t> now = ParseNow(args.now);
    if (!now) {
      std::cerr << "mamori report: --now takes seconds since the epoch or "
                   "YYYY-MM-DDTHH:MM:SSZ\n";
      return kExitError;
    }
    options.now = *now;
  }
  options.top = args.top;
  options.filter.share = args.share;
  options.filter.zone = args.zone;
  options.filter.rule = args.rule;
  options.filter.min_risk = args.min_risk;
  options.store_label = inventory::StoreLabel(args.db);

  if (SqliteFileMissing(args.db)) {
    std::cerr << "mamori report: --db: no store at " << options.store_label << '\n';
    return kExitError;
  }
  Result<std::unique_ptr<store::Store>> db = store::Open(args.db);
  if (!db) {
    std::cerr << "mamori report: --db: " << db.error().message << '\n';
    return kExitError;
  }

  // A report is written whole or not at all: into a temporary file renamed at the end.
  Status written;
  if (args.output.empty() || args.output == "-") {
    written = inventory::WriteReport(**db, options, std::cout);
  } else {
    const std::string temporary = args.output + ".tmp";
    {
      std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
      if (!file) {
        std::cerr << "mamori report: cannot write " << temporary << '\n';
        return kExitError;
      }
      written = inventory::WriteReport(**db, options, file);
    }
    if (written && std::rename(temporary.c_str(), args.output.c_str()) != 0) {
      written = MakeError(ErrorCode::kIo, "cannot rename " + temporary + " to " + args.output);
    }
    if (!written) std::remove(temporary.c_str());
  }
  if (!written) {
    std::cerr << "mamori report: " << written.error().message << '\n';
    return kExitError;
  }

  if (args.fail_on >= 0) {
    store::FindingFilter at_risk = options.filter;
    at_risk.min_risk = std::max(at_risk.min_risk, args.fail_on);
    Result<uint64_t> count = (*db)->CountFindings(at_risk);
    if (!count) {
      std::cerr << "mamori report: --db: " << count.error().message << '\n';
      return kExitError;
    }
    if (*count > 0) return kExitFindings;
  }
  return kExitClean;
}

}  // namespace

void AddReportCommand(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* report = app.add_subcommand(
      "report",
      "Write a report of a store: one self-contained HTML page (summary, charts, riskiest "
      "files, scan history) or CSV/JSONL with one row per file holding personal data "
      "(doc/report.md).\n"
      "Exit status: 0 written, 1 a file at or above --fail-on, 2 usage or fatal error.");
  report
      ->add_option("--db", args->db,
                   "The store: a SQLite file (PATH or sqlite:PATH) or postgresql://...")
      ->required();
  report->add_option("--format", args->format, "html | csv | jsonl (default: html)");
  report->add_option("--lang", args->lang, "ja | en (default: ja)");
  report->add_option("-o,--output", args->output, "Write to FILE (default: standard output)");
  report->add_option("--top", args->top, "Files in the HTML table of riskiest files (default 50)");
  report->add_option("--share", args->share, "Only files under this scan root");
  report->add_option("--zone", args->zone, "Only files in this zone (policy zone id)");
  report->add_option("--rule", args->rule, "Only files violating this rule id");
  report->add_option("--min-risk", args->min_risk, "Only files with at least this risk score");
  report->add_option("--now", args->now,
                     "The report's time, for reproducible output: seconds since the epoch or "
                     "YYYY-MM-DDTHH:MM:SSZ (default: now)");
  report->add_option("--fail-on", args->fail_on,
                     "Exit 1 when a matching file's risk score is at least this");
  report->callback([&run, args] { run = [args] { return RunReport(*args); }; });
}

}  // namespace mamori::cli
