#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "service/config/config_loader.h"
#include "service/config/config_words.h"

namespace everynet::service {
namespace {

namespace fs = std::filesystem;

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("everynet-config-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& toml) {
    const auto file = dir_ / "everynet.toml";
    std::ofstream(file) << toml;
    return file;
  }

  // The key a configuration error names, or "" when the text loads and validates.
  std::string errorKeyOf(const std::string& toml) {
    try {
      Config config = loadConfigFile(write(toml));
      if (config.storage.data_dir.empty()) config.storage.data_dir = dir_ / "data";
      validateConfig(config, DataDir::create_if_missing);
      return "";
    } catch (const ConfigError& error) {
      return error.key();
    }
  }

  fs::path dir_;
};

TEST_F(ConfigTest, DefaultsAreValidWithoutAFile) {
  Config config;
  config.storage.data_dir = dir_ / "data";
  validateConfig(config, DataDir::create_if_missing);
  EXPECT_TRUE(fs::is_directory(dir_ / "data"));
  EXPECT_EQ(config.dicom.ae_title, "EVERYNET");
  EXPECT_EQ(config.dicom.port, 11112);
  EXPECT_EQ(config.dicom.max_associations, 16);
  EXPECT_EQ(config.series.quiet_seconds, 20);
  EXPECT_EQ(config.admin.listen, "127.0.0.1:8080");
}

TEST_F(ConfigTest, TheDocumentedExampleLoadsWithItsDefaults) {
  Config config = loadConfigFile(EVERYNET_EXAMPLE_CONFIG);
  config.storage.data_dir = dir_ / "data";
  validateConfig(config, DataDir::create_if_missing);
  EXPECT_EQ(config.dicom.ae_title, Config{}.dicom.ae_title);
  EXPECT_EQ(config.dicom.port, Config{}.dicom.port);
  EXPECT_EQ(config.series.baseline, BaselinePolicy::previous);
  EXPECT_EQ(config.engine.profile, "cpu");
  EXPECT_FALSE(config.engine.methods) << "auto";
  EXPECT_TRUE(config.engine.trainer.empty());
  EXPECT_EQ(config.engine.backend, TrainingBackendKind::local);
  EXPECT_EQ(config.engine.trainer_silent_seconds, Config{}.engine.trainer_silent_seconds);
  EXPECT_EQ(config.storage.min_free_mb, Config{}.storage.min_free_mb);
  EXPECT_EQ(config.storage.index_reserve_mb, Config{}.storage.index_reserve_mb);
}

TEST_F(ConfigTest, AnalysisMethodsAreAutoByDefaultOrTheListedOnesInOrder) {
  const Config defaults;
  EXPECT_FALSE(defaults.engine.methods);
  EXPECT_EQ(defaults.engine.trainer_silent_seconds, 600);
  EXPECT_FALSE(loadConfigFile(write("[engine]\nmethods = 'auto'\n")).engine.methods);
  const Config config =
      loadConfigFile(write("[engine]\nmethods = ['personal-wgan', 'registration-subtraction']\n"
                           "trainer = '/opt/everynet/bin/everynet-train'\nbackend = 'local'\n"
                           "trainer_silent_seconds = 30\n"));
  ASSERT_TRUE(config.engine.methods);
  EXPECT_EQ(*config.engine.methods,
            (std::vector{AnalysisMethod::personal_wgan, AnalysisMethod::registration_subtraction}));
  EXPECT_EQ(config.engine.trainer, "/opt/everynet/bin/everynet-train");
  EXPECT_EQ(config.engine.trainer_silent_seconds, 30);
  const Config classical =
      loadConfigFile(write("[engine]\nmethods = ['registration-subtraction']\n"));
  EXPECT_EQ(*classical.engine.methods, std::vector{AnalysisMethod::registration_subtraction});
}

TEST_F(ConfigTest, AMethodListThatIsNoneIsRefusedSayingWhy) {
  const auto errorOf = [&](const std::string& toml) -> std::string {
    try {
      loadConfigFile(write(toml));
      return "";
    } catch (const ConfigError& error) {
      return error.what();
    }
  };
  EXPECT_EQ(errorOf("[engine]\nmethods = ['registration-subtraction', 'deep-magic']\n"),
            "engine.methods: 'deep-magic' is no method; the methods are "
            "registration-subtraction|personal-wgan");
  EXPECT_EQ(errorOf("[engine]\nmethods = ['personal-wgan', 'personal-wgan']\n"),
            "engine.methods: 'personal-wgan' is listed twice");
  EXPECT_EQ(errorOf("[engine]\nmethods = []\n"),
            "engine.methods: must name at least one method, or be \"auto\"");
  EXPECT_EQ(errorOf("[engine]\nmethods = 'all'\n"),
            "engine.methods: must be \"auto\" or an array of methods from "
            "registration-subtraction|personal-wgan");
  EXPECT_EQ(errorOf("[engine]\nmethods = [1]\n"),
            "engine.methods: must be \"auto\" or an array of methods from "
            "registration-subtraction|personal-wgan");
  EXPECT_EQ(errorOf("[engine]\nbackend = 'kubernetes'\n"),
            "engine.backend: must be one of local|slurm, not 'kubernetes'");
  EXPECT_EQ(errorKeyOf("[engine]\ntrainer_silent_seconds = 0\n"), "engine.trainer_silent_seconds");
  EXPECT_EQ(errorKeyOf("[engine]\ntrainer = 7\n"), "engine.trainer");
}

TEST_F(ConfigTest, ReadsEveryKind) {
  Config config = loadConfigFile(write(R"(
[dicom]
ae_title = "EN1"
port = 4242
allowed_peers = [ { ae_title = "PACS", host = "127.0.0.1" }, { ae_title = "MR1", host = "10.1.1.1" } ]
[series]
quiet_seconds = 5
baseline = "nadir"
[classifier]
contrast_patterns = ['kontrast']
[[destinations]]
name = "pacs"
ae_title = "ORTHANC"
host = "127.0.0.1"
port = 4243
[engine]
profile = "test"
threads = 2
)"));
  EXPECT_EQ(config.dicom.ae_title, "EN1");
  EXPECT_EQ(config.dicom.port, 4242);
  ASSERT_EQ(config.dicom.allowed_peers.size(), 2u);
  EXPECT_EQ(config.dicom.allowed_peers[1].host, "10.1.1.1");
  EXPECT_EQ(config.series.quiet_seconds, 5);
  EXPECT_EQ(config.series.baseline, BaselinePolicy::nadir);
  EXPECT_EQ(config.classifier.contrast_patterns, std::vector<std::string>{"kontrast"});
  ASSERT_EQ(config.destinations.size(), 1u);
  EXPECT_EQ(config.destinations[0].port, 4243);
  EXPECT_EQ(config.engine.threads, 2);
}

TEST(ConfigWordsTest, EachWordReadsAsItsValueAndBack) {
  EXPECT_EQ(valueOfWord(kBaselinePolicyWords, "previous"), BaselinePolicy::previous);
  EXPECT_EQ(valueOfWord(kBaselinePolicyWords, "first"), BaselinePolicy::first);
  EXPECT_EQ(valueOfWord(kBaselinePolicyWords, "nadir"), BaselinePolicy::nadir);
  EXPECT_EQ(valueOfWord(kBaselinePolicyWords, "Previous"), std::nullopt) << "the case counts";
  for (const auto& word : kBaselinePolicyWords) EXPECT_EQ(wordFor(word.value), word.text);
  for (const auto& word : kComputeDeviceWords) EXPECT_EQ(wordFor(word.value), word.text);
  for (const auto& word : kModelRetentionWords) EXPECT_EQ(wordFor(word.value), word.text);
  for (const auto& word : kTrainingBackendWords) EXPECT_EQ(wordFor(word.value), word.text);
  for (const auto& word : kAnalysisMethodWords) {
    EXPECT_EQ(toString(word.value), word.text);
    EXPECT_EQ(parseAnalysisMethod(word.text), word.value);
  }
  EXPECT_EQ(toString(AnalysisMethod::registration_subtraction), "registration-subtraction");
  EXPECT_EQ(toString(AnalysisMethod::personal_wgan), "personal-wgan");
  EXPECT_EQ(parseAnalysisMethod("personal_wgan"), std::nullopt);
}

TEST_F(ConfigTest, AnUnknownWordIsRefusedListingTheWords) {
  try {
    loadConfigFile(write("[engine]\ndevice = 'tpu'\n"));
    FAIL() << "loaded";
  } catch (const ConfigError& error) {
    EXPECT_STREQ(error.what(), "engine.device: must be one of auto|cpu|cuda, not 'tpu'");
  }
  const Config config = loadConfigFile(write("[engine]\nmodel_retention = 'keep'\n"));
  EXPECT_EQ(config.engine.model_retention, ModelRetention::keep);
  EXPECT_EQ(config.engine.device, ComputeDevice::automatic);
}

TEST_F(ConfigTest, ErrorsNameTheKey) {
  EXPECT_EQ(errorKeyOf("[dicom]\nprot = 4242\n"), "dicom.prot");
  EXPECT_EQ(errorKeyOf("colour = 'blue'\n"), "colour");
  EXPECT_EQ(errorKeyOf("[dicom]\nport = 70000\n"), "dicom.port");
  EXPECT_EQ(errorKeyOf("[dicom]\nport = 0\n"), "dicom.port");
  EXPECT_EQ(errorKeyOf("[dicom]\nport = '104'\n"), "dicom.port");
  EXPECT_EQ(errorKeyOf("[dicom]\nae_title = 'A_TITLE_THAT_IS_TOO_LONG'\n"), "dicom.ae_title");
  EXPECT_EQ(errorKeyOf("[dicom]\nallowed_peers = [ { ae_title = 'PACS' } ]\n"),
            "dicom.allowed_peers[0].host");
  EXPECT_EQ(errorKeyOf("[dicom]\nallowed_peers = [ { ae_title = 'PACS', host = 'h', x = 1 } ]\n"),
            "dicom.allowed_peers[0].x");
  EXPECT_EQ(errorKeyOf("[series]\nbaseline = 'latest'\n"), "series.baseline");
  EXPECT_EQ(errorKeyOf("[series]\nquiet_seconds = -1\n"), "series.quiet_seconds");
  EXPECT_EQ(errorKeyOf("[classifier]\ncontrast_patterns = ['(unclosed']\n"), "classifier");
  EXPECT_EQ(errorKeyOf("[admin]\nlisten = 'localhost'\n"), "admin.listen");
  EXPECT_EQ(errorKeyOf("[engine]\nprofile = 'fast'\n"), "engine.profile");
  EXPECT_EQ(errorKeyOf("[engine]\ndevice = 'tpu'\n"), "engine.device");
  EXPECT_EQ(errorKeyOf("[[destinations]]\nname = 'a'\nae_title = 'A'\nhost = 'h'\n"
                       "[[destinations]]\nname = 'a'\nae_title = 'B'\nhost = 'h'\n"),
            "destinations[1].name");
  EXPECT_EQ(errorKeyOf("[storage]\ndata_dir = '/nonexistent-parent/everynet'\n"),
            "storage.data_dir");
  EXPECT_EQ(errorKeyOf("[dicom\nport = 1\n"), (dir_ / "everynet.toml").string()) << "syntax error";
}

TEST_F(ConfigTest, FreeSpaceWatermarksAreReadAndTheIndexLineLiesBelowTheOther) {
  const Config defaults;
  EXPECT_EQ(defaults.storage.min_free_mb, 1024);
  EXPECT_EQ(defaults.storage.index_reserve_mb, 64);
  const auto config =
      loadConfigFile(write("[storage]\nmin_free_mb = 500\nindex_reserve_mb = 20\n"));
  EXPECT_EQ(config.storage.min_free_mb, 500);
  EXPECT_EQ(config.storage.index_reserve_mb, 20);
  EXPECT_EQ(errorKeyOf("[storage]\nmin_free_mb = 500\nindex_reserve_mb = 20\n"), "");
  EXPECT_EQ(errorKeyOf("[storage]\nmin_free_mb = 0\nindex_reserve_mb = 0\n"), "") << "both off";
  EXPECT_EQ(errorKeyOf("[storage]\nmin_free_mb = 0\n"), "") << "the index's line alone";
  EXPECT_EQ(errorKeyOf("[storage]\nmin_free_mb = 64\n"), "storage.index_reserve_mb");
  EXPECT_EQ(errorKeyOf("[storage]\nmin_free_mb = 10\nindex_reserve_mb = 20\n"),
            "storage.index_reserve_mb");
  EXPECT_EQ(errorKeyOf("[storage]\nmin_free_mb = -1\n"), "storage.min_free_mb");
  EXPECT_EQ(errorKeyOf("[storage]\nmin_free_gb = 1\n"), "storage.min_free_gb");
}

TEST_F(ConfigTest, ExportRetriesHaveDefaultsAndLimits) {
  const Config defaults;
  EXPECT_EQ(defaults.exports.initial_retry_seconds, 30);
  EXPECT_EQ(defaults.exports.max_retry_seconds, 3600);
  EXPECT_EQ(defaults.exports.max_attempts, 12);
  EXPECT_EQ(defaults.exports.batch_size, 32);
  const Config config = loadConfigFile(
      write("[export]\ninitial_retry_seconds = 2\nmax_retry_seconds = 8\nmax_attempts = 3\n"
            "batch_size = 5\n"));
  EXPECT_EQ(config.exports.initial_retry_seconds, 2);
  EXPECT_EQ(config.exports.max_retry_seconds, 8);
  EXPECT_EQ(config.exports.max_attempts, 3);
  EXPECT_EQ(config.exports.batch_size, 5);

  EXPECT_EQ(errorKeyOf("[export]\ninitial_retry_seconds = 0\n"), "export.initial_retry_seconds");
  EXPECT_EQ(errorKeyOf("[export]\nmax_attempts = 0\n"), "export.max_attempts");
  EXPECT_EQ(errorKeyOf("[export]\nbatch_size = 65\n"), "export.batch_size");
  EXPECT_EQ(errorKeyOf("[export]\nretries = 3\n"), "export.retries");
  EXPECT_EQ(errorKeyOf("[export]\ninitial_retry_seconds = 60\nmax_retry_seconds = 30\n"),
            "export.max_retry_seconds");
  EXPECT_EQ(errorKeyOf("[export]\ninitial_retry_seconds = 60\nmax_retry_seconds = 60\n"), "");
}

TEST_F(ConfigTest, ReceivedDatasetLimitsHaveDefaultsAndBounds) {
  const Config defaults;
  EXPECT_EQ(defaults.dicom.max_nesting_depth, 32);
  EXPECT_EQ(defaults.dicom.max_instance_mb, 1024);
  EXPECT_EQ(defaults.dicom.acse_timeout_seconds, 10);
  const Config config =
      loadConfigFile(write("[dicom]\nmax_nesting_depth = 8\nmax_instance_mb = 2\n"));
  EXPECT_EQ(config.dicom.max_nesting_depth, 8);
  EXPECT_EQ(config.dicom.max_instance_mb, 2);
  EXPECT_EQ(errorKeyOf("[dicom]\nmax_nesting_depth = 0\n"), "dicom.max_nesting_depth");
  EXPECT_EQ(errorKeyOf("[dicom]\nmax_instance_mb = 4096\n"), "dicom.max_instance_mb");
}

TEST_F(ConfigTest, AMissingFileIsAnErrorNamingIt) {
  EXPECT_THROW(loadConfigFile(dir_ / "absent.toml"), ConfigError);
}

TEST_F(ConfigTest, ADataDirectoryThatIsAFileIsRefused) {
  std::ofstream(dir_ / "plain-file") << "not a directory";
  Config config;
  config.storage.data_dir = dir_ / "plain-file";
  try {
    validateConfig(config, DataDir::create_if_missing);
    FAIL() << "accepted a file as data directory";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.key(), "storage.data_dir");
  }
}

TEST_F(ConfigTest, CheckOnlyDoesNotCreateTheDataDirectory) {
  Config config;
  config.storage.data_dir = dir_ / "not-yet";
  validateConfig(config, DataDir::check_only);
  EXPECT_FALSE(fs::exists(dir_ / "not-yet"));
}

}  // namespace
}  // namespace everynet::service
