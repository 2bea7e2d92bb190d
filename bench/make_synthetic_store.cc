// Fills a store with synthetic scans for the console's load benchmark (bench/console_load.sh):
// N file records (default 1,000,000) spread over shares, zones and folders, most with
// personal data (masked samples, item counts, people), policy assessments with violations
// and risk, and a few scans so that the dashboard has a trend. Written through the Store
// API, the same path `mamori scan --db` takes, so the indexes and rollups are the real ones.
//
//   make_synthetic_store --db /tmp/console.db --files 1000000 --scans 3
//
// Deterministic for a seed. No value in it was ever personal: samples are masks of made-up
// digits and names.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "base/mask.h"
#include "store/store.h"

namespace mamori {
namespace {

struct Args {
  std::string db;
  uint64_t files = 1'000'000;
  int scans = 3;
  uint32_t seed = 5;
};

constexpr int kShares = 8;
constexpr int64_t kDay = 86400;

std::string ShareName(int share) {
  char name[32];
  std::snprintf(name, sizeof name, "/srv/share-%02d", share);
  return name;
}

std::string ZoneOf(int share) {
  if (share == 0) return "internet";
  if (share <= 2) return "isolated";
  return "";
}

// One synthetic file and its assessment; `i` decides everything through the generator.
struct Synthetic {
  report::FileResult result;
  policy::Assessment assessment;
  int share = 0;
};

Synthetic Make(uint64_t i, std::mt19937_64& random, int64_t now) {
  Synthetic file;
  file.share = static_cast<int>(random() % kShares);
  report::FileResult& r = file.result;
  const uint64_t dept = random() % 200;
  const uint64_t sub = random() % 50;
  static constexpr const char* kExtensions[] = {"csv", "xlsx", "pdf", "docx", "txt"};
  const char* extension = kExtensions[random() % 5];
  char path[160];
  std::snprintf(path, sizeof path, "%s/dept-%03llu/sub-%02llu/file-%07llu.%s",
                ShareName(file.share).c_str(), static_cast<unsigned long long>(dept),
                static_cast<unsigned long long>(sub), static_cast<unsigned long long>(i),
                extension);
  r.path = path;
  r.format = extension;
  r.encoding = "utf-8";
  r.size = 1024 + random() % (4 << 20);
  r.mtime = now - static_cast<int64_t>(random() % (6 * 365)) * kDay;
  r.inode = i + 1;
  r.device = 64769;
  r.uid = 1000 + static_cast<uint32_t>(random() % 40);
  r.gid = 1000;
  r.mode = 0100000 | ((random() % 4 == 0) ? 0644u : 0640u);
  r.protection = (random() % 10 == 0) ? Protection::kPassword : Protection::kNone;
  // About a fifth of the files are clean, the rest hold a long-tailed number of people.
  const bool personal = random() % 5 != 0;
  record::FileTally& t = r.tally;
  t.records_read = 10 + random() % 5000;
  if (personal) {
    const uint64_t people =
        1 + static_cast<uint64_t>(std::exp(static_cast<double>(random() % 900) / 100.0));
    t.records = people;
    t.people = people;
    t.items[static_cast<size_t>(Item::kName)] = people;
    if (random() % 2 == 0) t.items[static_cast<size_t>(Item::kPensionNumber)] = people;
    if (random() % 4 == 0) t.items[static_cast<size_t>(Item::kMyNumber)] = people / 2 + 1;
    if (random() % 3 == 0) t.items[static_cast<size_t>(Item::kBirthDate)] = people;
    if (random() % 3 == 0) t.items[static_cast<size_t>(Item::kAddress)] = people;
    t.category2 = people / 2;
    t.confidence = Confidence::kHigh;
    t.samples.push_back(Mask(Item::kPensionNumber, "0000-000000"));
    t.samples.push_back(Mask(Item::kName, "見本 花子"));
  }
  policy::Assessment& a = file.assessment;
  a.zone = ZoneOf(file.share);
  a.owner = "user" + std::to_string(r.uid - 1000);
  if (personal) {
    const double age_years = static_cast<double>(now - r.mtime) / (365.0 * kDay);
    a.risk = std::log2(1.0 + static_cast<double>(t.people)) * (a.zone == "internet" ? 3 : 1) *
                 ((r.mode & 0004) != 0 ? 1.5 : 1) +
             std::min(age_years, 4.0);
    if (a.zone == "internet") {
      a.violations.push_back({"internet-share", policy::RuleKind::kForbiddenZone,
                              std::to_string(t.people) + " people on zone internet"});
    }
    if (age_years > 1) {
      a.violations.push_back({"retention-1y", policy::RuleKind::kRetention,
                              "last modified " + std::to_string(static_cast<int>(age_years * 365)) +
                                  " days ago; rule allows 365"});
    }
    if ((r.mode & 0004) != 0) {
      a.violations.push_back(
          {"world-readable", policy::RuleKind::kAccess, "mode 0644: readable by others"});
    }
  }
  return file;
}

int Run(const Args& args) {
  Result<std::unique_ptr<store::Store>> db =
      store::Open(args.db, {.batch_files = 20000, .batch_millis = 2000});
  if (!db) {
    std::fprintf(stderr, "make_synthetic_store: %s\n", db.error().message.c_str());
    return 2;
  }
  store::Store& store = **db;
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::vector<std::string> roots;
  for (int share = 0; share < kShares; ++share) roots.push_back(ShareName(share));
  // The first scan records every file; later ones re-record a tenth of them as changed and
  // mark the rest seen again, the way a nightly incremental rescan does.
  for (int scan = 0; scan < args.scans; ++scan) {
    const auto begin = std::chrono::steady_clock::now();
    store::ScanInfo info;
    info.roots = roots;
    info.started_at = now - static_cast<int64_t>(args.scans - scan) * kDay;
    info.options_digest = "synthetic";
    Result<int64_t> scan_id = store.BeginScan(info);
    if (!scan_id) {
      std::fprintf(stderr, "make_synthetic_store: %s\n", scan_id.error().message.c_str());
      return 2;
    }
    std::mt19937_64 random(args.seed);
    std::mt19937_64 change(args.seed * 7919u + static_cast<uint32_t>(scan));
    report::ScanSummary summary;
    for (uint64_t i = 0; i < args.files; ++i) {
      Synthetic file = Make(i, random, info.started_at);
      const bool changed = scan == 0 || change() % 10 == 0;
      if (!changed) {
        file.result.unchanged = true;
        ++summary.files_unchanged;
      } else if (scan > 0 && file.result.tally.records > 0) {
        file.result.tally.people += static_cast<uint64_t>(scan);
        file.result.tally.records += static_cast<uint64_t>(scan);
      }
      const std::string share = ShareName(file.share);
      Status recorded = store.RecordFile(
          *scan_id, file.result,
          {.share = share, .assessment = &file.assessment, .policy_digest = "synthetic"});
      if (!recorded) {
        std::fprintf(stderr, "make_synthetic_store: %s\n", recorded.error().message.c_str());
        return 2;
      }
      ++summary.files;
      if (file.result.tally.records > 0) {
        ++summary.files_with_findings;
        summary.people += file.result.tally.people;
        summary.records += file.result.tally.records;
      }
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    if (Status done = store.FinishScan(*scan_id, summary, store::ScanStatus::kCompleted); !done) {
      std::fprintf(stderr, "make_synthetic_store: %s\n", done.error().message.c_str());
      return 2;
    }
    std::fprintf(stderr, "make_synthetic_store: scan %lld: %llu files in %.1f s (%.0f files/s)\n",
                 static_cast<long long>(*scan_id), static_cast<unsigned long long>(summary.files),
                 summary.seconds, static_cast<double>(summary.files) / summary.seconds);
  }
  return 0;
}

}  // namespace
}  // namespace mamori

int main(int argc, char** argv) {
  mamori::Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (flag == "--db" && value != nullptr) {
      args.db = value;
    } else if (flag == "--files" && value != nullptr) {
      args.files = std::strtoull(value, nullptr, 10);
    } else if (flag == "--scans" && value != nullptr) {
      args.scans = std::atoi(value);
    } else if (flag == "--seed" && value != nullptr) {
      args.seed = static_cast<uint32_t>(std::strtoul(value, nullptr, 10));
    } else {
      std::fprintf(stderr,
                   "usage: make_synthetic_store --db URL [--files N] [--scans K] [--seed S]\n");
      return 2;
    }
    ++i;
  }
  if (args.db.empty() || args.scans < 1) {
    std::fprintf(stderr, "make_synthetic_store: --db is required, --scans at least 1\n");
    return 2;
  }
  return mamori::Run(args);
}
