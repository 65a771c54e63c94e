#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "storage/records.h"
#include "storage/stores.h"

namespace everynet::storage::testing {

// A fresh data directory and a read-write index in it, removed after each test.
class StorageFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // An instance of a T1ce-looking MR series; UIDs derived from the given names.
  static IncomingInstance instance(const std::string& patient, const std::string& study,
                                   const std::string& series, const std::string& sop,
                                   double received_at = 1000.0);

  std::filesystem::path dir_;
  std::unique_ptr<Stores> index_;
};

}  // namespace everynet::storage::testing
