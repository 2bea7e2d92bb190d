#include <sodium.h>

#include <cstdlib>
#include <string>

#include "serve/internal/crypto.h"
#include "serve/server.h"

namespace mamori::serve {

PasswordCost InteractiveCost() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost MinimumCost() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

PasswordCost CostFromEnvironment() {
  const char* cost = std::getenv("MAMORI_PWHASH_COST");
  if (cost != nullptr && std::string_view(cost) == "min") return MinimumCost();
  return InteractiveCost();
}

Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost) {
  if (!internal::InitSodium()) return MakeError(ErrorCode::kIo, "libsodium failed to start");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return MakeError(ErrorCode::kLimitExceeded, "not enough memory to hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!internal::InitSodium()) return false;
  // crypto_pwhash_str_verify reads a NUL-terminated string of at most STRBYTES.
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  char stored[crypto_pwhash_STRBYTES] = {};
  hash.copy(stored, hash.size());
  return crypto_pwhash_str_verify(stored, password.data(), password.size()) == 0;
}

}  // namespace mamori::serve
