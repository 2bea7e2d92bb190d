// SipHash-2-4-128 as in the reference siphash.c (veorq/SipHash): 2 rounds per 8-byte word,
// 4 finalisation rounds for each half of the tag; the 0xee/0xdd constants mark the 128-bit
// variant. Words are read little-endian whatever the host (std::memcpy, then a byte swap on
// big-endian hosts).
#include "base/internal/sip_hash.h"

#include <bit>
#include <cstring>

namespace mamori::internal {
namespace {

uint64_t LoadLittleEndian64(const uint8_t* p) {
  uint64_t word = 0;
  std::memcpy(&word, p, sizeof(word));
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  return word;
}

struct SipState {
  uint64_t v0, v1, v2, v3;

  void Round() {
    v0 += v1;
    v1 = std::rotl(v1, 13);
    v1 ^= v0;
    v0 = std::rotl(v0, 32);
    v2 += v3;
    v3 = std::rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = std::rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = std::rotl(v1, 17);
    v1 ^= v2;
    v2 = std::rotl(v2, 32);
  }

  void Absorb(uint64_t m) {
    v3 ^= m;
    Round();
    Round();
    v0 ^= m;
  }

  uint64_t Squeeze() {
    Round();
    Round();
    Round();
    Round();
    return v0 ^ v1 ^ v2 ^ v3;
  }
};

}  // namespace

SipTag SipHash128(const SipKey& key, const uint8_t* data, size_t size) {
  SipState s{0x736f6d6570736575ULL ^ key.k0, 0x646f72616e646f6dULL ^ key.k1 ^ 0xee,
             0x6c7967656e657261ULL ^ key.k0, 0x7465646279746573ULL ^ key.k1};
  const size_t whole = size & ~size_t{7};
  for (size_t i = 0; i < whole; i += 8) s.Absorb(LoadLittleEndian64(data + i));
  uint64_t last = static_cast<uint64_t>(size) << 56;
  const size_t tail = size - whole;
  if (tail != 0 && size >= 8) {
    // The tail bytes as the top of the last eight bytes, in one load (most values are
    // longer than a word: a pension number is ten bytes, a name twelve and more).
    last |= LoadLittleEndian64(data + size - 8) >> (8 * (8 - tail));
  } else {
    for (size_t i = whole; i < size; ++i) {
      last |= static_cast<uint64_t>(data[i]) << (8 * (i - whole));
    }
  }
  s.Absorb(last);
  s.v2 ^= 0xee;
  SipTag tag;
  tag.first = s.Squeeze();
  s.v1 ^= 0xdd;
  tag.second = s.Squeeze();
  return tag;
}

}  // namespace mamori::internal
