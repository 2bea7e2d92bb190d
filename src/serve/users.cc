#include <chrono>

#include "serve/server.h"

namespace mamori::serve {
namespace {

Result<store::User> Existing(store::Store& store, std::string_view name) {
  Result<std::optional<store::User>> user = store.FindUser(name);
  if (!user) return tl::unexpected(user.error());
  if (!*user) return MakeError(ErrorCode::kInvalidArgument, "no user named " + std::string(name));
  return std::move(**user);
}

Status CheckPassword(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "a password needs at least " + std::to_string(kMinPasswordLength) + " characters");
  }
  return Ok();
}

}  // namespace

bool ValidUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '@' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status AddUser(store::Store& store, std::string_view name, store::Role role,
               std::string_view password, const PasswordCost& cost) {
  if (!ValidUserName(name)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a user name is 1-64 characters of A-Z a-z 0-9 . _ @ -");
  }
  if (Status ok = CheckPassword(password); !ok) return ok;
  Result<std::optional<store::User>> existing = store.FindUser(name);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) {
    return MakeError(ErrorCode::kInvalidArgument, "user " + std::string(name) + " exists");
  }
  Result<std::string> hash = HashPassword(password, cost);
  if (!hash) return tl::unexpected(hash.error());
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return store.PutUser({.name = std::string(name),
                        .role = role,
                        .password_hash = std::move(*hash),
                        .created_at = now,
                        .disabled = false});
}

Status SetPassword(store::Store& store, std::string_view name, std::string_view password,
                   const PasswordCost& cost) {
  if (Status ok = CheckPassword(password); !ok) return ok;
  Result<store::User> user = Existing(store, name);
  if (!user) return tl::unexpected(user.error());
  Result<std::string> hash = HashPassword(password, cost);
  if (!hash) return tl::unexpected(hash.error());
  user->password_hash = std::move(*hash);
  return store.PutUser(*user);
}

Status SetRole(store::Store& store, std::string_view name, store::Role role) {
  Result<store::User> user = Existing(store, name);
  if (!user) return tl::unexpected(user.error());
  user->role = role;
  return store.PutUser(*user);
}

Status SetDisabled(store::Store& store, std::string_view name, bool disabled) {
  Result<store::User> user = Existing(store, name);
  if (!user) return tl::unexpected(user.error());
  user->disabled = disabled;
  return store.PutUser(*user);
}

}  // namespace mamori::serve
