// One cell of a record as readers hand it over and detectors read it: UTF-8 in NFKC form and
// its column. The read and detect modules never see each other; both use this type, so the
// scanner passes a record's cells to the detectors as they are, without a copy per record.
#pragma once

#include <cstdint>
#include <string_view>

namespace mamori {

struct TextCell {
  std::string_view text;  // valid only as long as the record that holds it
  uint32_t column = 0;    // 0-based; text lines have one cell in column 0
};

}  // namespace mamori
