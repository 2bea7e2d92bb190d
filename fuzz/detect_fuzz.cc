// Proves that DetectorSet::Scan never crashes, hangs or reads out of bounds on any bytes: the
// input is split into header, cells and preceding text and scanned as a table and as text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "detect/detector.h"

namespace {

const mamori::detect::DetectorSet& Detectors() {
  static const mamori::detect::DetectorSet* set = [] {
    auto built = mamori::detect::DetectorSet::Build();
    if (!built) __builtin_trap();
    return new mamori::detect::DetectorSet(std::move(*built));
  }();
  return *set;
}

// Splits on '\n' into lines; the first line is the header row, fields split on ','.
std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mamori::detect;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const DetectorSet& set = Detectors();
  auto scratch = set.NewScratch();
  std::vector<Finding> findings;

  const std::vector<std::string_view> lines = Split(input, '\n');
  std::vector<std::string> headers;
  for (std::string_view field : Split(lines[0], ',')) headers.emplace_back(field);
  for (bool tabular : {true, false}) {
    const PartEvidence part =
        set.BeginPart(tabular ? headers : std::vector<std::string>{}, tabular);
    std::string_view preceding;
    for (size_t i = tabular ? 1 : 0; i < lines.size(); ++i) {
      std::vector<CellText> cells;
      uint32_t column = 0;
      for (std::string_view field : Split(lines[i], ',')) cells.push_back({field, column++});
      findings.clear();
      set.Scan(part, cells, preceding, *scratch, findings);
      for (const Finding& f : findings) {
        if (f.value.empty() || f.column >= column) __builtin_trap();
      }
      preceding = lines[i];
    }
  }
  return 0;
}
