#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "service/admin/pages/page_context.h"

namespace everynet::service::admin {

// The patients table from GET /api/v1/patients, each linked to its timeline.
std::string renderPatientsPage(const nlohmann::json& patients, const PageContext& context);

// One patient's timeline from GET /api/v1/patients/{id}: each timepoint with its series, their
// T1ce decisions and reasons, the series chosen for the timepoint, and the patient's jobs.
std::string renderPatientPage(const nlohmann::json& patient, const PageContext& context);

}  // namespace everynet::service::admin
