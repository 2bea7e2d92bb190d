// Login throttling: after a few failed attempts for one user name or from one address,
// further attempts are refused for a while, doubling with each failure, so that guessing
// passwords online is too slow to matter.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mamori::serve::internal {

// Thread-safe. Keys are opaque ("user:taro", "addr:127.0.0.1").
class LoginThrottle {
 public:
  // `allowed` failures within `window` seconds are free; the next locks the key for
  // `lock_seconds`, the one after for twice that, up to a day.
  LoginThrottle(uint32_t allowed, int64_t window_seconds, int64_t lock_seconds);

  // Seconds until `key` may try again; 0: now.
  int64_t RetryAfter(std::string_view key, int64_t now);
  void Failure(std::string_view key, int64_t now);
  void Success(std::string_view key);

 private:
  struct Entry {
    uint32_t failures = 0;
    int64_t first_failure = 0;
    int64_t locked_until = 0;
  };
  void Forget(int64_t now);  // REQUIRES: mutex_ held

  const uint32_t allowed_;
  const int64_t window_;
  const int64_t lock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace mamori::serve::internal
