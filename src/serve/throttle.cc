#include "serve/internal/throttle.h"

#include <algorithm>

namespace mamori::serve::internal {
namespace {

constexpr int64_t kMaxLockSeconds = 24 * 60 * 60;
// Past this many keys, stale entries are dropped, so a flood of names cannot grow the table
// without bound.
constexpr size_t kForgetAbove = 10000;

}  // namespace

LoginThrottle::LoginThrottle(uint32_t allowed, int64_t window_seconds, int64_t lock_seconds)
    : allowed_(allowed), window_(window_seconds), lock_(lock_seconds) {}

int64_t LoginThrottle::RetryAfter(std::string_view key, int64_t now) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(std::string(key));
  if (it == entries_.end()) return 0;
  return std::max<int64_t>(0, it->second.locked_until - now);
}

void LoginThrottle::Failure(std::string_view key, int64_t now) {
  std::lock_guard lock(mutex_);
  if (entries_.size() > kForgetAbove) Forget(now);
  Entry& entry = entries_[std::string(key)];
  if (entry.failures == 0 || (now - entry.first_failure > window_ && entry.locked_until <= now)) {
    entry = Entry{.failures = 0, .first_failure = now, .locked_until = 0};
  }
  ++entry.failures;
  if (entry.failures <= allowed_) return;
  const uint32_t doublings = std::min<uint32_t>(entry.failures - allowed_ - 1, 20);
  const int64_t seconds = std::min<int64_t>(lock_ << doublings, kMaxLockSeconds);
  entry.locked_until = now + seconds;
}

void LoginThrottle::Success(std::string_view key) {
  std::lock_guard lock(mutex_);
  entries_.erase(std::string(key));
}

void LoginThrottle::Forget(int64_t now) {
  std::erase_if(entries_, [&](const auto& entry) {
    return entry.second.locked_until <= now && now - entry.second.first_failure > window_;
  });
}

}  // namespace mamori::serve::internal
