#include "serve/internal/session.h"

#include <iterator>

#include "serve/internal/crypto.h"

namespace mamori::serve::internal {

SessionStore::SessionStore(int64_t idle_seconds, int64_t absolute_seconds)
    : idle_(idle_seconds), absolute_(absolute_seconds) {}

bool SessionStore::Expired(const Session& session, int64_t now) const {
  return now - session.last_seen >= idle_ || now - session.created_at >= absolute_;
}

void SessionStore::PurgeExpired(int64_t now) {
  // Abandoned sessions (closed browsers) would otherwise stay until a restart.
  if (now - last_purge_ < 60) return;
  last_purge_ = now;
  std::erase_if(sessions_, [&](const auto& entry) { return Expired(entry.second, now); });
}

std::string SessionStore::Create(std::string_view user, store::Role role, int64_t now) {
  std::string token = RandomToken();
  Session session{.user = std::string(user),
                  .role = role,
                  .csrf = RandomToken(),
                  .created_at = now,
                  .last_seen = now,
                  .checked_at = now};
  std::lock_guard lock(mutex_);
  PurgeExpired(now);
  sessions_[HashToken(token)] = std::move(session);
  return token;
}

std::optional<Session> SessionStore::Touch(std::string_view token, int64_t now) {
  if (token.empty()) return std::nullopt;
  const std::string key = HashToken(token);
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  if (Expired(it->second, now)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second;
}

void SessionStore::Remove(std::string_view token) {
  const std::string key = HashToken(token);
  std::lock_guard lock(mutex_);
  sessions_.erase(key);
}

void SessionStore::Confirm(std::string_view user, store::Role role, int64_t now) {
  std::lock_guard lock(mutex_);
  for (auto& [key, session] : sessions_) {
    if (session.user != user) continue;
    session.role = role;
    session.checked_at = now;
  }
}

void SessionStore::RemoveUser(std::string_view user) {
  std::lock_guard lock(mutex_);
  std::erase_if(sessions_, [&](const auto& entry) { return entry.second.user == user; });
}

size_t SessionStore::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace mamori::serve::internal
