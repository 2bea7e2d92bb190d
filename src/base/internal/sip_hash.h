// Private to base: SipHash-2-4 with a 128-bit tag (Aumasson and Bernstein, "SipHash: a fast
// short-input PRF", 2012; the reference code's vectors_sip128). Counting people needs a keyed
// hash of a few dozen bytes millions of times per file; SipHash is a PRF under a secret key
// like HMAC-SHA256, at a fraction of its cost on such short inputs.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mamori::internal {

struct SipKey {
  uint64_t k0 = 0;  // key bytes 0..7, little-endian
  uint64_t k1 = 0;  // key bytes 8..15, little-endian
};

struct SipTag {
  uint64_t first = 0;   // tag bytes 0..7 as the reference writes them, little-endian
  uint64_t second = 0;  // tag bytes 8..15
};

// SipHash-2-4-128 of `size` bytes at `data`. Pure function; any thread.
SipTag SipHash128(const SipKey& key, const uint8_t* data, size_t size);

}  // namespace mamori::internal
