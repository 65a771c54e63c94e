// everynet-evaluate-change: scores the analyses of phantom pairs against their truth, for
// tests/bench/accuracy.sh. Each case directory holds truth/ (from `everynet phantom`) and one
// directory per method with the output of `everynet analyze` (report.json, map_baseline.nii.gz,
// brain_mask_baseline.nii.gz). Prints one line per case and method, then per method the medians
// and the RANO accuracy, and writes the whole as JSON to stdout's last line.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/imaging/brain_extraction.h"
#include "engine/imaging/nifti_io.h"
#include "tests/bench/evaluation/ranking_metrics.h"

namespace {

namespace fs = std::filesystem;
using everynet::engine::readNifti;
using everynet::geometry::PatientVolume;
using nlohmann::json;

json readJson(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  return json::parse(in);
}

std::string normalisedClass(std::string name) {
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

json metricsJson(const std::optional<everynet::bench::RankingMetrics>& m) {
  if (!m) return nullptr;
  return {{"auc", m->roc_auc}, {"ap", m->average_precision}, {"positives", m->positives}};
}

// Scores of the map inside the brain against a truth mask; `sign` -1 scores reduction.
std::optional<everynet::bench::RankingMetrics> detection(const PatientVolume& map,
                                                         const PatientVolume& truth,
                                                         const PatientVolume& brain, float sign) {
  std::vector<float> scores;
  std::vector<bool> positive;
  for (std::size_t i = 0; i < map.image.voxels.size(); ++i) {
    if (brain.image.voxels[i] <= 0.5f && truth.image.voxels[i] <= 0.5f) continue;
    scores.push_back(sign * map.image.voxels[i]);
    positive.push_back(truth.image.voxels[i] > 0.5f);
  }
  return everynet::bench::rankingMetrics(scores, positive);
}

json evaluate(const fs::path& case_dir, const fs::path& method_dir, const json& truth) {
  const auto report = readJson(method_dir / "report.json");
  const auto map = readNifti(method_dir / "map_baseline.nii.gz");
  const auto brain = readNifti(case_dir / "truth" / "baseline_brain.nii.gz");
  const double true_change =
      truth.at("followup_tumour_ml").get<double>() - truth.at("baseline_tumour_ml").get<double>();
  const auto& volumes = report.at("volumes_ml");
  const double change = volumes.at("growth").get<double>() - volumes.at("reduction").get<double>();
  const auto& whole = report.at("whole_brain_readout_ml");
  const double whole_change =
      whole.at("growth").get<double>() - whole.at("reduction").get<double>();
  json result = {
      {"case", case_dir.parent_path().filename().string()},
      {"method", method_dir.filename().string()},
      {"growth",
       metricsJson(detection(map, readNifti(case_dir / "truth" / "growth.nii.gz"), brain, 1))},
      {"reduction",
       metricsJson(detection(map, readNifti(case_dir / "truth" / "reduction.nii.gz"), brain, -1))},
      {"true_change_ml", true_change},
      {"change_ml", change},
      {"change_error_ml", std::abs(change - true_change)},
      {"whole_brain_change_error_ml", std::abs(whole_change - true_change)},
      {"true_class", normalisedClass(truth.at("rano_class").get<std::string>())},
      {"class", normalisedClass(report.at("rano").at("class").get<std::string>())},
      {"seconds", report.at("timings_seconds").at("total")},
  };
  result["class_correct"] = result["true_class"] == result["class"];
  if (fs::exists(method_dir / "brain_mask_baseline.nii.gz")) {
    result["skull_strip_dice"] = everynet::engine::diceCoefficient(
        readNifti(method_dir / "brain_mask_baseline.nii.gz").image, brain.image);
  }
  // The baseline tumour the read-out related change to (the automatic estimate, unless a mask
  // was supplied) against the phantom's.
  if (fs::exists(method_dir / "tumour_baseline.nii.gz")) {
    result["baseline_tumour_dice"] = everynet::engine::diceCoefficient(
        readNifti(method_dir / "tumour_baseline.nii.gz").image,
        readNifti(case_dir / "truth" / "baseline_tumour.nii.gz").image);
  }
  return result;
}

double median(std::vector<double> values) {
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const auto n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

void printRow(const json& r) {
  const auto metric = [](const json& m, const char* key) {
    return m.is_null() ? std::string("   -  ")
                       : std::to_string(m.at(key).get<double>()).substr(0, 6);
  };
  std::printf("%-22s %-13s %s %s %s %s %+8.2f %+8.2f %6.2f %-15s %-15s %s\n",
              r["case"].get<std::string>().c_str(), r["method"].get<std::string>().c_str(),
              metric(r["growth"], "auc").c_str(), metric(r["growth"], "ap").c_str(),
              metric(r["reduction"], "auc").c_str(), metric(r["reduction"], "ap").c_str(),
              r["true_change_ml"].get<double>(), r["change_ml"].get<double>(),
              r["change_error_ml"].get<double>(), r["true_class"].get<std::string>().c_str(),
              r["class"].get<std::string>().c_str(),
              r.contains("baseline_tumour_dice")
                  ? std::to_string(r["baseline_tumour_dice"].get<double>()).substr(0, 5).c_str()
                  : "  -");
}

json summarise(const std::vector<json>& rows) {
  std::map<std::string, std::map<std::string, std::vector<double>>> values;
  std::map<std::string, std::pair<int, int>> classes;
  // Cases whose baseline estimate gave no class: no wrong class, but no right one either (they
  // count against rano_accuracy).
  std::map<std::string, int> not_assessable;
  for (const auto& r : rows) {
    auto& v = values[r["method"]];
    for (const char* kind : {"growth", "reduction"}) {
      if (r[kind].is_null()) continue;
      v[std::string(kind) + "_auc"].push_back(r[kind]["auc"]);
      v[std::string(kind) + "_ap"].push_back(r[kind]["ap"]);
    }
    v["change_error_ml"].push_back(r["change_error_ml"]);
    v["whole_brain_change_error_ml"].push_back(r["whole_brain_change_error_ml"]);
    for (const char* dice : {"skull_strip_dice", "baseline_tumour_dice"}) {
      if (r.contains(dice)) v[dice].push_back(r[dice]);
    }
    v["seconds"].push_back(r["seconds"]);
    auto& [correct, total] = classes[r["method"]];
    correct += r["class_correct"].get<bool>();
    ++total;
    not_assessable[r["method"]] += r["class"] == "not assessable";
  }
  json summary;
  for (const auto& [method, metrics] : values) {
    for (const auto& [name, list] : metrics) summary[method]["median_" + name] = median(list);
    const auto [correct, total] = classes[method];
    summary[method]["rano_accuracy"] = static_cast<double>(correct) / total;
    summary[method]["cases"] = total;
    summary[method]["rano_not_assessable"] = not_assessable[method];
  }
  return summary;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: everynet-evaluate-change CASE_DIR...\n";
    return 2;
  }
  std::vector<json> rows;
  std::printf("%-22s %-13s %6s %6s %6s %6s %8s %8s %6s %-15s %-15s %s\n", "case", "method", "gAUC",
              "gAP", "rAUC", "rAP", "true mL", "found mL", "err", "true class", "found class",
              "tumour Dice");
  for (int i = 1; i < argc; ++i) {
    // Always with a trailing separator, so that "dir" and "dir/" give the case the same name.
    const fs::path case_dir = fs::path(argv[i]) / "";
    const auto truth = readJson(case_dir / "truth" / "truth.json");
    for (const auto& entry : fs::directory_iterator(case_dir)) {
      if (!fs::exists(entry.path() / "report.json")) continue;
      rows.push_back(evaluate(case_dir, entry.path(), truth));
      printRow(rows.back());
    }
  }
  const auto summary = summarise(rows);
  std::cout << "\nsummary (medians over cases):\n" << summary.dump(2) << "\n";
  std::cout << json{{"rows", rows}, {"summary", summary}}.dump() << "\n";
  return 0;
}
