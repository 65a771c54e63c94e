// The service side of Query/Retrieve: its configuration, the scope a request gives the index,
// and matching of candidate rows.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "dicom/query/matching.h"
#include "dicom/query/query_attributes.h"
#include "service/config/config_loader.h"
#include "service/query/query_rows.h"

namespace everynet::service {
namespace {

namespace fs = std::filesystem;
namespace tags = dicom::tags;

// The key a configuration error names, or "" when the text loads and validates.
std::string errorKeyOf(const std::string& toml, Config* loaded = nullptr) {
  const auto dir =
      fs::temp_directory_path() / ("everynet-query-config-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "everynet.toml") << toml;
  try {
    Config config = loadConfigFile(dir / "everynet.toml");
    config.storage.data_dir = dir / "data";
    validateConfig(config, DataDir::create_if_missing);
    if (loaded) *loaded = config;
    fs::remove_all(dir);
    return "";
  } catch (const ConfigError& error) {
    fs::remove_all(dir);
    return error.key();
  }
}

const std::string kViewer =
    "[[retrieve_destinations]]\nname = \"viewer\"\nae_title = \"VIEWER\"\nhost = \"10.0.0.7\"\n"
    "port = 11112\n";

TEST(QueryConfig, ReadsResultsOnlyAndRetrieveDestinations) {
  Config config;
  ASSERT_EQ(errorKeyOf("[query]\nresults_only = true\n" + kViewer, &config), "");
  EXPECT_TRUE(config.query.results_only);
  ASSERT_EQ(config.retrieve_destinations.size(), 1u);
  EXPECT_EQ(config.retrieve_destinations[0].ae_title, "VIEWER");
  EXPECT_EQ(config.retrieve_destinations[0].port, 11112);
  EXPECT_FALSE(Config().query.results_only) << "default";
}

TEST(QueryConfig, RefusesWhatItCannotUse) {
  EXPECT_EQ(errorKeyOf("[query]\nresults_only = \"yes\"\n"), "query.results_only");
  EXPECT_EQ(errorKeyOf("[query]\nresult_only = true\n"), "query.result_only");
  EXPECT_EQ(errorKeyOf("[[retrieve_destinations]]\nname = \"v\"\nhost = \"h\"\n"),
            "retrieve_destinations[0].ae_title");
  EXPECT_EQ(errorKeyOf(kViewer + kViewer), "retrieve_destinations[1].name");
  EXPECT_EQ(errorKeyOf("[[retrieve_destinations]]\nname = \"v\"\nae_title = \"A\\\\B\"\n"
                       "host = \"h\"\n"),
            "retrieve_destinations[0].ae_title");
  EXPECT_EQ(errorKeyOf("[[destinations]]\nname = \"pacs\"\nae_title = \"VIEWER\"\n"
                       "host = \"10.0.0.8\"\nport = 104\n" +
                       kViewer),
            "retrieve_destinations[0].ae_title")
      << "one AE title, two peers";
  EXPECT_EQ(errorKeyOf("[[retrieve_destinations]]\nname = \"v\"\nae_title = \"V\"\nhost = \"h\"\n"
                       "port = 0\n"),
            "retrieve_destinations[0].port");
}

dicom::QueryKey key(dicom::AttributeTag tag, const std::string& vr, const std::string& value) {
  return {tag, vr, value, dicom::matchKindOf(vr, value)};
}

TEST(QueryRows, ScopeTakesTheUniqueKeysDownToTheLevel) {
  dicom::QueryRequest request;
  request.level = dicom::QueryLevel::study;
  request.keys = {key(tags::patient_id, "LO", "EN-1"),
                  key(tags::study_instance_uid, "UI", "1.2\\1.3"),
                  key(tags::series_instance_uid, "UI", "1.2.9")};
  const auto scope = scopeOf(request, true);
  EXPECT_TRUE(scope.results_only);
  EXPECT_EQ(scope.patient_ids, (std::vector<std::string>{"EN-1"}));
  EXPECT_EQ(scope.study_instance_uids, (std::vector<std::string>{"1.2", "1.3"}));
  EXPECT_TRUE(scope.series_instance_uids.empty()) << "a key below the level restricts nothing";
  request.keys[0] = key(tags::patient_id, "LO", "EN*");
  EXPECT_TRUE(scopeOf(request, false).patient_ids.empty()) << "a wildcard is matched, not scoped";
}

TEST(QueryRows, EveryMatchableKeyMustMatchAndCountsAreReturnKeys) {
  storage::StudyQueryRow row;
  row.patient = {"EN-1", "", "Müller^Anna", "19680412"};
  row.study = {"1.2", "20240418", "101000", "ACC1", "MRT Schaedel"};
  row.series = 6;
  row.instances = 27;
  row.modalities = "MR\\SR";
  const auto values = valuesOf(row);
  EXPECT_EQ(values.at(tags::number_of_study_related_instances), "27");
  dicom::QueryRequest request;
  request.level = dicom::QueryLevel::study;
  request.keys = {
      key(tags::patient_name, "PN", "MÜLLER*"), key(tags::study_date, "DA", "20240401-"),
      key(tags::modalities_in_study, "CS", "SR"),
      key(tags::number_of_study_related_series, "IS", "99"), key({0x0008, 0x0090}, "PN", "Dr*")};
  EXPECT_TRUE(matchesRow(request, values))
      << "counts and keys the index does not hold are not matched on";
  request.keys[1] = key(tags::study_date, "DA", "-20240401");
  EXPECT_FALSE(matchesRow(request, values));
}

}  // namespace
}  // namespace everynet::service
