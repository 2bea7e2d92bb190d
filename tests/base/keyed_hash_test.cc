#include "base/keyed_hash.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace mamori {
namespace {

// Checks the hand-built HMAC (precomputed pads) against OpenSSL's own one-shot HMAC over
// the message domain || 0x00 || value, including a key longer than a block.
TEST(KeyedHasher, MatchesOpenSslHmac) {
  for (const std::string& key : {std::string("Jefe"), std::string(100, 'k')}) {
    const KeyedHasher hasher = KeyedHasher::FromKey(key);
    const std::string message = std::string("pension") + '\0' + "1234567890";
    Digest expected{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), expected.data(),
         &length);
    EXPECT_EQ(hasher.Hash("pension", "1234567890"), expected);
  }
}

// Every padding case of the SHA-extensions path (message ends before, at and after the
// 56-byte length slot, across one and two blocks) and the OpenSSL path past 512 bytes.
TEST(KeyedHasher, MatchesOpenSslHmacForEveryMessageLength) {
  const std::string key = "per-installation key";
  const KeyedHasher hasher = KeyedHasher::FromKey(key);
  for (size_t length = 0; length < 700; ++length) {
    const std::string value(length, static_cast<char>('a' + length % 26));
    const std::string message = std::string("name") + '\0' + value;
    Digest expected{};
    unsigned int digest_length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), expected.data(),
         &digest_length);
    ASSERT_EQ(hasher.Hash("name", value), expected) << "value length " << length;
  }
}

TEST(KeyedHasher, Rfc4231Case2) {
  // key "Jefe", data "what do ya want for nothing?": the data split at its NUL-free form is
  // impossible, so this checks HexDigest against the RFC's digest via OpenSSL.
  const std::string data = "what do ya want for nothing?";
  Digest digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), "Jefe", 4, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
       digest.data(), &length);
  EXPECT_EQ(HexDigest(digest), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(KeyedHasher, SameInputSameDigest) {
  const KeyedHasher hasher = KeyedHasher::FromKey("k");
  EXPECT_EQ(hasher.Hash("pension", "1234567890"), hasher.Hash("pension", "1234567890"));
}

TEST(KeyedHasher, DomainSeparatesKinds) {
  const KeyedHasher hasher = KeyedHasher::FromKey("k");
  EXPECT_NE(hasher.Hash("pension", "123456789012"), hasher.Hash("my_number", "123456789012"));
}

TEST(KeyedHasher, KeyChangesDigest) {
  EXPECT_NE(KeyedHasher::FromKey("a").Hash("d", "v"), KeyedHasher::FromKey("b").Hash("d", "v"));
}

TEST(KeyedHasher, KeyFileIsCreatedPrivateAndReused) {
  const auto dir = std::filesystem::temp_directory_path() / "mamori_key_test";
  std::filesystem::remove_all(dir);
  const std::string path = (dir / "sub" / "key").string();
  Result<KeyedHasher> first = KeyedHasher::FromKeyFile(path, true);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  Result<KeyedHasher> second = KeyedHasher::FromKeyFile(path, false);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(first->Hash("d", "v"), second->Hash("d", "v"));
  std::filesystem::remove_all(dir);
}

TEST(KeyedHasher, ShortKeyFileIsAnError) {
  const auto path = std::filesystem::temp_directory_path() / "mamori_short_key";
  std::ofstream(path) << "short";
  EXPECT_FALSE(KeyedHasher::FromKeyFile(path.string(), false).has_value());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace mamori
