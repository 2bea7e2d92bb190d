#include "serve/internal/session.h"

#include <gtest/gtest.h>

#include "serve/internal/crypto.h"

namespace mamori::serve::internal {
namespace {

TEST(SessionStore, TokenIsRandom256Bits) {
  SessionStore sessions(600, 3600);
  const std::string a = sessions.Create("vera", store::Role::kViewer, 1000);
  const std::string b = sessions.Create("vera", store::Role::kViewer, 1000);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

TEST(SessionStore, FindsTheSessionOfItsToken) {
  SessionStore sessions(600, 3600);
  const std::string token = sessions.Create("otto", store::Role::kOperator, 1000);
  std::optional<Session> session = sessions.Touch(token, 1001);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->user, "otto");
  EXPECT_EQ(session->role, store::Role::kOperator);
  EXPECT_EQ(session->csrf.size(), 64u);
  EXPECT_NE(session->csrf, token);
  EXPECT_FALSE(sessions.Touch(token + "0", 1001));
  EXPECT_FALSE(sessions.Touch("", 1001));
}

TEST(SessionStore, IdleExpiry) {
  SessionStore sessions(600, 3600);
  const std::string token = sessions.Create("vera", store::Role::kViewer, 1000);
  EXPECT_TRUE(sessions.Touch(token, 1599));
  EXPECT_TRUE(sessions.Touch(token, 2198));
  EXPECT_FALSE(sessions.Touch(token, 2798));
  EXPECT_FALSE(sessions.Touch(token, 2799));  // gone for good
}

TEST(SessionStore, AbsoluteExpiry) {
  SessionStore sessions(600, 1500);
  const std::string token = sessions.Create("vera", store::Role::kViewer, 1000);
  EXPECT_TRUE(sessions.Touch(token, 1500));
  EXPECT_TRUE(sessions.Touch(token, 2000));
  EXPECT_FALSE(sessions.Touch(token, 2500));
}

TEST(SessionStore, RemoveAndRemoveUser) {
  SessionStore sessions(600, 3600);
  const std::string a = sessions.Create("vera", store::Role::kViewer, 1000);
  const std::string b = sessions.Create("vera", store::Role::kViewer, 1000);
  const std::string c = sessions.Create("otto", store::Role::kOperator, 1000);
  sessions.Remove(a);
  EXPECT_FALSE(sessions.Touch(a, 1001));
  EXPECT_TRUE(sessions.Touch(b, 1001));
  sessions.RemoveUser("vera");
  EXPECT_FALSE(sessions.Touch(b, 1001));
  EXPECT_TRUE(sessions.Touch(c, 1001));
  EXPECT_EQ(sessions.size(), 1u);
}

TEST(SessionStore, ConfirmChangesTheRole) {
  SessionStore sessions(600, 3600);
  const std::string token = sessions.Create("otto", store::Role::kOperator, 1000);
  sessions.Confirm("otto", store::Role::kViewer, 1010);
  std::optional<Session> session = sessions.Touch(token, 1011);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->role, store::Role::kViewer);
  EXPECT_EQ(session->checked_at, 1010);
}

TEST(Crypto, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
}

TEST(Crypto, HashTokenIsNotTheToken) {
  const std::string token = RandomToken();
  const std::string hash = HashToken(token);
  EXPECT_EQ(hash.size(), 32u);
  EXPECT_EQ(hash, HashToken(token));
  EXPECT_NE(hash, HashToken(RandomToken()));
}

}  // namespace
}  // namespace mamori::serve::internal
