// Password hashing and the user rules of serve/server.h.
#include <gtest/gtest.h>

#include <cstdlib>

#include "serve/server.h"

namespace mamori::serve {
namespace {

TEST(Password, HashIsArgon2idAndVerifies) {
  Result<std::string> hash = HashPassword("correct horse", MinimumCost());
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(hash->find("correct horse"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horsE"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
}

TEST(Password, SaltedHashesDiffer) {
  EXPECT_NE(*HashPassword("same", MinimumCost()), *HashPassword("same", MinimumCost()));
}

TEST(Password, GarbageHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("", ""));
  EXPECT_FALSE(VerifyPassword("plain text", "plain text"));
  EXPECT_FALSE(VerifyPassword(std::string(500, '$'), "x"));
}

TEST(Password, InteractiveCostIsTheDefault) {
  ::unsetenv("MAMORI_PWHASH_COST");
  EXPECT_EQ(CostFromEnvironment().ops, InteractiveCost().ops);
  EXPECT_EQ(CostFromEnvironment().mem, InteractiveCost().mem);
  ::setenv("MAMORI_PWHASH_COST", "min", 1);
  EXPECT_EQ(CostFromEnvironment().mem, MinimumCost().mem);
  ::unsetenv("MAMORI_PWHASH_COST");
}

TEST(UserName, Rules) {
  EXPECT_TRUE(ValidUserName("sato.k"));
  EXPECT_TRUE(ValidUserName("a@example.jp"));
  EXPECT_FALSE(ValidUserName(""));
  EXPECT_FALSE(ValidUserName("a b"));
  EXPECT_FALSE(ValidUserName("<script>"));
  EXPECT_FALSE(ValidUserName("佐藤"));
  EXPECT_FALSE(ValidUserName(std::string(65, 'a')));
}

}  // namespace
}  // namespace mamori::serve
