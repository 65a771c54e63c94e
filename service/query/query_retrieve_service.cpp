#include "service/query/query_retrieve_service.h"

#include <spdlog/spdlog.h>

#include "dicom/query/header_attributes.h"
#include "dicom/query/query_attributes.h"
#include "service/query/query_rows.h"
#include "storage/query_retrieve_store.h"

namespace everynet::service {
namespace {

// The requested keys the index does not hold: answered from an instance's header.
std::vector<dicom::AttributeTag> headerKeys(const dicom::QueryRequest& request) {
  std::vector<dicom::AttributeTag> keys;
  for (const auto& key : request.keys) {
    if (!dicom::findQueryAttribute(key.tag) && key.tag != dicom::tags::retrieve_ae_title) {
      keys.push_back(key.tag);
    }
  }
  return keys;
}

// Matches the rows and answers each match with its values, plus the header keys read from its
// file when there are any (`file_of` gives the file relative to the data directory).
template <typename Row, typename FileOf>
std::vector<dicom::QueryMatch> matchRows(const dicom::QueryRequest& request,
                                         const std::vector<Row>& rows,
                                         const std::filesystem::path& data_dir, FileOf file_of) {
  const auto header_keys = headerKeys(request);
  std::vector<dicom::QueryMatch> matches;
  for (const auto& row : rows) {
    auto values = valuesOf(row);
    if (!matchesRow(request, values)) continue;
    if (!header_keys.empty()) {
      try {
        for (auto& [tag, value] :
             dicom::readHeaderAttributes(data_dir / file_of(row), header_keys)) {
          values.emplace(tag, std::move(value));
        }
      } catch (const std::exception& error) {
        spdlog::debug("query: header of {} not read: {}", file_of(row), error.what());
      }
    }
    matches.push_back({std::move(values)});
  }
  return matches;
}

}  // namespace

QueryRetrieveService::QueryRetrieveService(const Config& config, storage::QueryRetrieveStore& store)
    : config_(config), store_(store) {}

std::vector<dicom::QueryMatch> QueryRetrieveService::find(const dicom::QueryRequest& request) {
  const auto scope = scopeOf(request, config_.query.results_only);
  const auto& data_dir = config_.storage.data_dir;
  std::vector<dicom::QueryMatch> matches;
  switch (request.level) {
    case dicom::QueryLevel::patient:
      for (const auto& row : store_.queryPatients(scope)) {
        if (auto values = valuesOf(row); matchesRow(request, values)) {
          matches.push_back({std::move(values)});
        }
      }
      return matches;
    case dicom::QueryLevel::study:
      for (const auto& row : store_.queryStudies(scope)) {
        if (auto values = valuesOf(row); matchesRow(request, values)) {
          matches.push_back({std::move(values)});
        }
      }
      return matches;
    case dicom::QueryLevel::series:
      return matchRows(request, store_.querySeries(scope), data_dir,
                       [](const storage::SeriesQueryRow& row) { return row.first_instance_file; });
    case dicom::QueryLevel::image:
      return matchRows(request, store_.queryInstances(scope), data_dir,
                       [](const storage::InstanceQueryRow& row) { return row.file_path; });
  }
  return matches;
}

std::vector<dicom::FileToStore> QueryRetrieveService::instancesToRetrieve(
    const dicom::QueryRequest& request) {
  std::vector<dicom::FileToStore> files;
  for (const auto& row : store_.queryInstances(scopeOf(request, config_.query.results_only))) {
    files.push_back({config_.storage.data_dir / row.file_path, row.sop_class_uid,
                     row.sop_instance_uid, row.transfer_syntax_uid});
  }
  return files;
}

std::optional<dicom::StoreScuConfig> QueryRetrieveService::moveDestination(
    const std::string& ae_title) {
  for (const auto* list : {&config_.destinations, &config_.retrieve_destinations}) {
    for (const auto& destination : *list) {
      if (destination.ae_title != ae_title) continue;
      const auto& dicom = config_.dicom;
      return dicom::StoreScuConfig{dicom.ae_title,
                                   destination.ae_title,
                                   destination.host,
                                   destination.port,
                                   std::chrono::seconds(dicom.acse_timeout_seconds),
                                   std::chrono::seconds(dicom.dimse_timeout_seconds),
                                   dicom.max_pdu_bytes};
    }
  }
  return std::nullopt;
}

}  // namespace everynet::service
