// Counts distinct people from keyed hashes: exactly up to a bound, then by HyperLogLog.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "base/keyed_hash.h"

namespace mamori::record {

// Keys are keyed hashes, already uniformly distributed, so their low 64 bits index an
// open-addressing table directly and their high bits feed the sketch; 64 bits keep the chance
// of any collision among a million people below 1 in 30 million while halving the table's
// cache misses. Not thread-safe.
// Memory: at most 16 bytes per distinct key up to `max_exact` (load factor one half), plus
// 16 KiB of HyperLogLog registers.
class PeopleCounter {
 public:
  explicit PeopleCounter(size_t max_exact) : max_exact_(max_exact) {}
  // May hold the key back for a few more calls (see pending_); Count() sees every key added.
  void Add(const PersonKey& key);
  uint64_t Count();
  // Exact until more than `max_exact` distinct keys were added. REQUIRES: Count() was called
  // after the last Add().
  bool exact() const { return exact_; }
  void Reset();

 private:
  void Insert(uint64_t key);
  void Flush();
  void Grow();
  double Estimate() const;

  static constexpr unsigned kPrecision = 14;
  static constexpr size_t kInitialSlots = 1024;
  // Keys whose slot was prefetched and that are inserted this many Add() calls later: a large
  // file's table is megabytes, and a cache miss per record cost as much as hashing it.
  static constexpr size_t kPending = 8;
  size_t max_exact_;
  bool exact_ = true;
  std::vector<uint64_t> slots_;  // 0 marks an empty slot
  size_t size_ = 0;
  bool has_zero_key_ = false;  // the one key that collides with the empty marker
  std::array<uint64_t, kPending> pending_{};
  // A ring of the keys held back: pending_count_ of them, the next one written at
  // pending_next_, which is also where the oldest sits once the ring is full.
  size_t pending_count_ = 0;
  size_t pending_next_ = 0;
  std::array<uint8_t, 1u << kPrecision> registers_{};
};

}  // namespace mamori::record
