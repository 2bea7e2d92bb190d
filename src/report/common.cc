#include <ctime>

#include "report/internal/reporters.h"

namespace mamori::report {

namespace internal {

std::string IsoTime(int64_t seconds) {
  const auto t = static_cast<time_t>(seconds);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

std::string JoinErrors(const FileResult& result) {
  std::string joined;
  for (const Error& error : result.errors) {
    if (!joined.empty()) joined += "; ";
    joined += ErrorCodeName(error.code);
    joined += ": ";
    joined += error.message;
  }
  return joined;
}

bool WorseFirst(const FileResult& a, const FileResult& b) {
  if (a.tally.people != b.tally.people) return a.tally.people > b.tally.people;
  if (a.tally.records != b.tally.records) return a.tally.records > b.tally.records;
  return a.path < b.path;
}

}  // namespace internal
}  // namespace mamori::report
