#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "service/config/config_loader.h"
#include "tests/support/temp_dir.h"

namespace everynet::service {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHash =
    "pbkdf2-sha256$100000$MDEyMzQ1Njc4OWFiY2RlZg==$CQEF03iMraucElCfobodRqkaFY16F3mxFDIvP9WoJcs=";
constexpr const char* kTokenHash =
    "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";

class AdminConfigTest : public ::testing::Test {
 protected:
  // The loaded and validated configuration with `admin_keys` in its [admin] table.
  Config load(const std::string& admin_keys) {
    const auto file = dir_.path() / "everynet.toml";
    std::ofstream(file) << "[storage]\ndata_dir = \"" << (dir_.path() / "data").string()
                        << "\"\n[admin]\n"
                        << admin_keys;
    Config config = loadConfigFile(file);
    validateConfig(config, DataDir::create_if_missing);
    return config;
  }

  // The key a configuration error names, or "" when it loads.
  std::string errorKeyOf(const std::string& admin_keys) {
    try {
      load(admin_keys);
      return "";
    } catch (const ConfigError& error) {
      return error.key();
    }
  }

  fs::path writeFile(const std::string& name) {
    const auto file = dir_.path() / name;
    std::ofstream(file) << "-----BEGIN TEST-----\n";
    return file;
  }

  test::TempDir dir_{"everynet-admin-config"};
};

TEST_F(AdminConfigTest, DefaultsHaveNoCredentials) {
  const Config config = load("");
  EXPECT_EQ(config.admin.listen, "127.0.0.1:8080");
  EXPECT_TRUE(config.admin.password_hash.empty());
  EXPECT_TRUE(config.admin.token_hashes.empty());
  EXPECT_TRUE(config.admin.tls_certificate.empty());
  EXPECT_EQ(config.admin.session_idle_minutes, 30);
}

TEST_F(AdminConfigTest, ReadsEveryKeyAndLowerCasesTokenHashes) {
  const auto certificate = writeFile("cert.pem");
  const auto key = writeFile("key.pem");
  const Config config = load(std::string("listen = \"0.0.0.0:8443\"\npassword_hash = \"") + kHash +
                             "\"\ntoken_hashes = [\"" + kTokenHash + "\"]\ntls_certificate = \"" +
                             certificate.string() + "\"\ntls_key = \"" + key.string() +
                             "\"\nsession_idle_minutes = 5\n");
  EXPECT_EQ(config.admin.listen, "0.0.0.0:8443");
  EXPECT_EQ(config.admin.password_hash, kHash);
  ASSERT_EQ(config.admin.token_hashes.size(), 1u);
  EXPECT_EQ(config.admin.token_hashes[0],
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(config.admin.tls_certificate, certificate);
  EXPECT_EQ(config.admin.tls_key, key);
  EXPECT_EQ(config.admin.session_idle_minutes, 5);
}

TEST_F(AdminConfigTest, RejectsBadValuesNamingTheKey) {
  EXPECT_EQ(errorKeyOf("password = \"x\"\n"), "admin.password");  // unknown key
  EXPECT_EQ(errorKeyOf("listen = \"8080\"\n"), "admin.listen");
  EXPECT_EQ(errorKeyOf("password_hash = \"hunter2\"\n"), "admin.password_hash");
  EXPECT_EQ(errorKeyOf("password_hash = \"pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==$"
                       "CQEF03iMraucElCfobodRqkaFY16F3mxFDIvP9WoJcs=\"\n"),
            "admin.password_hash");  // too few iterations
  EXPECT_EQ(errorKeyOf("token_hashes = [\"abc\"]\n"), "admin.token_hashes[0]");
  EXPECT_EQ(errorKeyOf("token_hashes = \"" + std::string(kTokenHash) + "\"\n"),
            "admin.token_hashes");
  EXPECT_EQ(errorKeyOf("session_idle_minutes = 0\n"), "admin.session_idle_minutes");
}

TEST_F(AdminConfigTest, TlsNeedsBothFilesReadable) {
  const auto certificate = writeFile("cert.pem");
  EXPECT_EQ(errorKeyOf("tls_certificate = \"" + certificate.string() + "\"\n"), "admin.tls_key");
  EXPECT_EQ(errorKeyOf("tls_key = \"" + certificate.string() + "\"\n"), "admin.tls_certificate");
  EXPECT_EQ(errorKeyOf("tls_certificate = \"" + certificate.string() + "\"\ntls_key = \"" +
                       (dir_.path() / "missing.pem").string() + "\"\n"),
            "admin.tls_key");
  EXPECT_EQ(errorKeyOf("tls_certificate = \"" + dir_.path().string() + "\"\ntls_key = \"" +
                       certificate.string() + "\"\n"),
            "admin.tls_certificate");  // a directory
}

}  // namespace
}  // namespace everynet::service
