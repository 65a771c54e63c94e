#include "service/admin/http/router.h"

#include <gtest/gtest.h>

namespace everynet::service::admin {
namespace {

HttpResponse answer(int status) {
  return {status, "text/plain", "", {}, {}};
}

Router exampleRouter() {
  Router router;
  router.add("GET", "/jobs", Access::read, [](const HttpRequest&) { return answer(200); });
  router.add("GET", "/jobs/{id}", Access::read, [](const HttpRequest&) { return answer(201); });
  router.add("POST", "/jobs/{id}/cancel", Access::act,
             [](const HttpRequest&) { return answer(202); });
  router.add("GET", "/login", Access::public_route, [](const HttpRequest&) { return answer(203); });
  router.add("POST", "/login", Access::public_route,
             [](const HttpRequest&) { return answer(204); });
  return router;
}

TEST(RouterTest, AMatchedRouteGivesItsHandlerAccessAndCaptures) {
  const Router router = exampleRouter();
  const auto routed = router.match("POST", "/jobs/7/cancel");
  const auto* found = std::get_if<RouteFound>(&routed);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->access, Access::act);
  EXPECT_EQ(found->params, (std::map<std::string, std::string>{{"id", "7"}}));
  EXPECT_EQ((*found->handler)(HttpRequest{}).status, 202);
}

TEST(RouterTest, HeadIsAnsweredByTheGetRoute) {
  const Router router = exampleRouter();  // the match points into it
  const auto routed = router.match("HEAD", "/jobs");
  ASSERT_TRUE(std::holds_alternative<RouteFound>(routed));
  EXPECT_EQ((*std::get<RouteFound>(routed).handler)(HttpRequest{}).status, 200);
}

TEST(RouterTest, AnUnknownPathIsNotFound) {
  const Router router = exampleRouter();
  EXPECT_TRUE(std::holds_alternative<PathNotFound>(router.match("GET", "/nothing")));
  EXPECT_TRUE(std::holds_alternative<PathNotFound>(router.match("GET", "/jobs/7/8")));
}

TEST(RouterTest, AKnownPathWithAnotherMethodIsNotAllowedNamingTheMethodsThatAre) {
  const Router router = exampleRouter();
  const auto routed = router.match("DELETE", "/login");
  const auto* not_allowed = std::get_if<MethodNotAllowed>(&routed);
  ASSERT_NE(not_allowed, nullptr);
  EXPECT_EQ(not_allowed->allowed_methods, "GET, HEAD, POST");
}

}  // namespace
}  // namespace everynet::service::admin
