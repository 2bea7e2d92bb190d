// Logged-in sessions, in memory. The table is keyed by a hash of the token, so a memory dump
// or a log of the table gives no usable cookie. A restart logs everybody out.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/store.h"

namespace mamori::serve::internal {

struct Session {
  std::string user;
  store::Role role = store::Role::kViewer;
  std::string csrf;  // the token every POST form of this session carries
  int64_t created_at = 0;
  int64_t last_seen = 0;
  int64_t checked_at = 0;  // when the user was last confirmed enabled, with this role
};

// Thread-safe. A session ends `idle` seconds after its last request or `absolute` seconds
// after login, whichever comes first.
class SessionStore {
 public:
  SessionStore(int64_t idle_seconds, int64_t absolute_seconds);

  // A new session; returns its token (the cookie value), which is kept nowhere.
  std::string Create(std::string_view user, store::Role role, int64_t now);
  // The session of `token`, its last_seen moved to `now`; nullopt when unknown or expired.
  std::optional<Session> Touch(std::string_view token, int64_t now);
  void Remove(std::string_view token);
  // Another look at the store found the user with `role` (checked_at moves to `now`) or
  // gone/disabled (every session of the user ends).
  void Confirm(std::string_view user, store::Role role, int64_t now);
  void RemoveUser(std::string_view user);
  size_t size() const;

 private:
  void PurgeExpired(int64_t now);  // REQUIRES: mutex_ held
  bool Expired(const Session& session, int64_t now) const;

  const int64_t idle_;
  const int64_t absolute_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Session> sessions_;  // by HashToken(token)
  int64_t last_purge_ = 0;
};

}  // namespace mamori::serve::internal
