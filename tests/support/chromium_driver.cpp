#include "tests/support/chromium_driver.h"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <stdexcept>
#include <thread>

#include "tests/support/free_port.h"

namespace everynet::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// How long one DevTools command may take before the browser counts as hung.
constexpr auto kCommandTimeout = 30s;

// GET http://127.0.0.1:port/target as a string; throws when the endpoint does not answer.
std::string httpGet(int port, const std::string& target) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(5s);
  stream.connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return response.body();
}

// The page target's websocket path ("/devtools/page/ID"), or empty while there is none yet.
std::string pageWebSocketPath(int port) {
  const auto targets = nlohmann::json::parse(httpGet(port, "/json/list"));
  for (const auto& target : targets) {
    if (target.value("type", "") != "page") continue;
    const auto url = target.value("webSocketDebuggerUrl", "");
    const auto path = url.find("/devtools/");
    if (path != std::string::npos) return url.substr(path);
  }
  return {};
}

std::string decodeBase64(const std::string& text) {
  std::array<int, 256> values;
  values.fill(-1);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    values[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  }
  std::string bytes;
  unsigned accumulator = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = values[static_cast<unsigned char>(c)];
    if (value < 0) continue;  // padding
    accumulator = (accumulator << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((accumulator >> bits) & 0xFF);
    }
  }
  return bytes;
}

}  // namespace

// The websocket to one DevTools target. Reads run with a deadline so that a hung browser fails
// the test instead of blocking it.
class ChromiumDriver::Connection {
 public:
  Connection(int port, const std::string& path) : socket_(io_) {
    socket_.next_layer().connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
    socket_.read_message_max(64 * 1024 * 1024);  // screenshots arrive as one message
    socket_.handshake("127.0.0.1:" + std::to_string(port), path);
  }

  void send(const nlohmann::json& message) { socket_.write(asio::buffer(message.dump())); }

  nlohmann::json receive(std::chrono::milliseconds timeout) {
    beast::flat_buffer buffer;
    beast::error_code result;
    bool done = false;
    socket_.async_read(buffer, [&](beast::error_code error, std::size_t) {
      result = error;
      done = true;
    });
    io_.restart();
    io_.run_for(timeout);
    if (!done) {
      beast::get_lowest_layer(socket_).cancel();
      io_.restart();
      io_.run();
      throw std::runtime_error("DevTools: no answer from chromium in time");
    }
    if (result) throw std::runtime_error("DevTools: " + result.message());
    return nlohmann::json::parse(beast::buffers_to_string(buffer.data()));
  }

  void close() {
    beast::error_code ignored;
    beast::get_lowest_layer(socket_).close(ignored);
  }

 private:
  asio::io_context io_;
  websocket::stream<tcp::socket> socket_;
};

ChromiumDriver::ChromiumDriver(const std::filesystem::path& work_dir,
                               std::chrono::seconds timeout) {
  const int port = freeTcpPort();
  std::vector<std::string> argv{"chromium",
                                "--headless=new",
                                "--remote-debugging-port=" + std::to_string(port),
                                "--user-data-dir=" + (work_dir / "chromium-profile").string(),
                                "--no-first-run",
                                "--no-default-browser-check",
                                "--disable-gpu",
                                "--window-size=1280,900",
                                "about:blank"};
  // Chromium refuses to start its sandbox as root (e.g. in a container); a test user can keep it.
  if (::geteuid() == 0) argv.insert(argv.begin() + 1, "--no-sandbox");
  chromium_ = std::make_unique<Process>(argv, work_dir / "chromium.log");

  std::string path;
  const bool up = waitUntil(
      [&] {
        if (!chromium_->running()) return true;
        try {
          path = pageWebSocketPath(port);
        } catch (const std::exception&) {
          // Not listening yet.
        }
        return !path.empty();
      },
      timeout);
  if (!up || path.empty()) {
    throw std::runtime_error("chromium did not offer a DevTools page target; see " +
                             (work_dir / "chromium.log").string());
  }
  connection_ = std::make_unique<Connection>(port, path);
  command("Page.enable", nlohmann::json::object());  // for scripts added to new documents
}

ChromiumDriver::~ChromiumDriver() {
  if (connection_) connection_->close();
  chromium_->signal(SIGTERM);
  chromium_->waitExit(10s);  // Process's destructor kills it if it is still running
}

nlohmann::json ChromiumDriver::command(const std::string& method, const nlohmann::json& params) {
  const int id = next_command_id_++;
  connection_->send({{"id", id}, {"method", method}, {"params", params}});
  while (true) {
    auto message = connection_->receive(kCommandTimeout);
    if (message.value("id", 0) != id) continue;  // an event, or an answer given up on
    if (message.contains("error")) {
      throw std::runtime_error("DevTools " + method + ": " + message["error"].dump());
    }
    return message["result"];
  }
}

void ChromiumDriver::navigate(const std::string& url) {
  const auto result = command("Page.navigate", {{"url", url}});
  if (result.contains("errorText")) {
    throw std::runtime_error("navigating to " + url + ": " +
                             result["errorText"].get<std::string>());
  }
  if (!waitFor("document.readyState === 'complete'", 30s)) {
    throw std::runtime_error("navigating to " + url + ": the page did not finish loading");
  }
}

nlohmann::json ChromiumDriver::evaluate(const std::string& expression) {
  const auto result =
      command("Runtime.evaluate",
              {{"expression", expression}, {"returnByValue", true}, {"awaitPromise", true}});
  if (result.contains("exceptionDetails")) {
    const auto& details = result["exceptionDetails"];
    const auto& exception = details.contains("exception") ? details["exception"] : details;
    throw std::runtime_error("evaluating `" + expression + "`: " +
                             exception.value("description", details.value("text", "exception")));
  }
  return result["result"].value("value", nlohmann::json());
}

bool ChromiumDriver::waitFor(const std::string& expression, std::chrono::milliseconds timeout) {
  return waitUntil(
      [&] {
        try {
          return evaluate(expression) == true;
        } catch (const std::runtime_error&) {
          return false;  // e.g. the context went away during a navigation
        }
      },
      timeout);
}

std::string ChromiumDriver::screenshotPng() {
  const auto size = evaluate(
      "({width: document.documentElement.scrollWidth, "
      "height: document.documentElement.scrollHeight})");
  const nlohmann::json clip = {
      {"x", 0}, {"y", 0}, {"width", size["width"]}, {"height", size["height"]}, {"scale", 1}};
  const auto result = command("Page.captureScreenshot",
                              {{"format", "png"}, {"captureBeyondViewport", true}, {"clip", clip}});
  return decodeBase64(result.at("data").get<std::string>());
}

void ChromiumDriver::addScriptOnNewDocument(const std::string& source) {
  command("Page.addScriptToEvaluateOnNewDocument", {{"source", source}});
}

}  // namespace everynet::test
