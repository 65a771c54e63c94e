#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <stdexcept>
#include <string>

#include "service/admin/auth/bearer_token.h"
#include "service/admin/auth/password_hash.h"
#include "service/cli/commands.h"

namespace everynet::service {
namespace {

// Turns the terminal's echo off while it lives, so that a typed password stays unseen.
class EchoOff {
 public:
  EchoOff() {
    if (::tcgetattr(STDIN_FILENO, &saved_) == 0) {
      termios quiet = saved_;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

std::string readLine(std::istream& in) {
  std::string line;
  if (!std::getline(in, line)) throw std::runtime_error("no password on standard input");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string promptHidden(const char* prompt) {
  std::cerr << prompt << std::flush;
  EchoOff echo_off;
  std::string line = readLine(std::cin);
  std::cerr << '\n';
  return line;
}

// From a terminal: asked twice, unseen. From a pipe: the first line.
std::string readNewPassword() {
  if (!::isatty(STDIN_FILENO)) return readLine(std::cin);
  std::string password = promptHidden("New admin password: ");
  if (promptHidden("Same again: ") != password) {
    throw std::runtime_error("the two passwords differ; nothing was printed");
  }
  return password;
}

}  // namespace

int adminHashPasswordCommand() {
  const std::string password = readNewPassword();
  if (password.empty()) throw std::runtime_error("the password is empty");
  std::cout << admin::hashPassword(password) << '\n';
  std::cerr << "Set admin.password_hash in the [admin] table of the configuration to the line "
               "above, then restart the service.\n";
  return 0;
}

int adminNewTokenCommand() {
  const auto fresh = admin::newBearerToken();
  std::cout << fresh.token << '\n' << "token_hashes = [\"" << fresh.sha256_hex << "\"]\n";
  std::cerr << "The first line is the bearer token: give it to the script or Prometheus (sent as "
               "`Authorization: Bearer TOKEN`); it is not stored anywhere and shown only now.\n"
               "The second line goes in the [admin] table of the configuration (add the hash to "
               "token_hashes if there are others already); then restart the service.\n";
  return 0;
}

}  // namespace everynet::service
