// Keyed hashes let mamori count distinct people and compare findings across scans without
// keeping a personal value, under a per-installation secret key: HMAC-SHA256 for anything
// that is stored or printed (Hash), and SipHash-2-4-128 under a subkey of the same key for
// the people counted in memory (HashKey), millions of times per file.
//
//   Result<KeyedHasher> hasher = KeyedHasher::FromKeyFile(DefaultKeyPath(), true);
//   Digest digest = hasher->Hash("pension", "1234567890");     // may be stored
//   PersonKey key = hasher->HashKey(PersonDomain::kPension, "1234567890");  // memory only
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

// The kinds of identity people are counted by. Each has a SipHash subkey of its own, so equal
// strings of different kinds never meet.
enum class PersonDomain : uint8_t { kPension, kMyNumber, kNameAndBirth, kName };
inline constexpr size_t kPersonDomainCount = 4;

// A 128-bit keyed hash of one person, for counting distinct people in memory: collisions
// stay negligible for billions of people. Never stored or printed: it is not a Digest and
// does not compare with one.
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
  // SipHash-2-4-128(subkey(domain), value), where subkey(domain) is the first 16 bytes of
  // Hash("people-count subkey", name of the domain: "pension", "my_number", "name+birth",
  // "name"): a PRF under the installation key like Hash, about five times cheaper on short
  // values, and the domain in the key instead of the message leaves a pension number one
  // SipHash block. For in-memory counting only (see PersonKey).
  PersonKey HashKey(PersonDomain domain, std::string_view value) const;

 private:
  struct State;
  explicit KeyedHasher(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// $MAMORI_KEY_FILE, else $XDG_CONFIG_HOME/mamori/key, else ~/.config/mamori/key.
std::string DefaultKeyPath();

std::string HexDigest(const Digest& digest);

}  // namespace mamori
