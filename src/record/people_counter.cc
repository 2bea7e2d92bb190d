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
  if (key.low == 0) {
    if (!has_zero_key_) ++size_;
    has_zero_key_ = true;
    return;
  }
  // A ring of kPending keys: the oldest is inserted (its slot prefetched kPending calls ago)
  // and the new one takes its place. A prefetch made before the table grew only wastes a load.
  if (pending_count_ == kPending) {
    const uint64_t oldest = pending_[pending_next_];
    if (2 * (size_ + 1) > slots_.size()) Grow();
    if (!exact_) return;
    Insert(oldest);
  } else {
    ++pending_count_;
  }
  pending_[pending_next_] = key.low;
  pending_next_ = (pending_next_ + 1) % kPending;
  if (!slots_.empty()) __builtin_prefetch(&slots_[key.low & (slots_.size() - 1)], 1);
}

void PeopleCounter::Flush() {
  const size_t first = (pending_next_ + kPending - pending_count_) % kPending;
  for (size_t i = 0; i < pending_count_ && exact_; ++i) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    if (exact_) Insert(pending_[(first + i) % kPending]);
  }
  pending_count_ = 0;
  pending_next_ = 0;
}

void PeopleCounter::Insert(uint64_t key) {
  const size_t mask = slots_.size() - 1;
  for (size_t slot = static_cast<size_t>(key) & mask;; slot = (slot + 1) & mask) {
    uint64_t& entry = slots_[slot];
    if (entry == key) return;
    if (entry == 0) {
      entry = key;
      ++size_;
      return;
    }
  }
}

void PeopleCounter::Grow() {
  if (size_ >= max_exact_) {
    exact_ = false;
    slots_ = std::vector<uint64_t>();
    pending_count_ = 0;
    return;
  }
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(std::max(kInitialSlots, old.size() * 2), 0);
  size_ = has_zero_key_ ? 1 : 0;
  for (const uint64_t key : old) {
    if (key != 0) Insert(key);
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
  if (exact_) Flush();
  if (exact_) return size_;
  return static_cast<uint64_t>(std::llround(Estimate()));
}

void PeopleCounter::Reset() {
  exact_ = true;
  slots_ = std::vector<uint64_t>();
  size_ = 0;
  has_zero_key_ = false;
  pending_count_ = 0;
  pending_next_ = 0;
  registers_.fill(0);
}

}  // namespace mamori::record
