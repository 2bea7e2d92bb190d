#include <unistd.h>

#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "base/keyed_hash.h"
#include "cli/commands.h"
#include "detect/detector.h"
#include "policy/policy.h"
#include "read/reader.h"
#include "report/reporter.h"
#include "scan/scan.h"
#include "store/store.h"

namespace mamori::cli {
namespace {

struct ScanArgs {
  std::vector<std::string> paths;
  std::string format;
  bool all = false;
  unsigned threads = 0;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::string max_filesize;
  bool one_file_system = false;
  bool follow = false;
  std::string fail_on = "any";
  bool show_values = false;
  std::string key_file;
  size_t samples = 2;
  std::string max_record_bytes = "1M";
  double max_seconds_per_file = 300;
  uint32_t max_depth = read::Limits().max_nesting_depth;
  std::string max_expanded_bytes = "4G";
  uint32_t max_expansion_ratio = read::Limits().max_expansion_ratio;
  uint32_t max_entries = read::Limits().max_entries;
  std::string max_spool_bytes = "256M";
  bool no_progress = false;
  std::string db;
  bool no_incremental = false;
  std::string policy;
};

// "10M", "2G", "512k", "1000" → bytes.
std::optional<uint64_t> ParseSize(const std::string& text) {
  if (text.empty()) return std::nullopt;
  size_t used = 0;
  uint64_t value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (...) {
    return std::nullopt;
  }
  const std::string suffix = text.substr(used);
  if (suffix.empty() || suffix == "B") return value;
  if (suffix == "K" || suffix == "k" || suffix == "KiB") return value << 10;
  if (suffix == "M" || suffix == "MiB") return value << 20;
  if (suffix == "G" || suffix == "GiB") return value << 30;
  return std::nullopt;
}

// What, besides a file's bytes, decides its result: a result recorded under another digest
// is read again rather than carried forward. The version stands for the detectors and
// readers; bump it with them.
std::string OptionsDigest(const scan::ScanOptions& options) {
  std::ostringstream digest;
  digest << "mamori 0.1.0;max_filesize=" << options.max_filesize
         << ";max_record_bytes=" << options.limits.max_record_bytes
         << ";max_seconds_per_file=" << options.limits.max_seconds_per_file
         << ";max_depth=" << options.limits.max_nesting_depth
         << ";max_expansion_ratio=" << options.limits.max_expansion_ratio
         << ";max_entries=" << options.limits.max_entries
         << ";max_expanded_bytes=" << options.limits.max_expanded_bytes
         << ";max_spool_bytes=" << options.limits.max_spool_bytes
         << ";samples=" << options.tally.samples_per_item
         << ";show_values=" << options.tally.show_values;
  return digest.str();
}

// --fail-on level → the lowest Confidence that fails, or 0 for never.
std::optional<int> FailThreshold(const std::string& level) {
  if (level == "any" || level == "low") return 1;
  if (level == "medium") return 2;
  if (level == "high") return 3;
  if (level == "never") return 0;
  return std::nullopt;
}

int RunScan(const ScanArgs& args) {
  // First, while this process has one thread (the store and the walk start others).
  read::StartIsolationServer();
  const bool stdout_terminal = ::isatty(STDOUT_FILENO) != 0;
  const std::string format_name =
      args.format.empty() ? (stdout_terminal ? "table" : "jsonl") : args.format;
  const std::optional<report::OutputFormat> format = report::OutputFormatFromName(format_name);
  if (!format) {
    std::cerr << "mamori scan: unknown --format " << format_name << '\n';
    return kExitError;
  }
  const std::optional<int> threshold = FailThreshold(args.fail_on);
  if (!threshold) {
    std::cerr << "mamori scan: --fail-on takes any, low, medium, high or never\n";
    return kExitError;
  }
  scan::ScanOptions options;
  options.walk.roots = args.paths;
  options.walk.include_globs = args.include;
  options.walk.exclude_globs = args.exclude;
  options.walk.one_file_system = args.one_file_system;
  options.walk.follow_symlinks = args.follow;
  options.walk.threads = args.threads;
  if (!args.max_filesize.empty()) {
    const std::optional<uint64_t> size = ParseSize(args.max_filesize);
    if (!size) {
      std::cerr << "mamori scan: --max-filesize takes a size such as 100M\n";
      return kExitError;
    }
    options.max_filesize = *size;
  }
  const std::optional<uint64_t> record_bytes = ParseSize(args.max_record_bytes);
  if (!record_bytes || *record_bytes == 0) {
    std::cerr << "mamori scan: --max-record-bytes takes a size such as 1M\n";
    return kExitError;
  }
  options.limits.max_record_bytes = *record_bytes;
  options.limits.max_seconds_per_file = args.max_seconds_per_file;
  options.limits.max_nesting_depth = args.max_depth;
  options.limits.max_expansion_ratio = args.max_expansion_ratio;
  options.limits.max_entries = args.max_entries;
  for (const auto& [text, target, flag] :
       {std::tuple{&args.max_expanded_bytes, &options.limits.max_expanded_bytes,
                   "--max-expanded-bytes"},
        std::tuple{&args.max_spool_bytes, &options.limits.max_spool_bytes, "--max-spool-bytes"}}) {
    const std::optional<uint64_t> bytes = ParseSize(*text);
    if (!bytes || *bytes == 0) {
      std::cerr << "mamori scan: " << flag << " takes a size such as 256M\n";
      return kExitError;
    }
    *target = *bytes;
  }
  options.tally.show_values = args.show_values;
  options.tally.samples_per_item = args.samples;
  options.progress = !args.no_progress && ::isatty(STDERR_FILENO) != 0;

  Result<KeyedHasher> hasher =
      KeyedHasher::FromKeyFile(args.key_file.empty() ? DefaultKeyPath() : args.key_file, true);
  if (!hasher) {
    std::cerr << "mamori scan: " << hasher.error().message << '\n';
    return kExitError;
  }
  Result<detect::DetectorSet> detectors = detect::DetectorSet::Build();
  if (!detectors) {
    std::cerr << "mamori scan: " << detectors.error().message << '\n';
    return kExitError;
  }
  read::Registry registry;
  read::RegisterBuiltinFormats(registry);
  report::ReportOptions report_options;
  report_options.all = args.all;
  std::unique_ptr<report::Reporter> reporter =
      report::MakeReporter(*format, std::cout, report_options);

  // Loaded before anything is scanned: a policy with a mistake must not cost a night's scan.
  std::optional<policy::Policy> rules;
  if (!args.policy.empty()) {
    if (args.db.empty()) {
      std::cerr << "mamori scan: --policy needs --db (assessments are kept in the store)\n";
      return kExitError;
    }
    Result<policy::Policy> loaded = policy::Policy::LoadFile(args.policy);
    if (!loaded) {
      std::cerr << "mamori scan: --policy: " << loaded.error().message << '\n';
      return kExitError;
    }
    rules = std::move(*loaded);
  }

  // With --db, every result is recorded; unchanged files are carried forward unread.
  std::unique_ptr<store::Store> db;
  std::unique_ptr<store::RecordingReporter> recorder;
  int64_t scan_id = 0;
  if (!args.db.empty()) {
    Result<std::unique_ptr<store::Store>> opened = store::Open(args.db);
    if (!opened) {
      std::cerr << "mamori scan: --db: " << opened.error().message << '\n';
      return kExitError;
    }
    db = std::move(*opened);
    const std::string digest = OptionsDigest(options);
    store::ScanInfo info;
    info.roots = args.paths;
    info.options_digest = digest;
    Result<int64_t> begun = db->BeginScan(info);
    if (!begun) {
      std::cerr << "mamori scan: --db: " << begun.error().message << '\n';
      return kExitError;
    }
    scan_id = *begun;
    if (!args.no_incremental) {
      store::Store& store = *db;
      options.previous = [&store, digest](const walk::Entry& entry) {
        const store::FileStat now{.size = entry.size,
                                  .mtime = entry.mtime,
                                  .inode = entry.inode,
                                  .device = entry.device,
                                  .uid = entry.uid,
                                  .gid = entry.gid,
                                  .mode = entry.mode,
                                  .acl = entry.acl,
                                  .ctime_ns = entry.ctime_ns};
        Result<std::vector<report::FileResult>> carried =
            store.CarryForward(entry.path, now, digest);
        // A store that cannot answer costs a read, never a result.
        return carried ? std::move(*carried) : std::vector<report::FileResult>();
      };
    }
    recorder = std::make_unique<store::RecordingReporter>(
        *db, scan_id, *reporter,
        store::RecordingOptions{.forward_unchanged = args.all,
                                .keep_samples = !args.show_values,
                                .policy = rules ? &*rules : nullptr,
                                .roots = args.paths});
  }
  report::Reporter& sink = recorder ? static_cast<report::Reporter&>(*recorder) : *reporter;
  Result<report::ScanSummary> summary = scan::Run(options, registry, *detectors, *hasher, sink);
  if (!summary) {
    std::cerr << "mamori scan: " << summary.error().message << '\n';
    if (db) (void)db->FinishScan(scan_id, {}, store::ScanStatus::kInterrupted);
    return kExitError;
  }
  if (recorder) {
    if (!recorder->status()) {
      std::cerr << "mamori scan: --db: " << recorder->status().error().message << '\n';
      return kExitError;
    }
    std::cerr << "mamori scan: recorded scan " << scan_id << " in " << args.db << ": "
              << summary->files << " files, " << summary->files - summary->files_unchanged
              << " read, " << summary->files_unchanged
              << " unchanged (carried forward, not read)\n";
  }
  if (*threshold == 0) return kExitClean;
  for (size_t level = static_cast<size_t>(*threshold); level < summary->files_by_confidence.size();
       ++level) {
    if (summary->files_by_confidence[level] > 0) return kExitFindings;
  }
  return kExitClean;
}

}  // namespace

void AddScanCommand(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* scan = app.add_subcommand(
      "scan",
      "Find files holding personal data (pension number, My Number, name, birth date, "
      "address, phone, e-mail) and count their records and people.\n"
      "Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage or fatal error.");
  scan->add_option("paths", args->paths, "Directories or files to scan")->required();
  scan->add_option("--format", args->format,
                   "table | jsonl | csv | sarif (default: table on a terminal, else jsonl)");
  scan->add_flag("--all", args->all, "Also list clean and skipped files (jsonl, csv)");
  scan->add_option("-j,--threads", args->threads, "Worker threads (default: all cores)");
  scan->add_option("-g,--include", args->include,
                   "Only scan files matching this glob (repeatable; no '/' = base name)");
  scan->add_option("--exclude", args->exclude, "Skip files and folders matching this glob");
  scan->add_option("--max-filesize", args->max_filesize,
                   "Skip larger files, reported as too_large (e.g. 500M)");
  scan->add_flag("--one-file-system", args->one_file_system,
                 "Do not descend into other mounted file systems");
  scan->add_flag("-L,--follow", args->follow, "Follow symbolic links");
  scan->add_option("--fail-on", args->fail_on,
                   "Exit 1 when a file's findings reach: any | low | medium | high | never");
  scan->add_flag("--show-values", args->show_values,
                 "Print sample values in clear (default: masked, e.g. 1234-****90)");
  scan->add_option("--key-file", args->key_file,
                   "Secret key for the keyed hashes that count people "
                   "(default: $MAMORI_KEY_FILE or ~/.config/mamori/key, created if missing)");
  scan->add_option("--samples", args->samples, "Masked samples per item and file");
  scan->add_option("--max-record-bytes", args->max_record_bytes,
                   "Cut longer CSV records or lines (memory bound per thread)");
  scan->add_option("--max-seconds-per-file", args->max_seconds_per_file,
                   "Give up on a file, archive members included, after this long (0: no limit)");
  scan->add_option("--max-depth", args->max_depth,
                   "Archives and attachments nested deeper are reported, not read");
  scan->add_option("--max-expanded-bytes", args->max_expanded_bytes,
                   "Bytes all members of one file may expand to (archive bomb guard)");
  scan->add_option("--max-expansion-ratio", args->max_expansion_ratio,
                   "Expanded-to-compressed ratio beyond which an archive is a bomb (0: off)");
  scan->add_option("--max-entries", args->max_entries, "Members per archive");
  scan->add_option("--max-spool-bytes", args->max_spool_bytes,
                   "Largest nested ZIP/7z/OLE2/PDF/mail read into memory (never to disk)");
  scan->add_flag("--no-progress", args->no_progress, "No status line on stderr");
  scan->add_option("--db", args->db,
                   "Record the scan in a store: a SQLite file (PATH or sqlite:PATH); "
                   "unchanged files are not read again (see --no-incremental)");
  scan->add_option("--policy", args->policy,
                   "With --db, judge every recorded file by this policy (YAML, doc/policy.md): "
                   "zones, retention, protection, access, risk (default: readable by everyone "
                   "is a violation)");
  scan->add_flag("--no-incremental", args->no_incremental,
                 "With --db, read every file even when unchanged since the last scan");
  scan->callback([&run, args] { run = [args] { return RunScan(*args); }; });
}

}  // namespace mamori::cli
