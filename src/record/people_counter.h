// Counts distinct people from keyed hashes: exactly up to a bound, then by HyperLogLog.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "base/keyed_hash.h"

namespace mamori::record {

// Not thread-safe. Memory: 16 bytes per distinct key up to `max_exact`, plus 16 KiB.
class PeopleCounter {
 public:
  explicit PeopleCounter(size_t max_exact) : max_exact_(max_exact) {}
  void Add(const PersonKey& key);
  uint64_t Count();
  bool exact() const { return exact_; }
  void Reset();

 private:
  void Compact();
  double Estimate() const;

  static constexpr unsigned kPrecision = 14;
  size_t max_exact_;
  bool exact_ = true;
  std::vector<PersonKey> keys_;
  size_t compacted_size_ = 0;
  std::array<uint8_t, 1u << kPrecision> registers_{};
};

}  // namespace mamori::record
