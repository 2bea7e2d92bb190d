#include "base/keyed_hash.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

#include "base/internal/sip_hash.h"

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

// HashKey is SipHash-2-4-128 over the value, under the first 16 bytes of
// Hash("people-count subkey", <the domain's name>): recomputed here from the parts, for every
// domain and values of several lengths (SipHash blocks are 8 bytes).
TEST(KeyedHasher, HashKeyIsSipHashUnderTheDomainsDerivedSubkey) {
  const KeyedHasher hasher = KeyedHasher::FromKey("Jefe");
  const std::pair<PersonDomain, const char*> domains[] = {
      {PersonDomain::kPension, "pension"},
      {PersonDomain::kMyNumber, "my_number"},
      {PersonDomain::kNameAndBirth, "name+birth"},
      {PersonDomain::kName, "name"}};
  for (const auto& [domain, name] : domains) {
    const Digest subkey = hasher.Hash("people-count subkey", name);
    internal::SipKey key;
    std::memcpy(&key.k0, subkey.data(), 8);
    std::memcpy(&key.k1, subkey.data() + 8, 8);
    for (const size_t length : {0u, 1u, 7u, 8u, 10u, 100u, 2000u}) {
      const std::string value(length, 'v');
      const internal::SipTag tag =
          internal::SipHash128(key, reinterpret_cast<const uint8_t*>(value.data()), value.size());
      const PersonKey person = hasher.HashKey(domain, value);
      EXPECT_EQ(person.high, tag.first) << name << ", value length " << length;
      EXPECT_EQ(person.low, tag.second) << name << ", value length " << length;
    }
  }
}

TEST(KeyedHasher, HashKeySeparatesDomainsAndKeys) {
  const KeyedHasher hasher = KeyedHasher::FromKey("k");
  EXPECT_EQ(hasher.HashKey(PersonDomain::kPension, "1234567890"),
            hasher.HashKey(PersonDomain::kPension, "1234567890"));
  EXPECT_NE(hasher.HashKey(PersonDomain::kPension, "123456789012"),
            hasher.HashKey(PersonDomain::kMyNumber, "123456789012"));
  EXPECT_NE(hasher.HashKey(PersonDomain::kName, "山田 太郎"),
            hasher.HashKey(PersonDomain::kNameAndBirth, "山田 太郎"));
  EXPECT_NE(KeyedHasher::FromKey("a").HashKey(PersonDomain::kName, "v"),
            KeyedHasher::FromKey("b").HashKey(PersonDomain::kName, "v"));
}

// Distinct values give distinct keys, and each half alone is collision-free at this scale
// (the people counter indexes its table by one half and its sketch by the other).
TEST(KeyedHasher, HashKeyHasNoCollisionsOverAMillionValues) {
  const KeyedHasher hasher = KeyedHasher::FromKey("k");
  constexpr size_t kValues = 1'000'000;
  std::vector<uint64_t> highs;
  std::vector<uint64_t> lows;
  highs.reserve(kValues);
  lows.reserve(kValues);
  for (size_t i = 0; i < kValues; ++i) {
    const PersonKey key = hasher.HashKey(PersonDomain::kPension, std::to_string(1'000'000'000 + i));
    highs.push_back(key.high);
    lows.push_back(key.low);
  }
  for (std::vector<uint64_t>* half : {&highs, &lows}) {
    std::sort(half->begin(), half->end());
    EXPECT_EQ(std::adjacent_find(half->begin(), half->end()), half->end());
  }
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
