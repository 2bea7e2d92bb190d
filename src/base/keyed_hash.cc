#include "base/keyed_hash.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "base/internal/sha256_ni.h"
#include "base/internal/sip_hash.h"

namespace mamori {
namespace {

constexpr size_t kKeyBytes = 32;
constexpr size_t kBlockBytes = 64;  // SHA-256 block size

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

MdCtx NewCtx() { return MdCtx(EVP_MD_CTX_new()); }

// HMAC is computed by hand over two precomputed digest states (key^ipad and key^opad
// absorbed once), so each hash costs two SHA-256 finalisations and no allocation; the
// EVP_MAC API would re-derive the pads on every call.
MdCtx PaddedState(const std::array<uint8_t, kBlockBytes>& block_key, uint8_t pad) {
  std::array<uint8_t, kBlockBytes> padded{};
  for (size_t i = 0; i < kBlockBytes; ++i) padded[i] = static_cast<uint8_t>(block_key[i] ^ pad);
  MdCtx ctx = NewCtx();
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx.get(), padded.data(), padded.size());
  return ctx;
}

EVP_MD_CTX* ThreadWorkContext() {
  thread_local MdCtx work = NewCtx();
  return work.get();
}

constexpr uint32_t kSha256Initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
// The domain of the HMACs that derive the SipHash subkeys of HashKey; no finding uses it.
constexpr std::string_view kPersonSubkeyDomain = "people-count subkey";
// The value each PersonDomain's subkey is derived from, in the enum's order.
constexpr std::array<std::string_view, kPersonDomainCount> kPersonDomainNames = {
    "pension", "my_number", "name+birth", "name"};

// Messages up to this long take the SHA-extensions path; longer ones (rare: a name and
// birth date are under 100 bytes) go through OpenSSL.
constexpr size_t kFastMessageBytes = 512;

void StoreBigEndian32(uint32_t value, uint8_t* out) {
  out[0] = static_cast<uint8_t>(value >> 24);
  out[1] = static_cast<uint8_t>(value >> 16);
  out[2] = static_cast<uint8_t>(value >> 8);
  out[3] = static_cast<uint8_t>(value);
}

// Pads `used` message bytes in `buffer` (which already holds them after `prefix_bytes`
// absorbed bytes) and compresses into `state`. `buffer` has room for two more blocks.
void FinishSha256(uint32_t state[8], uint8_t* buffer, size_t used, uint64_t prefix_bytes) {
  const uint64_t bits = (prefix_bytes + used) * 8;
  buffer[used] = 0x80;
  size_t total = used + 1;
  const size_t padded = ((total + 8 + 63) / 64) * 64;
  std::memset(buffer + total, 0, padded - total);
  for (size_t i = 0; i < 8; ++i) buffer[padded - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
  internal::Sha256Blocks(state, buffer, padded / 64);
}

}  // namespace

struct KeyedHasher::State {
  MdCtx inner;
  MdCtx outer;
  bool fast = false;
  uint32_t inner_state[8] = {};
  uint32_t outer_state[8] = {};
  std::array<internal::SipKey, kPersonDomainCount> person_keys;
};

KeyedHasher::KeyedHasher(std::unique_ptr<State> state) : state_(std::move(state)) {}
KeyedHasher::KeyedHasher(KeyedHasher&&) noexcept = default;
KeyedHasher& KeyedHasher::operator=(KeyedHasher&&) noexcept = default;
KeyedHasher::~KeyedHasher() = default;

KeyedHasher KeyedHasher::FromKey(std::string_view key) {
  std::array<uint8_t, kBlockBytes> block_key{};
  if (key.size() > kBlockBytes) {
    unsigned int length = 0;
    EVP_Digest(key.data(), key.size(), block_key.data(), &length, EVP_sha256(), nullptr);
  } else {
    std::memcpy(block_key.data(), key.data(), key.size());
  }
  auto state = std::make_unique<State>();
  state->inner = PaddedState(block_key, 0x36);
  state->outer = PaddedState(block_key, 0x5c);
  state->fast = internal::HasShaExtensions();
  if (state->fast) {
    for (const auto& [pad, target] : {std::pair<uint8_t, uint32_t*>{0x36, state->inner_state},
                                      std::pair<uint8_t, uint32_t*>{0x5c, state->outer_state}}) {
      std::array<uint8_t, kBlockBytes> padded{};
      for (size_t i = 0; i < kBlockBytes; ++i) padded[i] = static_cast<uint8_t>(block_key[i] ^ pad);
      std::memcpy(target, kSha256Initial, sizeof(kSha256Initial));
      internal::Sha256Blocks(target, padded.data(), 1);
    }
  }
  KeyedHasher hasher(std::move(state));
  for (size_t domain = 0; domain < kPersonDomainCount; ++domain) {
    const Digest subkey = hasher.Hash(kPersonSubkeyDomain, kPersonDomainNames[domain]);
    internal::SipKey& person_key = hasher.state_->person_keys[domain];
    std::memcpy(&person_key.k0, subkey.data(), sizeof(uint64_t));
    std::memcpy(&person_key.k1, subkey.data() + 8, sizeof(uint64_t));
  }
  return hasher;
}

Result<KeyedHasher> KeyedHasher::FromKeyFile(const std::string& path, bool create) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && create) {
    std::error_code ignored;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
    std::array<uint8_t, kKeyBytes> key{};
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
      return MakeError(ErrorCode::kIo, "cannot draw random bytes for a new key");
    }
    const int out = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out >= 0) {
      const ssize_t written = ::write(out, key.data(), key.size());
      ::close(out);
      if (written != static_cast<ssize_t>(key.size())) {
        return MakeError(ErrorCode::kIo, "cannot write key file " + path);
      }
    }
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  }
  if (fd < 0) {
    return MakeError(ErrorCode::kIo, "cannot open key file " + path + ": " + std::strerror(errno));
  }
  std::array<char, 256> buffer{};
  const ssize_t got = ::read(fd, buffer.data(), buffer.size());
  ::close(fd);
  if (got < static_cast<ssize_t>(kKeyBytes)) {
    return MakeError(ErrorCode::kCorrupt, "key file " + path + " holds fewer than 32 bytes");
  }
  return FromKey(std::string_view(buffer.data(), static_cast<size_t>(got)));
}

Digest KeyedHasher::Hash(std::string_view domain, std::string_view value) const {
  const size_t message_bytes = domain.size() + 1 + value.size();
  if (state_->fast && message_bytes <= kFastMessageBytes) {
    alignas(16) uint8_t buffer[kFastMessageBytes + 2 * kBlockBytes];
    std::memcpy(buffer, domain.data(), domain.size());
    buffer[domain.size()] = 0;
    std::memcpy(buffer + domain.size() + 1, value.data(), value.size());
    uint32_t inner[8];
    std::memcpy(inner, state_->inner_state, sizeof(inner));
    FinishSha256(inner, buffer, message_bytes, kBlockBytes);
    uint8_t outer_block[2 * kBlockBytes];
    for (size_t i = 0; i < 8; ++i) StoreBigEndian32(inner[i], outer_block + 4 * i);
    uint32_t outer[8];
    std::memcpy(outer, state_->outer_state, sizeof(outer));
    FinishSha256(outer, outer_block, 32, kBlockBytes);
    Digest result{};
    for (size_t i = 0; i < 8; ++i) StoreBigEndian32(outer[i], result.data() + 4 * i);
    return result;
  }
  EVP_MD_CTX* work = ThreadWorkContext();
  Digest inner_digest{};
  Digest result{};
  unsigned int length = 0;
  const char separator = '\0';
  EVP_MD_CTX_copy_ex(work, state_->inner.get());
  EVP_DigestUpdate(work, domain.data(), domain.size());
  EVP_DigestUpdate(work, &separator, 1);
  EVP_DigestUpdate(work, value.data(), value.size());
  EVP_DigestFinal_ex(work, inner_digest.data(), &length);
  EVP_MD_CTX_copy_ex(work, state_->outer.get());
  EVP_DigestUpdate(work, inner_digest.data(), inner_digest.size());
  EVP_DigestFinal_ex(work, result.data(), &length);
  return result;
}

PersonKey KeyedHasher::HashKey(PersonDomain domain, std::string_view value) const {
  const internal::SipTag tag =
      internal::SipHash128(state_->person_keys[static_cast<size_t>(domain)],
                           reinterpret_cast<const uint8_t*>(value.data()), value.size());
  return PersonKey{tag.first, tag.second};
}

std::string DefaultKeyPath() {
  if (const char* explicit_path = std::getenv("MAMORI_KEY_FILE"); explicit_path && *explicit_path) {
    return explicit_path;
  }
  if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config) {
    return std::string(config) + "/mamori/key";
  }
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.config/mamori/key";
}

std::string HexDigest(const Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (uint8_t byte : digest) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xF]);
  }
  return out;
}

}  // namespace mamori
