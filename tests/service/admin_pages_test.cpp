#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "service/admin/pages/associations_page.h"
#include "service/admin/pages/config_page.h"
#include "service/admin/pages/dashboard_page.h"
#include "service/admin/pages/display_format.h"
#include "service/admin/pages/exports_page.h"
#include "service/admin/pages/html.h"
#include "service/admin/pages/jobs_page.h"
#include "service/admin/pages/loss_chart.h"
#include "service/admin/pages/not_found_page.h"
#include "service/admin/pages/patients_page.h"

namespace everynet::service::admin {
namespace {

using nlohmann::json;

// Strings a DICOM sender or a peer controls, and their escaped forms.
const std::string kHostileName = "<script>alert(1)</script>&\"'";
const std::string kHostileNameEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;";
const std::string kHostileDescription = "<img src=x onerror=alert(2)>";
const std::string kHostileDescriptionEscaped = "&lt;img src=x onerror=alert(2)&gt;";

const PageContext kContext{"admin", "csrf-token-123", "/"};

void expectNoRawHostileMarkup(const std::string& page) {
  EXPECT_EQ(page.find("<script>alert"), std::string::npos);
  EXPECT_EQ(page.find("<img src=x"), std::string::npos);
  EXPECT_EQ(page.find("onerror=alert(2)>"), std::string::npos);
}

json statusDocument() {
  return json::parse(R"({"version": "0.1.0", "now": 1795000000.0, "ae_title": "EVERYNET",
    "dicom_port": 11112, "instances_today": 350, "associations_today": 4, "open_associations": 1,
    "jobs": {"queued": 2, "running": 1, "succeeded": 10, "failed": 1, "cancelled": 0},
    "running_jobs": [{"id": 7, "method": "personal-wgan", "stage": "training", "progress": 0.42, "eta_seconds": 310.0,
                      "device": "cpu"}],
    "devices": ["cpu"],
    "disk": {"path": "/var/lib/everynet", "free_bytes": 1500000000, "total_bytes": 2000000000},
    "exports": [{"destination": "pacs", "pending": 0, "due": 0, "sent": 176, "failed": 0,
                 "next_attempt_at": null}],
    "recent_errors": [{"at": 1795000000.0, "level": "warning", "message": "m"}]})");
}

json patientEntry() {
  return {{"id", 3},
          {"patient_id", "P1"},
          {"issuer_of_patient_id", ""},
          {"patient_name", kHostileName},
          {"birth_date", "19700101"},
          {"identity_conflict", nullptr},
          {"timepoints", 2},
          {"jobs", 1},
          {"last_study_date", "20260301"}};
}

json patientDocument() {
  auto patient = patientEntry();
  patient["timepoints"] = json::parse(R"([{"study_instance_uid": "1.2.3", "study_date": "20260101",
    "study_description": "MR Brain", "t1ce_choice_reason": "3D over 2D",
    "series": [{"series_instance_uid": "1.2.3.4", "series_description": "",
                "modality": "MR", "state": "complete", "instance_count": 176, "is_t1ce": true,
                "reason": "contrast agent and T1 timing", "chosen_for_timepoint": true},
               {"series_instance_uid": "1.2.3.5", "series_description": "t2_tse",
                "modality": "MR", "state": "complete", "instance_count": 30, "is_t1ce": false,
                "reason": "T2 timing", "chosen_for_timepoint": false},
               {"series_instance_uid": "1.2.3.6", "series_description": "EveryNet change",
                "modality": "SR", "state": "complete", "instance_count": 1, "is_t1ce": false,
                "reason": "EveryNet result of job 7", "chosen_for_timepoint": false,
                "result_of_job": 7}]}])");
  patient["timepoints"][0]["series"][0]["series_description"] = kHostileDescription;
  patient["job_list"] =
      json::parse(R"([{"id": 7, "method": "registration-subtraction", "state": "succeeded",
    "baseline_study_date": "20260101", "followup_study_date": "20260301"}])");
  return patient;
}

json jobEntry() {
  return json::parse(
      R"({"id": 7, "method": "registration-subtraction", "state": "failed", "patient_ref": 3,
    "baseline_study_date": "20260101", "followup_study_date": "20260301", "stage": "training",
    "progress": 0.42, "eta_seconds": 310.0, "attempts": 1, "interruptions": 1,
    "created_at": 1795000000,
    "started_at": 1795000010, "finished_at": null, "error": null, "rano": "PD",
    "change_percent": 37.5})");
}

json jobDocument(bool can_retry, bool can_cancel) {
  auto job = jobEntry();
  job["error"] = kHostileDescription;
  job["reason"] = "follow-up T1ce " + kHostileName;
  job["baseline_series_uid"] = "1.2.3.4";
  job["followup_series_uid"] = "1.2.3.9";
  job["report"] = json::parse(R"({"volumes_ml": {"baseline": 4.19, "followup": 11.49,
      "growth": 7.31, "reduction": 0.01, "net_change": 7.3}, "change_percent": 174.2,
    "rano": {"class": "PD", "reason": "at least 25 % growth"},
    "baseline_volume_source": "generated", "profile": "test", "device": "cpu",
    "cautions": ["thick slices: check the baseline tumour"],
    "timings_seconds": {"preprocessing": 1.5, "training_and_inference": 20.0, "total": 25.0}})");
  job["losses"] = {{"iteration", {1, 2, 3, 4, 5}},
                   {"critic", {-1.0, -2.5, -3.0, -2.0, -1.5}},
                   {"generator", {0.3, 0.4, nullptr, 0.2, 0.1}}};
  job["results"] = {{"heatmaps", 24}, {"reports", 1}, {"segmentations", 1}};
  job["previews"] = {"/api/v1/jobs/7/previews/12.png"};
  job["log"] = {{{"at", 1795000000}, {"level", "error"}, {"message", kHostileName}}};
  job["can_retry"] = can_retry;
  job["can_cancel"] = can_cancel;
  return job;
}

json exportsDocument() {
  auto document = json::parse(R"({"destinations": [{"destination": "pacs", "ae_title": "ORTHANC",
    "host": "10.0.0.5", "port": 4242, "pending": 1, "due": 0, "sent": 176, "failed": 2,
    "next_attempt_at": null}],
    "troubled": [{"id": 1, "job_ref": 7, "destination": "pacs", "sop_instance_uid": "1.2.9",
                  "state": "failed", "attempts": 12, "next_attempt_at": 0, "last_error": ""}]})");
  document["troubled"][0]["last_error"] = kHostileDescription;
  document["destinations"].push_back(document["destinations"][0]);
  document["destinations"][1]["destination"] = kHostileName;
  return document;
}

json associationsDocument() {
  auto document = json::parse(R"({"associations": [{"id": 1, "calling_ae": "",
    "called_ae": "EVERYNET", "peer_address": "127.0.0.1", "started_at": 1795000000,
    "ended_at": 1795000060, "instances_received": 176, "outcome": "released"}]})");
  document["associations"][0]["calling_ae"] = kHostileName;
  return document;
}

json configDocument() {
  return {{"series", {{"quiet_seconds", 1.5}}},
          {"admin", {{"password_hash", "(set)"}, {"token_hashes", nullptr}}},
          {"export",
           {{"destinations", {{{"name", kHostileName}, {"host", "10.0.0.5"}, {"port", 4242}}}}}},
          {"classifier", {{"extra_agents", {"Gadovist", "Dotarem"}}}}};
}

// Every page this module renders, with hostile strings where the documents carry text.
std::vector<std::string> allPages() {
  auto status = statusDocument();
  status["recent_errors"][0]["message"] = kHostileName;
  status["devices"] = {kHostileDescription};
  json patients = {{"patients", {patientEntry()}}};
  auto jobs_entry = jobEntry();
  jobs_entry["error"] = kHostileName;
  jobs_entry["waiting"] = kHostileDescription;
  auto job = jobDocument(true, true);
  job["waiting"] = kHostileName;
  job["training_run"] = "slurm:" + kHostileDescription;
  json jobs = {{"jobs", {jobs_entry}}};
  return {renderDashboardPage(status, kContext),
          renderPatientsPage(patients, kContext),
          renderPatientPage(patientDocument(), kContext),
          renderJobsPage(jobs, kContext),
          renderJobPage(job, kContext),
          renderExportsPage(exportsDocument(), kContext),
          renderAssociationsPage(associationsDocument(), kContext),
          renderConfigPage(configDocument(), kContext),
          renderNotFoundPage("Job " + kHostileName, kContext)};
}

// The `d` attribute of the path whose chart has css_class, and its number of points.
std::size_t pointsInCurve(const std::string& page, const std::string& css_class) {
  const auto chart = page.find("loss-chart " + css_class);
  EXPECT_NE(chart, std::string::npos) << css_class;
  if (chart == std::string::npos) return 0;
  const auto path = page.find("<path class=\"curve\" d=\"", chart);
  EXPECT_NE(path, std::string::npos);
  const auto start = page.find("d=\"", path) + 3;
  const auto d = page.substr(start, page.find('"', start) - start);
  std::size_t points = 0;
  for (const char c : d) points += c == 'M' || c == 'L';
  return points;
}

TEST(AdminPages, EscapeHtmlEscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(escapeHtml(kHostileName), kHostileNameEscaped);
  EXPECT_EQ(escapeHtml("Müller^Anna 5 mL"), "Müller^Anna 5 mL");
}

TEST(AdminPages, EveryPageEscapesHostileStrings) {
  for (const auto& page : allPages()) expectNoRawHostileMarkup(page);
}

TEST(AdminPages, PatientPagesShowTheEscapedNameAndSeriesDescription) {
  const auto list = renderPatientsPage({{"patients", {patientEntry()}}}, kContext);
  EXPECT_NE(list.find(kHostileNameEscaped), std::string::npos);
  EXPECT_NE(list.find("href=\"/patients/3\""), std::string::npos);

  const auto page = renderPatientPage(patientDocument(), kContext);
  EXPECT_NE(page.find("<title>" + kHostileNameEscaped), std::string::npos);
  EXPECT_NE(page.find(kHostileDescriptionEscaped), std::string::npos);
  EXPECT_NE(page.find("2026-01-01"), std::string::npos);
  EXPECT_NE(page.find("3D over 2D"), std::string::npos);
  EXPECT_NE(page.find("<tr class=\"chosen\">"), std::string::npos);
  EXPECT_NE(page.find("not T1ce"), std::string::npos);
  EXPECT_NE(page.find("<td>EveryNet result</td>"), std::string::npos) << "a job's result series";
  EXPECT_NE(page.find("href=\"/jobs/7\""), std::string::npos);
  EXPECT_NE(page.find("<th>Method</th>"), std::string::npos);
  EXPECT_NE(page.find("Job 7</a></td><td>registration-subtraction</td><td>succeeded</td>"),
            std::string::npos);
  expectNoRawHostileMarkup(page);
}

TEST(AdminPages, NoPageHasInlineStylesOrInlineScripts) {
  const std::regex script_tag("<script([^>]*)>", std::regex::icase);
  const std::regex event_handler(R"(<[^>]*\son[a-z]+\s*=)", std::regex::icase);
  for (const auto& page : allPages()) {
    EXPECT_EQ(page.find("style="), std::string::npos);
    EXPECT_EQ(page.find("<style"), std::string::npos);
    int scripts = 0;
    for (auto it = std::sregex_iterator(page.begin(), page.end(), script_tag);
         it != std::sregex_iterator(); ++it) {
      ++scripts;
      EXPECT_EQ((*it)[1].str(), " src=\"/assets/admin.js\" defer");
    }
    EXPECT_EQ(scripts, 1);
    EXPECT_FALSE(std::regex_search(page, event_handler)) << "inline script in an attribute";
  }
}

TEST(AdminPages, LayoutCarriesNavigationPrincipalAndCsrfToken) {
  const auto page = renderJobsPage({{"jobs", json::array()}}, {"admin", "tok&en", "/jobs"});
  EXPECT_NE(page.find("<meta name=\"csrf-token\" content=\"tok&amp;en\">"), std::string::npos);
  EXPECT_NE(page.find("<form method=\"post\" action=\"/logout\"><input type=\"hidden\" "
                      "name=\"csrf\" value=\"tok&amp;en\">"),
            std::string::npos);
  EXPECT_NE(page.find("<a href=\"/jobs\" aria-current=\"page\">Jobs</a>"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"/\">Dashboard</a>"), std::string::npos);
  for (const char* section : {"Patients", "Exports", "Associations", "Configuration"}) {
    EXPECT_NE(page.find(std::string(">") + section + "</a>"), std::string::npos) << section;
  }
  EXPECT_NE(page.find("<span class=\"principal\">admin</span>"), std::string::npos);
  EXPECT_NE(page.find("No jobs yet."), std::string::npos);
}

TEST(AdminPages, DashboardShowsTheFreeSpaceWatermarkAndWhatBeingBelowItMeans) {
  auto status = statusDocument();
  status["disk"]["min_free_bytes"] = 1000000000;
  status["disk"]["state"] = "ok";
  status["disk"]["problem"] = nullptr;
  const auto ok = renderDashboardPage(status, kContext);
  EXPECT_NE(ok.find("data-field=\"disk.min_free_bytes\" data-format=\"bytes\">1.00 GB<"),
            std::string::npos);
  EXPECT_NE(ok.find("data-field=\"disk.state\" data-format=\"number\">ok<"), std::string::npos);
  EXPECT_EQ(ok.find("<p class=\"error\">"), std::string::npos);
  status["disk"]["state"] = "below_min_free";
  status["disk"]["problem"] = "free space 900.0 MB is below storage.min_free_mb <A700>";
  const auto low = renderDashboardPage(status, kContext);
  EXPECT_NE(low.find("<p class=\"error\">free space 900.0 MB is below storage.min_free_mb "
                     "&lt;A700&gt;</p>"),
            std::string::npos)
      << low;
}

TEST(AdminPages, DashboardShowsTheStatusFiguresForTheScript) {
  const auto page = renderDashboardPage(statusDocument(), kContext);
  EXPECT_NE(page.find("<body data-page=\"dashboard\">"), std::string::npos);
  EXPECT_NE(page.find("data-field=\"instances_today\" data-format=\"number\">350<"),
            std::string::npos);
  EXPECT_NE(page.find("data-field=\"jobs.queued\" data-format=\"number\">2<"), std::string::npos);
  EXPECT_NE(page.find("data-field=\"disk.free_bytes\" data-format=\"bytes\">1.50 GB<"),
            std::string::npos);
  EXPECT_NE(page.find("<progress max=\"1\" value=\"0.42"), std::string::npos);
  EXPECT_NE(page.find("5 min 10 s"), std::string::npos);
  EXPECT_NE(page.find("<tbody data-list=\"running_jobs\" data-columns=\"6\">"), std::string::npos);
  EXPECT_NE(page.find("<th>Method</th>"), std::string::npos);
  EXPECT_NE(page.find("</a></td><td>personal-wgan</td><td>training</td>"), std::string::npos);
  auto waiting = statusDocument();
  waiting["running_jobs"][0]["waiting"] = "Slurm job 42 is pending: <Priority>";
  EXPECT_NE(renderDashboardPage(waiting, kContext)
                .find("</a></td><td>personal-wgan</td><td>waiting: Slurm job 42 is pending: "
                      "&lt;Priority&gt;</td>"),
            std::string::npos)
      << "why its training waits, where the stage would be";
  EXPECT_NE(page.find("<td>pacs</td><td>0</td><td>0</td><td>176</td>"), std::string::npos);
  EXPECT_NE(page.find(formatLocalTime(1795000000.0)), std::string::npos);
}

TEST(AdminPages, JobPageShowsReportLossCurvesPreviewsAndLog) {
  const auto page = renderJobPage(jobDocument(false, false), kContext);
  EXPECT_NE(page.find("<dt>Method</dt><dd>registration-subtraction</dd>"), std::string::npos);
  EXPECT_NE(page.find("<h2>Report of registration-subtraction</h2>"), std::string::npos);
  EXPECT_NE(page.find("Results of registration-subtraction: "), std::string::npos);
  EXPECT_NE(page.find("<dt>RANO class</dt><dd>PD</dd>"), std::string::npos);
  EXPECT_NE(page.find("<dt>Baseline volume</dt><dd>4.2 mL</dd>"), std::string::npos);
  EXPECT_NE(page.find("<dt>Follow-up volume</dt><dd>11.5 mL</dd>"), std::string::npos);
  EXPECT_NE(page.find("<dt>Change</dt><dd>7.3 mL (+174.2 %)</dd>"), std::string::npos);
  EXPECT_NE(page.find("<dt>Baseline volume source</dt><dd>generated</dd>"), std::string::npos);
  EXPECT_NE(page.find("<dt>Caution</dt><dd>thick slices: check the baseline tumour</dd>"),
            std::string::npos);
  EXPECT_NE(page.find("<dt>Service ended during it</dt><dd>1</dd>"), std::string::npos);
  EXPECT_NE(page.find("<img src=\"/api/v1/jobs/7/previews/12.png\""), std::string::npos);
  EXPECT_NE(page.find("<p class=\"error\">" + kHostileDescriptionEscaped), std::string::npos);
  EXPECT_NE(page.find("<td>" + kHostileNameEscaped + "</td>"), std::string::npos);
  EXPECT_EQ(pointsInCurve(page, "loss-critic"), 5u);
  EXPECT_EQ(pointsInCurve(page, "loss-generator"), 4u) << "the null loss is left out";
  expectNoRawHostileMarkup(page);
}

TEST(AdminPages, LossChartHasOnePointPerIterationAndTicks) {
  json iterations = json::array();
  json losses = json::array();
  for (int i = 1; i <= 300; ++i) {
    iterations.push_back(i);
    losses.push_back(10.0 / i);
  }
  const auto chart = renderLossChart("Critic loss", "loss-critic", iterations, losses);
  EXPECT_EQ(pointsInCurve(chart, "loss-critic"), 300u);
  EXPECT_NE(chart.find(">100</text>"), std::string::npos) << chart;
  EXPECT_NE(chart.find(">300</text>"), std::string::npos);
  EXPECT_NE(chart.find(">10</text>"), std::string::npos) << "the largest loss is a y tick";
  EXPECT_NE(chart.find("<svg class=\"loss-chart loss-critic\""), std::string::npos);

  const auto flat = renderLossChart("Flat", "loss-critic", json{1}, json{0.5});
  EXPECT_EQ(pointsInCurve(flat, "loss-critic"), 1u);

  const auto none = renderLossChart("Generator loss", "x", json::array(), json::array());
  EXPECT_EQ(none.find("<svg"), std::string::npos);
  EXPECT_NE(none.find("no losses recorded yet"), std::string::npos);
}

TEST(AdminPages, JobButtonsFollowCanRetryAndCanCancel) {
  const std::string retry = "action=\"/api/v1/jobs/7/retry\"";
  const std::string cancel = "action=\"/api/v1/jobs/7/cancel\"";
  for (const bool can_retry : {false, true}) {
    for (const bool can_cancel : {false, true}) {
      const auto page = renderJobPage(jobDocument(can_retry, can_cancel), kContext);
      EXPECT_EQ(page.find(retry) != std::string::npos, can_retry) << can_retry << can_cancel;
      EXPECT_EQ(page.find(cancel) != std::string::npos, can_cancel) << can_retry << can_cancel;
      EXPECT_EQ(page.find(">Retry</button>") != std::string::npos, can_retry);
      EXPECT_EQ(page.find(">Cancel</button>") != std::string::npos, can_cancel);
    }
  }
  const auto page = renderJobPage(jobDocument(true, false), kContext);
  EXPECT_NE(page.find(retry + " data-json-body=\"{}\"><input type=\"hidden\" name=\"csrf\" "
                              "value=\"csrf-token-123\">"),
            std::string::npos);
}

TEST(AdminPages, JobsPageHasAMethodColumn) {
  const auto page = renderJobsPage({{"jobs", {jobEntry()}}}, kContext);
  EXPECT_NE(page.find("<th>Job</th><th>Method</th><th>State</th>"), std::string::npos);
  EXPECT_NE(page.find("7</a></td><td>registration-subtraction</td><td>failed</td>"),
            std::string::npos);
}

// A class withheld because the baseline cannot carry one reads as a caution with its reason, in
// the list and on the job's page, never as a class.
TEST(AdminPages, ARanoClassNotAssessableIsACautionWithItsReason) {
  const std::string reason = "faint enhancement, 1.30 times white matter";
  auto entry = jobEntry();
  entry["rano"] = "not assessable";
  entry["rano_reason"] = reason;
  const auto list = renderJobsPage({{"jobs", {entry}}}, kContext);
  EXPECT_NE(list.find("<td class=\"caution\">\u26a0 not assessable (" + reason + ")</td>"),
            std::string::npos)
      << list;

  auto job = jobDocument(false, false);
  job["report"]["rano"] = {{"class", "not assessable"}, {"reason", reason}};
  job["report"]["baseline_confidence"] = {{"usable", false},
                                          {"reasons", {reason}},
                                          {"estimated_ml", 4.19},
                                          {"enhancement_over_white_matter", 1.3},
                                          {"slice_thickness_mm", 1.0}};
  const auto page = renderJobPage(job, kContext);
  EXPECT_NE(page.find("<p class=\"caution\">\u26a0 Modified RANO not assessable: " + reason +
                      ". The volumes are shown as measured; supply a segmentation of the baseline "
                      "tumour (DICOM SEG) to get a RANO class.</p>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("<dt>RANO class</dt><dd>\u26a0 not assessable</dd><dt>RANO reason</dt><dd>" +
                      reason + "</dd>"),
            std::string::npos);
  EXPECT_NE(page.find("<dt>Baseline estimate&#39;s enhancement</dt><dd>1.30 times white matter, "
                      "on 1.0 mm slices</dd>"),
            std::string::npos)
      << page;
  // A class given has neither.
  const auto given = renderJobPage(jobDocument(false, false), kContext);
  EXPECT_EQ(given.find("class=\"caution\""), std::string::npos);
  EXPECT_EQ(given.find("Baseline estimate"), std::string::npos);
}

TEST(AdminPages, OnlyARunningJobShowsItsEta) {
  auto job = jobDocument(false, true);
  job["state"] = "running";
  EXPECT_NE(renderJobPage(job, kContext).find("ETA 5 min 10 s"), std::string::npos);
  EXPECT_NE(renderJobsPage({{"jobs", {job}}}, kContext).find("<td>5 min 10 s</td>"),
            std::string::npos);
  job["state"] = "failed";
  EXPECT_EQ(renderJobPage(job, kContext).find("5 min 10 s"), std::string::npos)
      << "a finished job's last estimate means nothing";
  EXPECT_EQ(renderJobsPage({{"jobs", {job}}}, kContext).find("5 min 10 s"), std::string::npos);
}

// A training in a cluster's queue shows why it waits where the stage would be, and where it runs;
// the text is the cluster's, escaped.
TEST(AdminPages, AWaitingJobShowsWhyAndItsTrainingRun) {
  auto job = jobDocument(false, true);
  job["state"] = "running";
  job["stage"] = "preprocessing";
  job["training_run"] = "slurm:42";
  job["waiting"] = "Slurm job 42 is pending: Resources <QOSMaxJobsPerUserLimit>";
  const std::string escaped =
      "waiting: Slurm job 42 is pending: Resources "
      "&lt;QOSMaxJobsPerUserLimit&gt;";
  const auto page = renderJobPage(job, kContext);
  EXPECT_NE(page.find("<p class=\"waiting\">" + escaped + "</p>"), std::string::npos) << page;
  EXPECT_NE(page.find("<dt>Training run</dt><dd>Slurm job 42</dd>"), std::string::npos) << page;
  const auto list = renderJobsPage({{"jobs", {job}}}, kContext);
  EXPECT_NE(list.find("<td>" + escaped + "</td>"), std::string::npos) << list;
  EXPECT_EQ(list.find("<td>preprocessing</td>"), std::string::npos);

  job["waiting"] = nullptr;
  job["training_run"] = "local:12345";
  const auto running = renderJobPage(job, kContext);
  EXPECT_EQ(running.find("waiting:"), std::string::npos);
  EXPECT_EQ(running.find("Training run"), std::string::npos) << "a local PID tells nobody anything";
  EXPECT_EQ(running.find("12345"), std::string::npos);
  EXPECT_NE(renderJobsPage({{"jobs", {job}}}, kContext).find("<td>preprocessing</td>"),
            std::string::npos);
}

TEST(AdminPages, ExportsPageHasAResendButtonPerDestination) {
  const auto page = renderExportsPage(exportsDocument(), kContext);
  EXPECT_NE(page.find("data-json-body=\"{&quot;destination&quot;:&quot;pacs&quot;}\""),
            std::string::npos);
  EXPECT_NE(page.find("<td>10.0.0.5:4242</td>"), std::string::npos);
  EXPECT_NE(page.find(kHostileDescriptionEscaped), std::string::npos);
  std::size_t buttons = 0;
  for (auto at = page.find(">Re-send failed<"); at != std::string::npos;
       at = page.find(">Re-send failed<", at + 1)) {
    ++buttons;
  }
  EXPECT_EQ(buttons, 2u);
  expectNoRawHostileMarkup(page);
}

TEST(AdminPages, AssociationsAndConfigurationAreTables) {
  const auto associations = renderAssociationsPage(associationsDocument(), kContext);
  EXPECT_NE(associations.find("<td>" + kHostileNameEscaped + "</td><td>EVERYNET</td>"),
            std::string::npos);
  EXPECT_NE(associations.find("<td>released</td>"), std::string::npos);

  const auto config = renderConfigPage(configDocument(), kContext);
  EXPECT_NE(config.find("<th scope=\"row\">series.quiet_seconds</th><td>1.5</td>"),
            std::string::npos);
  EXPECT_NE(config.find("<th scope=\"row\">admin.password_hash</th><td>(set)</td>"),
            std::string::npos);
  EXPECT_NE(config.find("<th scope=\"row\">export.destinations[0].name</th><td>" +
                        kHostileNameEscaped + "</td>"),
            std::string::npos);
  EXPECT_NE(config.find("classifier.extra_agents</th><td>[&quot;Gadovist&quot;"),
            std::string::npos);
}

TEST(AdminPages, NotFoundPageNamesWhatIsMissing) {
  const auto page = renderNotFoundPage("Patient 99", kContext);
  EXPECT_NE(page.find("<h1>Not found</h1>"), std::string::npos);
  EXPECT_NE(page.find("Patient 99 does not exist."), std::string::npos);
}

TEST(AdminPages, DisplayFormats) {
  EXPECT_EQ(formatMillilitres(json(12.345)), "12.3 mL");
  EXPECT_EQ(formatMillilitres(json()), "\u2014");
  EXPECT_EQ(formatPercent(json(-8.04)), "-8.0 %");
  EXPECT_EQ(formatBytes(512.3e6), "512.3 MB");
  EXPECT_EQ(formatBytes(1.5e9), "1.50 GB");
  EXPECT_EQ(formatDuration(json(42.4)), "42 s");
  EXPECT_EQ(formatDuration(json(7500)), "2 h 05 min");
  EXPECT_EQ(formatProgress(json(0.426)), "43 %");
  EXPECT_EQ(formatDicomDate("20260301"), "2026-03-01");
  EXPECT_EQ(formatDicomDate("2026"), "2026");
  EXPECT_EQ(formatPersonName("Doe^Jane^^Dr"), "Doe, Jane Dr");
  EXPECT_EQ(formatPersonName("Doe"), "Doe");
  EXPECT_EQ(formatValue(json(350)), "350");
  EXPECT_EQ(formatValue(json(true)), "yes");
  EXPECT_TRUE(std::regex_match(formatLocalTime(1795000000.0),
                               std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")));
}

}  // namespace
}  // namespace everynet::service::admin
