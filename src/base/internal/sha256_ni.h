// Private to base: the SHA-256 block function on the x86 SHA extensions. Keyed hashes are
// computed once per personal record (millions per file), where OpenSSL's EVP layer costs
// more than the two compressions themselves.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mamori::internal {

// True when the CPU has the SHA, SSSE3 and SSE4.1 instructions.
bool HasShaExtensions();

// Compresses `blocks` 64-byte blocks of `data` into `state` (H0..H7, host order).
// REQUIRES: HasShaExtensions().
void Sha256Blocks(uint32_t state[8], const uint8_t* data, size_t blocks);

}  // namespace mamori::internal
