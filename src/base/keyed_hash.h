// Keyed hashes let mamori count distinct people and compare findings across scans without
// keeping a personal value: HMAC-SHA256 under a per-installation secret key.
//
//   Result<KeyedHasher> hasher = KeyedHasher::FromKeyFile(DefaultKeyPath(), true);
//   PersonKey key = hasher->Hash("pension", "1234567890");
//
// Thread-safety: a KeyedHasher is immutable after construction; Hash() may be called from
// any number of threads at once (each thread keeps its own digest context).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mamori {

using Digest = std::array<uint8_t, 32>;

// The first 16 bytes of a digest: collisions stay negligible for billions of people while
// halving the memory of per-file people sets.
struct PersonKey {
  uint64_t high = 0;
  uint64_t low = 0;
  friend auto operator<=>(const PersonKey&, const PersonKey&) = default;
};

class KeyedHasher {
 public:
  // Reads a 32-byte key from `path`; when missing and `create` is set, writes a new random
  // key there with mode 0600 (creating the parent directory).
  static Result<KeyedHasher> FromKeyFile(const std::string& path, bool create);
  // For tests and benchmarks: a hasher over a given key.
  static KeyedHasher FromKey(std::string_view key);

  KeyedHasher(KeyedHasher&&) noexcept;
  KeyedHasher& operator=(KeyedHasher&&) noexcept;
  ~KeyedHasher();

  // HMAC-SHA256(key, domain || 0x00 || value). The domain separates kinds of identity
  // ("pension", "my_number", "name+birth") so equal strings of different kinds never meet.
  Digest Hash(std::string_view domain, std::string_view value) const;
  PersonKey HashKey(std::string_view domain, std::string_view value) const;

 private:
  struct State;
  explicit KeyedHasher(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// $MAMORI_KEY_FILE, else $XDG_CONFIG_HOME/mamori/key, else ~/.config/mamori/key.
std::string DefaultKeyPath();

std::string HexDigest(const Digest& digest);

}  // namespace mamori
