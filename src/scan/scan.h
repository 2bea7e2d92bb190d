// The scan module joins the parts: walk → read → detect → tally → report (ripgrep's
// core/search.rs). One Worker per walk thread owns its readers, detector scratch and tally;
// the options, registry, detectors and hasher are shared and immutable. Each file becomes
// exactly one FileResult: complete, partial or skipped with a reason, never silence.
//
//   scan::ScanOptions options;
//   options.walk.roots = {"/mnt/share"};
//   Result<report::ScanSummary> summary =
//       scan::Run(options, registry, detectors, hasher, *reporter);
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "base/keyed_hash.h"
#include "base/status.h"
#include "detect/detector.h"
#include "read/reader.h"
#include "record/tally.h"
#include "report/reporter.h"
#include "walk/walk.h"

namespace mamori::scan {

struct ScanOptions {
  walk::WalkOptions walk;
  read::Limits limits;
  uint64_t max_filesize = 0;  // 0: no limit; larger files are skipped as too_large
  record::TallyOptions tally;
  bool progress = false;  // a status line on stderr (the CLI sets it when a terminal)
  // Incremental rescans (the CLI fills it from store::Store with --db): called for each
  // walked file before it is opened. A non-empty answer is the file's result carried
  // forward from an earlier scan (members of a container first, the file itself last, each
  // with `unchanged` set); the file is then not read, and those results go to the reporter
  // as they are. Empty: the file is read. Called from worker threads at once: must be
  // thread-safe. With it set the walk reads no ACL (Entry::acl_read is false: the answer
  // rests on ctime, which setfacl moves); a file that is read gets its ACL then.
  std::function<std::vector<report::FileResult>(const walk::Entry&)> previous;
};

// Scans every file under options.walk.roots and hands each result to `reporter` (under one
// lock, so reporters need no locking of their own). Returns the summary, or an error only
// for unusable options. REQUIRES: all references outlive the call.
Result<report::ScanSummary> Run(const ScanOptions& options, const read::Registry& formats,
                                const detect::DetectorSet& detectors, const KeyedHasher& hasher,
                                report::Reporter& reporter);

// Scans one Input (for tests and fuzzing): the same path as a walked file. Results of
// members of containers are appended to `members` when given.
report::FileResult ScanInput(read::Input& input, const ScanOptions& options,
                             const read::Registry& formats, const detect::DetectorSet& detectors,
                             const KeyedHasher& hasher,
                             std::vector<report::FileResult>* members = nullptr);

}  // namespace mamori::scan
