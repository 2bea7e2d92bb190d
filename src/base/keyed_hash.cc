#include "base/keyed_hash.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

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

}  // namespace

struct KeyedHasher::State {
  MdCtx inner;
  MdCtx outer;
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
  return KeyedHasher(std::move(state));
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
    return MakeError(ErrorCode::kIo,
                     "cannot open key file " + path + ": " + std::strerror(errno));
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

PersonKey KeyedHasher::HashKey(std::string_view domain, std::string_view value) const {
  const Digest digest = Hash(domain, value);
  PersonKey key;
  std::memcpy(&key.high, digest.data(), sizeof(key.high));
  std::memcpy(&key.low, digest.data() + 8, sizeof(key.low));
  return key;
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
