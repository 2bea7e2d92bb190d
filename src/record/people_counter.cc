#include "record/people_counter.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace mamori::record {

void PeopleCounter::Add(const PersonKey& key) {
  // The HyperLogLog sketch is always fed, so switching to it loses no one seen before.
  const uint64_t index = key.high >> (64 - kPrecision);
  const uint64_t rest = (key.high << kPrecision) | (uint64_t{1} << (kPrecision - 1));
  const auto rank = static_cast<uint8_t>(std::countl_zero(rest) + 1);
  registers_[index] = std::max(registers_[index], rank);
  if (!exact_) return;
  keys_.push_back(key);
  // Sorting once the vector doubles keeps the amortised cost at O(log n) per key while
  // repeated people (one person, many records) do not grow memory.
  if (keys_.size() >= 2 * compacted_size_ + 1024) Compact();
}

void PeopleCounter::Compact() {
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
  compacted_size_ = keys_.size();
  if (keys_.size() > max_exact_) {
    exact_ = false;
    keys_ = std::vector<PersonKey>();
  }
}

double PeopleCounter::Estimate() const {
  constexpr double m = 1u << kPrecision;
  const double alpha = 0.7213 / (1.0 + 1.079 / m);
  double sum = 0;
  size_t zeros = 0;
  for (uint8_t r : registers_) {
    sum += std::ldexp(1.0, -r);
    if (r == 0) ++zeros;
  }
  const double raw = alpha * m * m / sum;
  if (raw <= 2.5 * m && zeros > 0) return m * std::log(m / static_cast<double>(zeros));
  return raw;
}

uint64_t PeopleCounter::Count() {
  if (exact_) {
    Compact();
    if (exact_) return keys_.size();
  }
  return static_cast<uint64_t>(std::llround(Estimate()));
}

void PeopleCounter::Reset() {
  exact_ = true;
  keys_.clear();
  compacted_size_ = 0;
  registers_.fill(0);
}

}  // namespace mamori::record
