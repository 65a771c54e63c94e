#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/process.h"

namespace everynet::test {

// Headless Chromium (Debian's `chromium`) driven over the DevTools protocol, for tests that look
// at the admin web the way a browser does: it runs the pages' scripts, keeps cookies and renders
// screenshots. One page target; not thread-safe.
class ChromiumDriver {
 public:
  // Starts chromium with a fresh profile under work_dir (its log goes there too) and connects to
  // its first page. Throws std::runtime_error when it does not come up within the timeout.
  explicit ChromiumDriver(const std::filesystem::path& work_dir,
                          std::chrono::seconds timeout = std::chrono::seconds(30));
  // Closes the connection and stops chromium (SIGTERM, then SIGKILL).
  ~ChromiumDriver();
  ChromiumDriver(const ChromiumDriver&) = delete;
  ChromiumDriver& operator=(const ChromiumDriver&) = delete;

  // Page.navigate, then waits until the new document has loaded. Throws when the navigation fails
  // (e.g. the connection is refused).
  void navigate(const std::string& url);

  // Runtime.evaluate of a JavaScript expression in the page, awaiting a promise it returns; the
  // result by value (null for undefined). Throws with the exception text when it throws.
  nlohmann::json evaluate(const std::string& expression);

  // Evaluates the expression until it is true; false when the timeout ends first.
  bool waitFor(const std::string& expression, std::chrono::milliseconds timeout);

  // Page.captureScreenshot of the whole page (beyond the 1280 x 900 viewport) as PNG bytes.
  std::string screenshotPng();

  // Page.addScriptToEvaluateOnNewDocument: the script runs in every document loaded from now on,
  // before the document's own scripts (and outside its Content-Security-Policy).
  void addScriptOnNewDocument(const std::string& source);

  // One DevTools command with its parameters; its `result`. Throws on a protocol error.
  nlohmann::json command(const std::string& method, const nlohmann::json& params);

 private:
  class Connection;

  std::unique_ptr<Process> chromium_;
  std::unique_ptr<Connection> connection_;
  int next_command_id_ = 1;
};

}  // namespace everynet::test
