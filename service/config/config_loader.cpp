#include "service/config/config_loader.h"

#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>
#include <string_view>

#include "service/config/admin_secret_formats.h"
#include "service/config/classifier_rules.h"
#include "service/config/config_words.h"
#include "service/config/slurm_settings.h"
#include "service/config/table_reader.h"

namespace everynet::service {
namespace {

namespace fs = std::filesystem;

void readDicom(TableReader& t, Config::Dicom& d) {
  t.text("ae_title", d.ae_title);
  t.integer("port", 1, 65535, d.port);
  t.integer("max_associations", 1, 256, d.max_associations);
  t.integer("acse_timeout_seconds", 1, 3600, d.acse_timeout_seconds);
  t.integer("dimse_timeout_seconds", 1, 3600, d.dimse_timeout_seconds);
  t.integer("max_pdu_bytes", 4096, 131072, d.max_pdu_bytes);
  t.integer("max_nesting_depth", 1, 1000, d.max_nesting_depth);
  t.integer("max_instance_mb", 1, 4095, d.max_instance_mb);
  for (auto& peer_table : t.tables("allowed_peers")) {
    AllowedPeer peer;
    peer_table.text("ae_title", peer.ae_title);
    peer_table.text("host", peer.host);
    if (peer.ae_title.empty()) throw ConfigError(peer_table.key("ae_title"), "is required");
    if (peer.host.empty()) throw ConfigError(peer_table.key("host"), "is required");
    peer_table.rejectUnknownKeys();
    d.allowed_peers.push_back(std::move(peer));
  }
}

// engine.methods: "auto", or the methods themselves, each once.
void readMethods(TableReader& t, std::optional<std::vector<AnalysisMethod>>& methods) {
  const auto* node = t.node("methods");
  if (!node) return;
  const std::string key = t.key("methods");
  const std::string shape =
      "must be \"auto\" or an array of methods from " + listOfWords(kAnalysisMethodWords);
  if (node->is_string()) {
    if (*node->value<std::string>() != "auto") throw ConfigError(key, shape);
    methods.reset();
    return;
  }
  const auto* array = node->as_array();
  if (!array) throw ConfigError(key, shape);
  if (array->empty()) throw ConfigError(key, "must name at least one method, or be \"auto\"");
  std::vector<AnalysisMethod> listed;
  for (const auto& item : *array) {
    const auto name = item.value<std::string>();
    if (!item.is_string() || !name) throw ConfigError(key, shape);
    const auto method = parseAnalysisMethod(*name);
    if (!method) {
      throw ConfigError(key, "'" + *name + "' is no method; the methods are " +
                                 listOfWords(kAnalysisMethodWords));
    }
    if (std::find(listed.begin(), listed.end(), *method) != listed.end()) {
      throw ConfigError(key, "'" + *name + "' is listed twice");
    }
    listed.push_back(*method);
  }
  methods = std::move(listed);
}

void readEngine(TableReader& t, Config::Engine& e) {
  readMethods(t, e.methods);
  t.text("profile", e.profile);
  t.path("trainer", e.trainer);
  t.word("backend", kTrainingBackendWords, e.backend);
  t.integer("trainer_silent_seconds", 1, 7 * 86400, e.trainer_silent_seconds);
  t.word("device", kComputeDeviceWords, e.device);
  t.integer("threads", 0, 1024, e.threads);
  t.integer("cpu_slots", 1, 64, e.cpu_slots);
  t.integer("gpu_slots_per_device", 1, 16, e.gpu_slots_per_device);
  t.integer("max_interruptions", 1, 100, e.max_interruptions);
  t.word("model_retention", kModelRetentionWords, e.model_retention);
}

// Up to 1 TiB: a watermark is a margin, not the size of the disk.
void readStorage(TableReader& t, Config::Storage& s) {
  t.path("data_dir", s.data_dir);
  t.integer("min_free_mb", 0, 1 << 20, s.min_free_mb);
  t.integer("index_reserve_mb", 0, 1 << 20, s.index_reserve_mb);
}

void readAdmin(TableReader& t, Config::Admin& a) {
  t.text("listen", a.listen);
  t.text("password_hash", a.password_hash);
  t.textList("token_hashes", a.token_hashes);
  t.path("tls_certificate", a.tls_certificate);
  t.path("tls_key", a.tls_key);
  t.integer("session_idle_minutes", 1, 7 * 24 * 60, a.session_idle_minutes);
}

void readDestinations(TableReader& root, std::string_view table,
                      std::vector<Destination>& destinations) {
  for (auto& t : root.tables(table)) {
    Destination destination;
    t.text("name", destination.name);
    t.text("ae_title", destination.ae_title);
    t.text("host", destination.host);
    t.integer("port", 1, 65535, destination.port);
    for (auto [name, value] :
         {std::pair{"name", &destination.name}, std::pair{"ae_title", &destination.ae_title},
          std::pair{"host", &destination.host}}) {
      if (value->empty()) throw ConfigError(t.key(name), "is required");
    }
    t.rejectUnknownKeys();
    destinations.push_back(std::move(destination));
  }
}

// AE titles are at most 16 characters of the default character repertoire, without backslash
// or control characters, and not only spaces (PS3.5 6.2).
void checkAeTitle(const std::string& key, const std::string& ae_title) {
  if (ae_title.empty() || ae_title.size() > 16 ||
      ae_title.find_first_not_of(' ') == std::string::npos) {
    throw ConfigError(key, "must be 1 to 16 characters, not only spaces");
  }
  for (unsigned char c : ae_title) {
    if (c < 0x20 || c >= 0x7f || c == '\\') {
      throw ConfigError(key, "may hold printable ASCII characters only, without backslash");
    }
  }
}

void checkHostPort(const std::string& key, const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) throw ConfigError(key, "must be HOST:PORT");
  const std::string port = listen.substr(colon + 1);
  if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos ||
      port.size() > 5 || std::stoi(port) < 1 || std::stoi(port) > 65535) {
    throw ConfigError(key, "must end in a port between 1 and 65535");
  }
}

void checkReadableFile(const std::string& key, const fs::path& file) {
  std::error_code error;
  if (!fs::is_regular_file(file, error) || ::access(file.c_str(), R_OK) != 0) {
    throw ConfigError(key, file.string() + " is not a readable file");
  }
}

// Secrets in their stored forms (service/config/admin_secret_formats.h); token hashes are made
// lower case so that they compare with our own digests.
void checkAdmin(Config::Admin& admin) {
  checkHostPort("admin.listen", admin.listen);
  if (!admin.password_hash.empty()) {
    try {
      parsePasswordHash(admin.password_hash);
    } catch (const std::invalid_argument& error) {
      throw ConfigError("admin.password_hash", error.what());
    }
  }
  for (std::size_t i = 0; i < admin.token_hashes.size(); ++i) {
    auto& hash = admin.token_hashes[i];
    if (!isSha256Hex(hash)) {
      throw ConfigError("admin.token_hashes[" + std::to_string(i) + "]",
                        "must be 64 hexadecimal digits as printed by `everynet admin new-token`");
    }
    std::transform(hash.begin(), hash.end(), hash.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  if (admin.tls_certificate.empty() != admin.tls_key.empty()) {
    throw ConfigError(
        admin.tls_certificate.empty() ? "admin.tls_certificate" : "admin.tls_key",
        "is needed too: set both admin.tls_certificate and admin.tls_key, or neither");
  }
  if (!admin.tls_certificate.empty()) {
    checkReadableFile("admin.tls_certificate", admin.tls_certificate);
    checkReadableFile("admin.tls_key", admin.tls_key);
  }
}

// Retrieve destinations are checked like destinations; a C-MOVE names its destination by AE
// title, so one AE title must stand for one host and port across both lists.
void checkRetrieveDestinations(const Config& config) {
  std::set<std::string> names;
  std::map<std::string, const Destination*> by_ae_title;
  for (const auto& destination : config.destinations) {
    by_ae_title.emplace(destination.ae_title, &destination);
  }
  for (std::size_t i = 0; i < config.retrieve_destinations.size(); ++i) {
    const auto& destination = config.retrieve_destinations[i];
    const std::string prefix = "retrieve_destinations[" + std::to_string(i) + "].";
    checkAeTitle(prefix + "ae_title", destination.ae_title);
    if (!names.insert(destination.name).second) {
      throw ConfigError(prefix + "name", "'" + destination.name + "' is used twice");
    }
    const auto [known, added] = by_ae_title.emplace(destination.ae_title, &destination);
    if (!added &&
        (known->second->host != destination.host || known->second->port != destination.port)) {
      throw ConfigError(prefix + "ae_title", "'" + destination.ae_title +
                                                 "' is listed already with another host or port");
    }
  }
}

// The index's line lies below the line for storing: between them ingest stops while the index
// still has room for the bookkeeping of running jobs and exports.
void checkWatermarks(const Config::Storage& storage) {
  if (storage.min_free_mb > 0 && storage.index_reserve_mb >= storage.min_free_mb) {
    throw ConfigError("storage.index_reserve_mb", "must be less than storage.min_free_mb (" +
                                                      std::to_string(storage.min_free_mb) +
                                                      "), not " +
                                                      std::to_string(storage.index_reserve_mb));
  }
}

void checkOneOf(const std::string& key, const std::string& value,
                std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* option : allowed) {
    if (value == option) return;
    list += list.empty() ? option : std::string("|") + option;
  }
  throw ConfigError(key, "must be one of " + list + ", not '" + value + "'");
}

}  // namespace

fs::path defaultDataDir() {
  if (const char* state = std::getenv("STATE_DIRECTORY"); state && *state) return state;
  return fs::current_path() / "everynet-data";
}

Config loadConfigFile(const fs::path& file) {
  toml::table document;
  try {
    document = toml::parse_file(file.string());
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    throw ConfigError(file.string(), std::string(error.description()) + " (line " +
                                         std::to_string(where.line) + ")");
  }
  Config config;
  TableReader root(document, "");
  if (auto t = root.table("dicom")) readDicom(*t, config.dicom), t->rejectUnknownKeys();
  if (auto t = root.table("storage")) readStorage(*t, config.storage), t->rejectUnknownKeys();
  if (auto t = root.table("series")) {
    t->integer("quiet_seconds", 1, 86400, config.series.quiet_seconds);
    t->word("baseline", kBaselinePolicyWords, config.series.baseline);
    t->rejectUnknownKeys();
  }
  if (auto t = root.table("classifier")) {
    t->textList("contrast_patterns", config.classifier.contrast_patterns);
    t->textList("exclude_patterns", config.classifier.exclude_patterns);
    t->textList("t1_patterns", config.classifier.t1_patterns);
    t->rejectUnknownKeys();
  }
  if (auto t = root.table("admin")) readAdmin(*t, config.admin), t->rejectUnknownKeys();
  readDestinations(root, "destinations", config.destinations);
  readDestinations(root, "retrieve_destinations", config.retrieve_destinations);
  if (auto t = root.table("query")) {
    t->boolean("results_only", config.query.results_only);
    t->rejectUnknownKeys();
  }
  if (auto t = root.table("export")) {
    t->integer("initial_retry_seconds", 1, 86400, config.exports.initial_retry_seconds);
    t->integer("max_retry_seconds", 1, 7 * 86400, config.exports.max_retry_seconds);
    t->integer("max_attempts", 1, 1000, config.exports.max_attempts);
    // At most two presentation contexts per instance, 128 per association.
    t->integer("batch_size", 1, 64, config.exports.batch_size);
    t->rejectUnknownKeys();
  }
  if (auto t = root.table("engine")) readEngine(*t, config.engine), t->rejectUnknownKeys();
  if (auto t = root.table("slurm")) readSlurm(*t, config.slurm), t->rejectUnknownKeys();
  if (auto t = root.table("logging"))
    t->text("level", config.logging.level), t->rejectUnknownKeys();
  root.rejectUnknownKeys();
  return config;
}

Config loadConfigFileOrDefaults(const std::filesystem::path& file) {
  return file.empty() ? Config{} : loadConfigFile(file);
}

void validateConfig(Config& config, DataDir data_dir_policy) {
  checkAeTitle("dicom.ae_title", config.dicom.ae_title);
  for (std::size_t i = 0; i < config.dicom.allowed_peers.size(); ++i) {
    checkAeTitle("dicom.allowed_peers[" + std::to_string(i) + "].ae_title",
                 config.dicom.allowed_peers[i].ae_title);
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < config.destinations.size(); ++i) {
    const auto& destination = config.destinations[i];
    const std::string prefix = "destinations[" + std::to_string(i) + "].";
    checkAeTitle(prefix + "ae_title", destination.ae_title);
    if (!names.insert(destination.name).second) {
      throw ConfigError(prefix + "name", "'" + destination.name + "' is used twice");
    }
  }
  checkRetrieveDestinations(config);
  checkWatermarks(config.storage);
  if (config.exports.max_retry_seconds < config.exports.initial_retry_seconds) {
    throw ConfigError("export.max_retry_seconds", "must not be less than initial_retry_seconds");
  }
  try {
    T1ceClassifier check(classifierRulesFrom(config.classifier));
  } catch (const std::invalid_argument& error) {
    throw ConfigError("classifier", error.what());
  }
  checkAdmin(config.admin);
  checkOneOf("engine.profile", config.engine.profile, {"paper", "cpu", "test"});
  checkSlurm(config);
  checkOneOf("logging.level", config.logging.level, {"debug", "info", "warning", "error"});

  auto& data_dir = config.storage.data_dir;
  if (data_dir.empty()) data_dir = defaultDataDir();
  data_dir = fs::absolute(data_dir);
  std::error_code error;
  if (!fs::exists(data_dir, error)) {
    if (!fs::is_directory(data_dir.parent_path(), error)) {
      throw ConfigError("storage.data_dir",
                        "parent directory " + data_dir.parent_path().string() + " does not exist");
    }
    if (data_dir_policy == DataDir::check_only) return;
    if (!fs::create_directory(data_dir, error)) {
      throw ConfigError("storage.data_dir",
                        "cannot create " + data_dir.string() + ": " + error.message());
    }
  }
  if (!fs::is_directory(data_dir, error)) {
    throw ConfigError("storage.data_dir", data_dir.string() + " is not a directory");
  }
  if (::access(data_dir.c_str(), R_OK | W_OK | X_OK) != 0) {
    throw ConfigError("storage.data_dir", data_dir.string() + " is not writable by this user");
  }
}

}  // namespace everynet::service
