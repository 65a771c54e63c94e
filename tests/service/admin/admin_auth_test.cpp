#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <vector>

#include "service/admin/auth/bearer_token.h"
#include "service/admin/auth/crypto.h"
#include "service/admin/auth/password_hash.h"
#include "service/admin/auth/session_cookie.h"
#include "service/admin/auth/session_store.h"
#include "service/config/admin_secret_formats.h"

namespace everynet::service::admin {
namespace {

using namespace std::chrono_literals;

// The lowest accepted count keeps these tests fast; the format is the same.
constexpr int kFewIterations = kMinPasswordHashIterations;

TEST(PasswordHash, RoundTripsAndRejectsOtherPasswords) {
  const std::string stored = hashPassword("correct horse", kFewIterations);
  EXPECT_TRUE(stored.starts_with("pbkdf2-sha256$100000$")) << stored;
  EXPECT_TRUE(passwordMatches("correct horse", stored));
  EXPECT_FALSE(passwordMatches("correct hors", stored));
  EXPECT_FALSE(passwordMatches("Correct horse", stored));
  EXPECT_FALSE(passwordMatches("", stored));
}

TEST(PasswordHash, UsesAFreshSaltEachTime) {
  EXPECT_NE(hashPassword("same", kFewIterations), hashPassword("same", kFewIterations));
}

TEST(PasswordHash, NewHashesUseTheDefaultIterations) {
  const auto fields = parsePasswordHash(hashPassword("x"));
  EXPECT_EQ(fields.iterations, kPasswordHashIterations);
  EXPECT_EQ(fields.salt.size(), kMinPasswordSaltBytes);
  EXPECT_EQ(fields.hash.size(), kPasswordHashBytes);
}

// A hash made by another implementation (Python's hashlib.pbkdf2_hmac) is accepted.
TEST(PasswordHash, MatchesAHashMadeElsewhere) {
  const std::string python_made =
      "pbkdf2-sha256$100000$MDEyMzQ1Njc4OWFiY2RlZg==$CQEF03iMraucElCfobodRqkaFY16F3mxFDIvP9WoJcs=";
  EXPECT_TRUE(passwordMatches("correct horse battery staple", python_made));
  EXPECT_FALSE(passwordMatches("correct horse battery stapl", python_made));
  EXPECT_EQ(formatPasswordHash(parsePasswordHash(python_made)), python_made);
}

TEST(PasswordHashFormat, RejectsWhatIsNotAHash) {
  const std::string good = hashPassword("x", kFewIterations);
  EXPECT_NO_THROW(parsePasswordHash(good));
  for (const std::string& bad : std::vector<std::string>{
           "", "secret", "pbkdf2-sha1$100000$AAAAAAAAAAAAAAAAAAAAAA==$x",
           "pbkdf2-sha256$99$" + good.substr(good.find('$', 15) + 1),
           "pbkdf2-sha256$abc$" + good.substr(good.find('$', 15) + 1),
           "pbkdf2-sha256$100000$c2FsdA==$" + good.substr(good.rfind('$') + 1),  // 4-byte salt
           good.substr(0, good.size() - 4), good + "$", good + "x"}) {
    EXPECT_THROW(parsePasswordHash(bad), std::invalid_argument) << bad;
  }
}

TEST(Base64, EncodesAndDecodesTheRfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(base64Encode(bytes), text);
    EXPECT_EQ(base64Decode(text), std::optional<std::string>(bytes));
  }
  for (const char* bad : {"Zg=", "Zg", "Z===", "====", "Zh==", "Zm9v!A==", "Zg==Zg=="}) {
    EXPECT_FALSE(base64Decode(bad)) << bad;
  }
}

TEST(BearerToken, IsRandomUrlSafeAndListedByItsHash) {
  const auto first = newBearerToken();
  const auto second = newBearerToken();
  EXPECT_NE(first.token, second.token);
  EXPECT_EQ(first.token.size(), 43u);  // 32 bytes in unpadded Base64
  EXPECT_EQ(first.token.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_TRUE(isSha256Hex(first.sha256_hex));
  EXPECT_EQ(first.sha256_hex, sha256Hex(first.token));
  EXPECT_TRUE(tokenListed(first.token, {second.sha256_hex, first.sha256_hex}));
  EXPECT_FALSE(tokenListed(first.token, {second.sha256_hex}));
  EXPECT_FALSE(tokenListed(first.sha256_hex, {first.sha256_hex}));  // the hash is no token
  EXPECT_FALSE(tokenListed("", {}));
}

TEST(Crypto, Sha256MatchesTheKnownDigestOfAbc) {
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(constantTimeEquals("abc", "abc"));
  EXPECT_FALSE(constantTimeEquals("abc", "abd"));
  EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
}

class SessionStoreTest : public ::testing::Test {
 protected:
  std::chrono::steady_clock::time_point now_{};
  SessionStore sessions_{30min, [this] { return now_; }};
};

TEST_F(SessionStoreTest, ResumesASessionWithItsCsrfToken) {
  const Session session = sessions_.create();
  EXPECT_EQ(session.id.size(), 43u);
  EXPECT_NE(session.id, session.csrf_token);
  const auto resumed = sessions_.resume(session.id);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->csrf_token, session.csrf_token);
  EXPECT_FALSE(sessions_.resume("not-a-session"));
  EXPECT_FALSE(sessions_.resume(""));
}

TEST_F(SessionStoreTest, ExpiresAfterTheIdleLimitAndEachUseRestartsIt) {
  const Session session = sessions_.create();
  now_ += 29min;
  EXPECT_TRUE(sessions_.resume(session.id));
  now_ += 29min;  // 58 minutes after sign-in, 29 after the last use
  EXPECT_TRUE(sessions_.resume(session.id));
  now_ += 30min;
  EXPECT_FALSE(sessions_.resume(session.id));
  now_ -= 1min;  // gone for good, not only expired now
  EXPECT_FALSE(sessions_.resume(session.id));
}

TEST_F(SessionStoreTest, EndsOnLogout) {
  const Session kept = sessions_.create();
  const Session ended = sessions_.create();
  sessions_.end(ended.id);
  EXPECT_FALSE(sessions_.resume(ended.id));
  EXPECT_TRUE(sessions_.resume(kept.id));
}

TEST(SessionCookie, IsHttpOnlyStrictAndSecureUnderTls) {
  EXPECT_EQ(sessionCookie("abc", false), "everynet_session=abc; Path=/; HttpOnly; SameSite=Strict");
  EXPECT_EQ(sessionCookie("abc", true),
            "everynet_session=abc; Path=/; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(expiredSessionCookie(true),
            "everynet_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict; Secure");
}

TEST(SessionCookie, IsFoundAmongOtherCookies) {
  EXPECT_EQ(cookieValue("everynet_session=abc", kSessionCookieName), "abc");
  EXPECT_EQ(cookieValue("a=1;  everynet_session=x-y_z ; b=2", kSessionCookieName), "x-y_z");
  EXPECT_EQ(cookieValue("other_everynet_session=abc", kSessionCookieName), std::nullopt);
  EXPECT_EQ(cookieValue("", kSessionCookieName), std::nullopt);
  EXPECT_EQ(cookieValue("everynet_session", kSessionCookieName), std::nullopt);
}

}  // namespace
}  // namespace everynet::service::admin
