#include "service/admin/http/url_decoding.h"

#include <gtest/gtest.h>

namespace everynet::service::admin {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlusOnlyWhereAsked) {
  EXPECT_EQ(percentDecode("a%20b%2Fc%41", false), "a b/cA");
  EXPECT_EQ(percentDecode("a+b", false), "a+b");
  EXPECT_EQ(percentDecode("a+b", true), "a b");
  EXPECT_EQ(percentDecode("%e2%82%AC", false), "\xe2\x82\xac");
  EXPECT_EQ(percentDecode("", false), "");
}

TEST(PercentDecode, RejectsMalformedEscapes) {
  for (const char* bad : {"%", "%4", "a%zz", "%g0", "abc%2"}) {
    EXPECT_FALSE(percentDecode(bad, false)) << bad;
  }
}

TEST(ParseUrlEncoded, SplitsFieldsAndDecodesBoth) {
  const auto fields = parseUrlEncoded("password=p%26ss+word&csrf=abc&flag&&x=1&x=2");
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->at("password"), "p&ss word");
  EXPECT_EQ(fields->at("csrf"), "abc");
  EXPECT_EQ(fields->at("flag"), "");
  EXPECT_EQ(fields->at("x"), "2");
  EXPECT_EQ(fields->size(), 4u);
  EXPECT_FALSE(parseUrlEncoded("a=%zz"));
  EXPECT_TRUE(parseUrlEncoded("")->empty());
}

TEST(ParseRequestTarget, SeparatesPathAndQuery) {
  const auto target = parseRequestTarget("/patients/P%201?limit=5&q=a+b");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/patients/P 1");
  EXPECT_EQ(target->query.at("limit"), "5");
  EXPECT_EQ(target->query.at("q"), "a b");
  EXPECT_EQ(parseRequestTarget("/a+b")->path, "/a+b");  // '+' is a space in queries only
  EXPECT_TRUE(parseRequestTarget("/")->query.empty());
}

TEST(ParseRequestTarget, RejectsOtherFormsAndControlCharacters) {
  for (const char* bad :
       {"", "*", "http://example.org/", "jobs", "/a%00b", "/a%0d%0aSet-Cookie:x", "/%", "/?a=%"}) {
    EXPECT_FALSE(parseRequestTarget(bad)) << bad;
  }
}

}  // namespace
}  // namespace everynet::service::admin
