#include "record/people_counter.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <vector>

namespace mamori::record {
namespace {

// Random keys drawn from a small pool, so that duplicates fall both inside the window of
// keys held back for prefetching and far apart; the count must equal a std::set's.
TEST(PeopleCounter, CountsLikeASetOnRandomKeys) {
  std::mt19937_64 random(20261123);
  for (const size_t pool_size : {1u, 5u, 9u, 100u, 5000u, 300000u}) {
    std::vector<PersonKey> pool(pool_size);
    for (PersonKey& key : pool) key = PersonKey{random(), random()};
    PeopleCounter counter(2'000'000);
    std::set<uint64_t> reference;
    std::uniform_int_distribution<size_t> pick(0, pool_size - 1);
    for (size_t i = 0; i < 3 * pool_size + 20; ++i) {
      const PersonKey& key = pool[pick(random)];
      counter.Add(key);
      reference.insert(key.low);
    }
    EXPECT_EQ(counter.Count(), reference.size()) << "pool " << pool_size;
    EXPECT_TRUE(counter.exact());
  }
}

TEST(PeopleCounter, KeyWhoseLowHalfIsZeroCountsOnce) {
  PeopleCounter counter(100);
  counter.Add(PersonKey{7, 0});
  counter.Add(PersonKey{7, 0});
  counter.Add(PersonKey{7, 1});
  EXPECT_EQ(counter.Count(), 2u);
}

TEST(PeopleCounter, CountThenAddMoreThenCountAgain) {
  PeopleCounter counter(100);
  for (uint64_t i = 1; i <= 3; ++i) counter.Add(PersonKey{i, i});
  EXPECT_EQ(counter.Count(), 3u);
  for (uint64_t i = 1; i <= 20; ++i) counter.Add(PersonKey{i, i});
  EXPECT_EQ(counter.Count(), 20u);
}

TEST(PeopleCounter, ResetForgetsKeysStillHeldBack) {
  PeopleCounter counter(100);
  for (uint64_t i = 1; i <= 5; ++i) counter.Add(PersonKey{i, i});
  counter.Reset();
  counter.Add(PersonKey{9, 9});
  EXPECT_EQ(counter.Count(), 1u);
  EXPECT_TRUE(counter.exact());
}

TEST(PeopleCounter, TurnsToAnEstimateJustPastTheBound) {
  PeopleCounter counter(1000);
  for (uint64_t i = 1; i <= 1000; ++i) counter.Add(PersonKey{i * 0x9E3779B97F4A7C15ULL, i});
  EXPECT_EQ(counter.Count(), 1000u);
  EXPECT_TRUE(counter.exact());
  for (uint64_t i = 1001; i <= 1100; ++i) counter.Add(PersonKey{i * 0x9E3779B97F4A7C15ULL, i});
  counter.Count();
  EXPECT_FALSE(counter.exact());
}

}  // namespace
}  // namespace mamori::record
