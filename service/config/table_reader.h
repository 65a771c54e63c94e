#pragma once

#include <toml++/toml.h>

#include <array>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "service/config/config_loader.h"
#include "service/config/config_words.h"

namespace everynet::service {

// Reads the keys of one TOML table into typed fields and remembers which keys it knew, so that
// whatever is left over (a typo, a key from another version) is reported by name.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix)
      : table_(table), prefix_(std::move(prefix)) {}

  std::string key(std::string_view name) const { return prefix_ + std::string(name); }

  void text(std::string_view name, std::string& target) {
    if (const auto* node = find(name)) {
      const auto value = node->value<std::string>();
      if (!node->is_string() || !value) throw ConfigError(key(name), "must be a string");
      target = *value;
    }
  }

  void integer(std::string_view name, long long low, long long high, auto& target) {
    if (const auto* node = find(name)) {
      if (!node->is_integer()) throw ConfigError(key(name), "must be an integer");
      const auto value = *node->value<long long>();
      if (value < low || value > high) {
        throw ConfigError(key(name), "must be between " + std::to_string(low) + " and " +
                                         std::to_string(high) + ", not " + std::to_string(value));
      }
      target = static_cast<std::remove_reference_t<decltype(target)>>(value);
    }
  }

  // One of `words`, e.g. engine.device = "cuda"; the error lists them.
  template <typename Enum, std::size_t N>
  void word(std::string_view name, const std::array<ConfigWord<Enum>, N>& words, Enum& target) {
    std::string value(wordFor(target));
    text(name, value);
    const auto parsed = valueOfWord(words, value);
    if (!parsed) {
      throw ConfigError(key(name),
                        "must be one of " + listOfWords(words) + ", not '" + value + "'");
    }
    target = *parsed;
  }

  void path(std::string_view name, std::filesystem::path& target) {
    std::string value;
    text(name, value);
    if (!value.empty()) target = value;
  }

  void boolean(std::string_view name, bool& target) {
    if (const auto* node = find(name)) {
      if (!node->is_boolean()) throw ConfigError(key(name), "must be true or false");
      target = *node->value<bool>();
    }
  }

  void textList(std::string_view name, std::vector<std::string>& target) {
    if (const auto* node = find(name)) {
      const auto* array = node->as_array();
      if (!array) throw ConfigError(key(name), "must be an array of strings");
      target.clear();
      for (const auto& item : *array) {
        const auto value = item.value<std::string>();
        if (!item.is_string() || !value)
          throw ConfigError(key(name), "must be an array of strings");
        target.push_back(*value);
      }
    }
  }

  // The tables of an array of tables, e.g. [[destinations]] or allowed_peers = [{...}].
  std::vector<TableReader> tables(std::string_view name) {
    std::vector<TableReader> result;
    if (const auto* node = find(name)) {
      const auto* array = node->as_array();
      if (!array) throw ConfigError(key(name), "must be an array of tables");
      for (std::size_t i = 0; i < array->size(); ++i) {
        const auto* table = (*array)[i].as_table();
        if (!table) throw ConfigError(key(name), "must be an array of tables");
        result.emplace_back(*table, key(name) + "[" + std::to_string(i) + "].");
      }
    }
    return result;
  }

  std::optional<TableReader> table(std::string_view name) {
    const auto* node = find(name);
    if (!node) return std::nullopt;
    const auto* table = node->as_table();
    if (!table) throw ConfigError(key(name), "must be a table");
    return TableReader(*table, key(name) + ".");
  }

  // The key's value for a reader of its own (a key of several shapes); null when it is not set.
  const toml::node* node(std::string_view name) { return find(name); }

  void rejectUnknownKeys() const {
    for (const auto& [name, node] : table_) {
      if (!known_.contains(std::string(name.str()))) {
        throw ConfigError(key(name.str()), "unknown key");
      }
    }
  }

 private:
  const toml::node* find(std::string_view name) {
    known_.insert(std::string(name));
    return table_.get(name);
  }

  const toml::table& table_;
  std::string prefix_;
  std::set<std::string> known_;
};

}  // namespace everynet::service
