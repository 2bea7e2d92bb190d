#include "serve/internal/throttle.h"

#include <gtest/gtest.h>

namespace mamori::serve::internal {
namespace {

TEST(LoginThrottle, AllowedFailuresAreFree) {
  LoginThrottle throttle(3, 900, 30);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.RetryAfter("user:a", 1000), 0);
    throttle.Failure("user:a", 1000);
  }
  EXPECT_EQ(throttle.RetryAfter("user:a", 1000), 0);
  throttle.Failure("user:a", 1000);
  EXPECT_EQ(throttle.RetryAfter("user:a", 1000), 30);
  EXPECT_EQ(throttle.RetryAfter("user:a", 1020), 10);
  EXPECT_EQ(throttle.RetryAfter("user:a", 1030), 0);
  EXPECT_EQ(throttle.RetryAfter("user:b", 1000), 0);
}

TEST(LoginThrottle, LockDoublesWithEachFurtherFailure) {
  LoginThrottle throttle(1, 900, 30);
  throttle.Failure("k", 1000);
  throttle.Failure("k", 1000);
  EXPECT_EQ(throttle.RetryAfter("k", 1000), 30);
  throttle.Failure("k", 1030);
  EXPECT_EQ(throttle.RetryAfter("k", 1030), 60);
  throttle.Failure("k", 1090);
  EXPECT_EQ(throttle.RetryAfter("k", 1090), 120);
}

TEST(LoginThrottle, LockIsBoundedToADay) {
  LoginThrottle throttle(0, 1 << 30, 30);
  for (int i = 0; i < 100; ++i) throttle.Failure("k", 1000);
  EXPECT_EQ(throttle.RetryAfter("k", 1000), 24 * 3600);
}

TEST(LoginThrottle, SuccessForgets) {
  LoginThrottle throttle(1, 900, 30);
  throttle.Failure("k", 1000);
  throttle.Success("k");
  throttle.Failure("k", 1000);
  EXPECT_EQ(throttle.RetryAfter("k", 1000), 0);
}

TEST(LoginThrottle, FailuresOutsideTheWindowStartAfresh) {
  LoginThrottle throttle(2, 900, 30);
  throttle.Failure("k", 1000);
  throttle.Failure("k", 1000);
  throttle.Failure("k", 2000);  // the window of the first two is over
  EXPECT_EQ(throttle.RetryAfter("k", 2000), 0);
}

}  // namespace
}  // namespace mamori::serve::internal
