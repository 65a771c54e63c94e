#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "service/admin/admin_context.h"

namespace everynet::service::admin {

// The JSON documents of the API (service/admin/API.md has their shapes). The pages render these
// same documents. Each reads the index afresh; `now` is Unix seconds. An unknown id gives empty.
nlohmann::json statusDocument(const AdminContext& context, double now);
nlohmann::json patientsDocument(const AdminContext& context);
std::optional<nlohmann::json> patientDocument(const AdminContext& context,
                                              std::int64_t patient_ref);
nlohmann::json jobsDocument(const AdminContext& context);
std::optional<nlohmann::json> jobDocument(const AdminContext& context, std::int64_t job_id);
nlohmann::json exportsDocument(const AdminContext& context, double now);
nlohmann::json associationsDocument(const AdminContext& context, int limit);
nlohmann::json configDocument(const AdminContext& context);

}  // namespace everynet::service::admin
