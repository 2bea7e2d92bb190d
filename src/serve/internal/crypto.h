// Random tokens, token hashes and constant-time comparison for sessions and CSRF.
#pragma once

#include <string>
#include <string_view>

namespace mamori::serve::internal {

// sodium_init() once; false when libsodium cannot start (no entropy source).
bool InitSodium();

// 32 random bytes as 64 lowercase hex digits.
std::string RandomToken();

// BLAKE2b-256 of `token`, raw bytes: what the session table keeps instead of the token.
std::string HashToken(std::string_view token);

// Equal contents, in time that depends only on the lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace mamori::serve::internal
