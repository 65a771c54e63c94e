#include "service/admin/http/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace everynet::service::admin {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A raw HTTP client: what it sends is exactly what the test writes.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() { ::close(fd_); }

  bool connected() const { return connected_; }
  void send(const std::string& bytes) {
    ASSERT_EQ(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
  }
  // Everything until the server closes the connection (or 5 s pass).
  std::string receiveAll() {
    std::string received;
    char buffer[4096];
    ssize_t count;
    while ((count = ::recv(fd_, buffer, sizeof buffer, 0)) > 0) received.append(buffer, count);
    return received;
  }
  // Up to the first chunk that arrives.
  std::string receiveSome() {
    char buffer[4096];
    const ssize_t count = ::recv(fd_, buffer, sizeof buffer, 0);
    return count > 0 ? std::string(buffer, count) : std::string();
  }

 private:
  int fd_;
  bool connected_ = false;
};

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

HttpResponse echo(const HttpRequest& request) {
  HttpResponse response;
  response.content_type = "text/plain";
  response.body = request.method + " " + request.path +
                  " q=" + (request.query.contains("q") ? request.query.at("q") : "") +
                  " body=" + std::to_string(request.body.size()) + " peer=" + request.peer_address;
  if (request.path == "/slow") response.send_delay = 1500ms;
  if (request.path == "/crlf") response.headers.emplace_back("Location", "/x\r\nSet-Cookie: a=b");
  return response;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void start(int threads = 2) {
    HttpServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;  // any free port
    options.threads = threads;
    options.io_timeout = 1s;
    options.body_limit = 1000;
    server_ = std::make_unique<HttpServer>(options, echo);
    server_->start();
  }

  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, AnswersWithTheHandlersResponseDecoded) {
  start();
  ASSERT_NE(server_->port(), 0);
  EXPECT_FALSE(server_->tls());
  RawConnection connection(server_->port());
  ASSERT_TRUE(connection.connected());
  connection.send(
      "POST /a%20b?q=x+y HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n"
      "Connection: close\r\n\r\nabc");
  const std::string answer = connection.receiveAll();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200 OK\r\n")) << answer;
  EXPECT_NE(answer.find("POST /a b q=x y body=3 peer=127.0.0.1"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Content-Type: text/plain\r\n"), std::string::npos) << answer;
}

TEST_F(HttpServerTest, KeepsTheConnectionAliveBetweenRequests) {
  start();
  RawConnection connection(server_->port());
  connection.send(
      "GET /one HTTP/1.1\r\nHost: t\r\n\r\n"
      "GET /two HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  const std::string answers = connection.receiveAll();
  EXPECT_EQ(occurrences(answers, "HTTP/1.1 200 OK"), 2u) << answers;
  EXPECT_NE(answers.find("GET /two"), std::string::npos) << answers;
}

TEST_F(HttpServerTest, AnswersHeadWithTheGetsLengthAndNoBody) {
  start();
  RawConnection connection(server_->port());
  // The GET that follows on the same connection is read right only if the HEAD's answer
  // carried no body.
  connection.send(
      "HEAD /page HTTP/1.1\r\nHost: t\r\n\r\n"
      "GET /next HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  const std::string answers = connection.receiveAll();
  const std::string head_body = "HEAD /page q= body=0 peer=127.0.0.1";
  const auto second = answers.find("HTTP/1.1 200 OK", 1);
  ASSERT_NE(second, std::string::npos) << answers;
  const std::string head_answer = answers.substr(0, second);
  EXPECT_TRUE(head_answer.starts_with("HTTP/1.1 200 OK\r\n")) << answers;
  EXPECT_NE(head_answer.find("Content-Length: " + std::to_string(head_body.size()) + "\r\n"),
            std::string::npos)
      << answers;
  EXPECT_TRUE(head_answer.ends_with("\r\n\r\n")) << answers;
  EXPECT_TRUE(answers.ends_with("GET /next q= body=0 peer=127.0.0.1")) << answers;
}

TEST_F(HttpServerTest, RefusesABodyOverTheLimit) {
  start();
  RawConnection connection(server_->port());
  connection.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" +
                  std::string(5000, 'x'));
  const std::string answer = connection.receiveAll();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer;
  EXPECT_NE(answer.find("X-Content-Type-Options: nosniff"), std::string::npos) << answer;
}

TEST_F(HttpServerTest, AnswersMalformedRequestsWith400) {
  start();
  for (const std::string request :
       {"GET http://elsewhere/ HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET /a%zz HTTP/1.1\r\nHost: t\r\n\r\n", "NOT HTTP AT ALL\r\n\r\n"}) {
    RawConnection connection(server_->port());
    connection.send(request);
    const std::string answer = connection.receiveAll();
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << request << answer;
  }
}

TEST_F(HttpServerTest, NeverSendsAHeaderWithALineBreak) {
  start();
  RawConnection connection(server_->port());
  connection.send("GET /crlf HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  const std::string answer = connection.receiveAll();
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 500")) << answer;
  EXPECT_EQ(answer.find("Set-Cookie"), std::string::npos) << answer;
}

TEST_F(HttpServerTest, ADelayedAnswerHoldsUpNoOtherRequest) {
  start(1);  // one thread: the delay must not occupy it
  RawConnection slow(server_->port());
  slow.send("GET /slow HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  std::this_thread::sleep_for(100ms);
  const auto started = Clock::now();
  RawConnection fast(server_->port());
  fast.send("GET /fast HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(fast.receiveAll().starts_with("HTTP/1.1 200"));
  EXPECT_LT(Clock::now() - started, 1s);
  EXPECT_TRUE(slow.receiveAll().starts_with("HTTP/1.1 200"));
  EXPECT_GE(Clock::now() - started, 1s);
}

TEST_F(HttpServerTest, ClosesAnIdleConnectionAfterTheTimeout) {
  start();
  RawConnection connection(server_->port());
  const auto started = Clock::now();
  connection.send("GET /half HTTP/1.1\r\nHost");  // and then nothing
  EXPECT_EQ(connection.receiveAll(), "");
  const auto waited = Clock::now() - started;
  EXPECT_GE(waited, 900ms);
  EXPECT_LT(waited, 4s);
}

TEST_F(HttpServerTest, StopsPromptlyWithAConnectionOpen) {
  start();
  RawConnection connection(server_->port());
  connection.send("GET /one HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_TRUE(connection.receiveSome().starts_with("HTTP/1.1 200"));
  const auto started = Clock::now();
  server_->stop();
  server_->join();
  EXPECT_LT(Clock::now() - started, 1s);
  EXPECT_FALSE(RawConnection(server_->port()).connected());
}

TEST_F(HttpServerTest, AnAddressInUseIsAListenError) {
  start();
  HttpServerOptions options;
  options.host = "127.0.0.1";
  options.port = server_->port();
  EXPECT_THROW(HttpServer(options, echo), ListenError);
  options.host = "192.0.2.1";  // TEST-NET-1: not an address of this machine
  options.port = 0;
  EXPECT_THROW(HttpServer(options, echo), ListenError);
}

}  // namespace
}  // namespace everynet::service::admin
