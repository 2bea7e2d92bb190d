#include "base/internal/sip_hash.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

namespace mamori::internal {
namespace {

// vectors_sip128 of the reference implementation (github.com/veorq/SipHash, vectors.h):
// key 00 01 .. 0f, message 00 01 .. (length - 1), tag bytes in hex.
struct Vector {
  size_t length;
  const char* tag;
};
constexpr Vector kVectors[] = {
    {0, "a3817f04ba25a8e66df67214c7550293"},  {1, "da87c1d86b99af44347659119b22fc45"},
    {2, "8177228da4a45dc7fca38bdef60affe4"},  {7, "a1f1ebbed8dbc153c0b84aa61ff08239"},
    {8, "3b62a9ba6258f5610f83e264f31497b4"},  {9, "264499060ad9baabc47f8b02bb6d71ed"},
    {15, "5493e99933b0a8117e08ec0f97cfc3d9"}, {16, "6ee2a4ca67b054bbfd3315bf85230577"},
    {17, "473d06e8738db89854c066c47ae47740"}, {31, "2939b0183223fafc1723de4f52c43d35"},
    {32, "7c3956ca5eeafc3e363e9d556546eb68"}, {63, "5150d1772f50834a503e069a973fbd7c"},
};

std::string TagHex(const SipTag& tag) {
  std::string hex;
  for (const uint64_t half : {tag.first, tag.second}) {
    for (int i = 0; i < 8; ++i) {
      char byte[3];
      std::snprintf(byte, sizeof(byte), "%02x", static_cast<unsigned>(half >> (8 * i)) & 0xFF);
      hex += byte;
    }
  }
  return hex;
}

TEST(SipHash128, MatchesReferenceVectors) {
  const SipKey key{0x0706050403020100ULL, 0x0F0E0D0C0B0A0908ULL};
  std::array<uint8_t, 64> message{};
  for (size_t i = 0; i < message.size(); ++i) message[i] = static_cast<uint8_t>(i);
  for (const Vector& vector : kVectors) {
    EXPECT_EQ(TagHex(SipHash128(key, message.data(), vector.length)), vector.tag)
        << "length " << vector.length;
  }
}

TEST(SipHash128, KeyChangesTag) {
  const uint8_t message[] = {'1', '2', '3'};
  const SipTag a = SipHash128(SipKey{1, 2}, message, sizeof(message));
  const SipTag b = SipHash128(SipKey{1, 3}, message, sizeof(message));
  EXPECT_NE(a.first, b.first);
  EXPECT_NE(a.second, b.second);
}

}  // namespace
}  // namespace mamori::internal
