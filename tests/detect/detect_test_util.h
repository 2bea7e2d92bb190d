// Helpers for the detector tests: one shared DetectorSet, and short ways to scan a text line,
// a table row with headers, or a headerless row.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "detect/detector.h"

namespace mamori::detect::testing {

inline const DetectorSet& Detectors() {
  static const DetectorSet* set = [] {
    Result<DetectorSet> built = DetectorSet::Build();
    EXPECT_TRUE(built.has_value());
    return new DetectorSet(std::move(*built));
  }();
  return *set;
}

// One line of a text part.
inline std::vector<Finding> ScanText(std::string_view line, std::string_view preceding = "") {
  auto scratch = Detectors().NewScratch();
  const PartEvidence part = Detectors().BeginPart({}, /*tabular=*/false);
  const CellText cell{line, 0};
  std::vector<Finding> out;
  Detectors().Scan(part, std::span<const CellText>(&cell, 1), preceding, *scratch, out);
  return out;
}

// One record of a table; `headers` empty for a headerless table.
inline std::vector<Finding> ScanRow(const std::vector<std::string>& headers,
                                    const std::vector<std::string>& values) {
  auto scratch = Detectors().NewScratch();
  const PartEvidence part = Detectors().BeginPart(headers, /*tabular=*/true);
  std::vector<CellText> cells;
  for (size_t i = 0; i < values.size(); ++i) {
    cells.push_back(CellText{values[i], static_cast<uint32_t>(i)});
  }
  std::vector<Finding> out;
  Detectors().Scan(part, cells, "", *scratch, out);
  return out;
}

// A single cell under `header` ("" for a headerless table).
inline std::vector<Finding> ScanCell(const std::string& header, const std::string& value) {
  return header.empty() ? ScanRow({}, {value}) : ScanRow({header}, {value});
}

inline std::vector<Finding> Only(const std::vector<Finding>& findings, Item item) {
  std::vector<Finding> out;
  for (const Finding& f : findings) {
    if (f.item == item) out.push_back(f);
  }
  return out;
}

inline bool Has(const std::vector<Finding>& findings, Item item) {
  return !Only(findings, item).empty();
}

}  // namespace mamori::detect::testing
