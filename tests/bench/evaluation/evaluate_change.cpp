// everynet-evaluate-change: scores the analyses of phantom pairs against their truth, for
// tests/bench/accuracy.sh. Each case directory holds truth/ (from `everynet phantom`) and one
// directory per method with the output of `everynet analyze` (report.json, map_*.nii.gz,
// ternary_*.nii.gz, brain_mask_baseline.nii.gz, tumour_baseline.nii.gz). Per case and method:
// the baseline tumour volume and the volume change against the truth, Dice, precision and
// recall of the growth and reduction regions of the ternary map in the baseline's and the
// follow-up's geometry, the RANO class, the map's voxel-wise ranking of growth and reduction.
// Prints the cases, then two tables (volumes and RANO; regions), then per method the medians and
// counts, and writes the whole as JSON to stdout's last line.
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
#include "engine/imaging/preprocessing.h"
#include "tests/bench/evaluation/ranking_metrics.h"
#include "tests/bench/evaluation/rano_tally.h"
#include "tests/bench/evaluation/region_overlap.h"
#include "tests/bench/evaluation/volume_error.h"

namespace {

namespace fs = std::filesystem;
using everynet::engine::readNifti;
using everynet::geometry::PatientVolume;
using nlohmann::json;
namespace bench = everynet::bench;

constexpr const char* kRegions[] = {"growth", "reduction"};
constexpr const char* kGeometries[] = {"baseline", "followup"};

json readJson(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  return json::parse(in);
}

json optionalJson(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

std::string normalisedClass(std::string name) {
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

json metricsJson(const std::optional<bench::RankingMetrics>& m) {
  if (!m) return nullptr;
  return {{"auc", m->roc_auc}, {"ap", m->average_precision}, {"positives", m->positives}};
}

// Scores of the map inside the brain against a truth mask; `sign` -1 scores reduction.
std::optional<bench::RankingMetrics> detection(const PatientVolume& map, const PatientVolume& truth,
                                               const PatientVolume& brain, float sign) {
  std::vector<float> scores;
  std::vector<bool> positive;
  for (std::size_t i = 0; i < map.image.voxels.size(); ++i) {
    if (brain.image.voxels[i] <= 0.5f && truth.image.voxels[i] <= 0.5f) continue;
    scores.push_back(sign * map.image.voxels[i]);
    positive.push_back(truth.image.voxels[i] > 0.5f);
  }
  return bench::rankingMetrics(scores, positive);
}

bool sameGrid(const PatientVolume& a, const PatientVolume& b) {
  const auto near = [](const auto& x, const auto& y, double tolerance) {
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::abs(x[i] - y[i]) > tolerance) return false;
    }
    return true;
  };
  return a.image.size == b.image.size && near(a.image.spacing_mm, b.image.spacing_mm, 1e-4) &&
         near(a.origin_mm, b.origin_mm, 1e-3) && near(a.direction, b.direction, 1e-5);
}

// The ternary map on the truth's grid: as written where the grids agree (as they should, both
// being the same scan's), otherwise resampled nearest-neighbour through patient space.
everynet::geometry::Volume onGridOf(const PatientVolume& ternary, const PatientVolume& truth) {
  if (sameGrid(ternary, truth)) return ternary.image;
  return everynet::engine::resampleOnto(ternary, truth, everynet::engine::Interpolation::nearest)
      .image;
}

json regionJson(const bench::RegionOverlap& o) {
  return {{"truth_ml", static_cast<double>(o.truth_voxels) * o.voxel_ml},
          {"found_ml", static_cast<double>(o.found_voxels) * o.voxel_ml},
          {"false_ml", bench::falseMl(o)},
          {"dice", optionalJson(bench::dice(o))},
          {"precision", optionalJson(bench::precision(o))},
          {"recall", optionalJson(bench::recall(o))}};
}

// Growth (+1) and reduction (-1) of the read-out's ternary map against the truth masks of one
// geometry; null where the truth of that geometry is missing (phantoms made before it existed).
json regionsJson(const fs::path& ternary_file, const fs::path& growth_file,
                 const fs::path& reduction_file) {
  if (!fs::exists(ternary_file) || !fs::exists(growth_file) || !fs::exists(reduction_file)) {
    return nullptr;
  }
  const auto growth = readNifti(growth_file);
  const auto ternary = onGridOf(readNifti(ternary_file), growth);
  return {{"growth", regionJson(bench::regionOverlap(ternary, +1, growth.image))},
          {"reduction",
           regionJson(bench::regionOverlap(ternary, -1, readNifti(reduction_file).image))}};
}

const char* outcomeName(bench::RanoOutcome outcome) {
  switch (outcome) {
    case bench::RanoOutcome::correct:
      return "correct";
    case bench::RanoOutcome::wrong:
      return "wrong";
    case bench::RanoOutcome::withheld:
      return "withheld";
  }
  return "unknown";
}

json ranoJson(const json& truth, const json& report) {
  const std::string true_class = normalisedClass(truth.at("rano_class").get<std::string>());
  const std::string found_class = normalisedClass(report.at("rano").at("class").get<std::string>());
  const auto outcome = bench::ranoOutcome(true_class, found_class);
  return {{"true_class", true_class},
          {"class", found_class},
          {"rano_outcome", outcomeName(outcome)},
          {"class_correct", outcome == bench::RanoOutcome::withheld
                                ? json(nullptr)
                                : json(outcome == bench::RanoOutcome::correct)},
          {"false_progression", bench::falseProgression(true_class, found_class)}};
}

json evaluate(const fs::path& case_dir, const fs::path& method_dir, const json& truth) {
  const auto report = readJson(method_dir / "report.json");
  const auto map = readNifti(method_dir / "map_baseline.nii.gz");
  const fs::path truth_dir = case_dir / "truth";
  const auto brain = readNifti(truth_dir / "baseline_brain.nii.gz");
  const double true_baseline = truth.at("baseline_tumour_ml").get<double>();
  const double true_change = truth.at("followup_tumour_ml").get<double>() - true_baseline;
  const auto& volumes = report.at("volumes_ml");
  const double baseline = volumes.at("baseline").get<double>();
  const auto baseline_error = bench::volumeError(baseline, true_baseline);
  const double change = volumes.at("growth").get<double>() - volumes.at("reduction").get<double>();
  const auto& whole = report.at("whole_brain_readout_ml");
  const double whole_change =
      whole.at("growth").get<double>() - whole.at("reduction").get<double>();
  json result = {
      {"case", case_dir.parent_path().filename().string()},
      {"method", method_dir.filename().string()},
      {"change", truth.value("change", "")},
      {"variety", truth.contains("variety") ? truth["variety"] : json(nullptr)},
      {"true_baseline_ml", true_baseline},
      {"baseline_ml", baseline},
      {"baseline_error_ml", baseline_error.ml},
      {"baseline_error_percent", optionalJson(baseline_error.percent)},
      {"true_change_ml", true_change},
      {"change_ml", change},
      {"change_signed_error_ml", change - true_change},
      {"change_error_ml", std::abs(change - true_change)},
      {"whole_brain_change_error_ml", std::abs(whole_change - true_change)},
      {"regions",
       {{"baseline", regionsJson(method_dir / "ternary_baseline.nii.gz",
                                 truth_dir / "growth.nii.gz", truth_dir / "reduction.nii.gz")},
        {"followup",
         regionsJson(method_dir / "ternary_followup.nii.gz", truth_dir / "followup_growth.nii.gz",
                     truth_dir / "followup_reduction.nii.gz")}}},
      {"growth", metricsJson(detection(map, readNifti(truth_dir / "growth.nii.gz"), brain, 1))},
      {"reduction",
       metricsJson(detection(map, readNifti(truth_dir / "reduction.nii.gz"), brain, -1))},
      {"seconds", report.at("timings_seconds").at("total")},
  };
  result.update(ranoJson(truth, report));
  if (fs::exists(method_dir / "brain_mask_baseline.nii.gz")) {
    result["skull_strip_dice"] = everynet::engine::diceCoefficient(
        readNifti(method_dir / "brain_mask_baseline.nii.gz").image, brain.image);
  }
  // The baseline tumour the read-out related change to (the automatic estimate, unless a mask
  // was supplied) against the phantom's.
  if (fs::exists(method_dir / "tumour_baseline.nii.gz")) {
    result["baseline_tumour_dice"] =
        everynet::engine::diceCoefficient(readNifti(method_dir / "tumour_baseline.nii.gz").image,
                                          readNifti(truth_dir / "baseline_tumour.nii.gz").image);
  }
  return result;
}

// ---- Summary over cases, per method.

json median(std::vector<double> values) {
  if (values.empty()) return nullptr;
  std::sort(values.begin(), values.end());
  const auto n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// A region where the truth has none (no growth on a no-change or response pair): how often, and
// how much was found there all the same.
struct EmptyTruth {
  int cases = 0;
  int found_nothing = 0;
  std::vector<double> false_ml;

  json toJson() const {
    return {{"cases", cases},
            {"found_nothing", found_nothing},
            {"median_false_ml", median(false_ml)},
            {"max_false_ml", false_ml.empty()
                                 ? json(nullptr)
                                 : json(*std::max_element(false_ml.begin(), false_ml.end()))}};
  }
};

struct MethodSummary {
  std::map<std::string, std::vector<double>> values;  // medians of these
  std::map<std::string, EmptyTruth> empty_truth;      // per region and geometry
  std::map<std::string, std::vector<double>> no_change_false_ml;
  bench::RanoTally rano;
  int cases = 0;

  void addRegions(const json& row) {
    for (const char* geometry : kGeometries) {
      const json& regions = row["regions"][geometry];
      if (regions.is_null()) continue;
      for (const char* region : kRegions) {
        const json& r = regions[region];
        const std::string key = std::string(region) + "_" + geometry;
        if (r["dice"].is_null()) {
          auto& empty = empty_truth[key];
          ++empty.cases;
          empty.found_nothing += r["found_ml"].get<double>() == 0;
          empty.false_ml.push_back(r["false_ml"]);
          if (row["change"] == "nochange") no_change_false_ml[key].push_back(r["false_ml"]);
          continue;
        }
        for (const char* metric : {"dice", "precision", "recall"}) {
          if (!r[metric].is_null()) values[key + "_" + metric].push_back(r[metric]);
        }
      }
    }
  }

  void add(const json& row) {
    ++cases;
    auto& v = values;
    v["baseline_error_ml"].push_back(row["baseline_error_ml"]);
    v["baseline_abs_error_ml"].push_back(std::abs(row["baseline_error_ml"].get<double>()));
    if (!row["baseline_error_percent"].is_null()) {
      const double percent = row["baseline_error_percent"];
      v["baseline_error_percent"].push_back(percent);
      v["baseline_abs_error_percent"].push_back(std::abs(percent));
    }
    v["change_signed_error_ml"].push_back(row["change_signed_error_ml"]);
    v["change_error_ml"].push_back(row["change_error_ml"]);
    v["whole_brain_change_error_ml"].push_back(row["whole_brain_change_error_ml"]);
    for (const char* kind : kRegions) {
      if (row[kind].is_null()) continue;
      v[std::string(kind) + "_auc"].push_back(row[kind]["auc"]);
      v[std::string(kind) + "_ap"].push_back(row[kind]["ap"]);
    }
    for (const char* dice : {"skull_strip_dice", "baseline_tumour_dice"}) {
      if (row.contains(dice)) v[dice].push_back(row[dice]);
    }
    v["seconds"].push_back(row["seconds"]);
    addRegions(row);
    rano.add(row["true_class"].get<std::string>(), row["class"].get<std::string>(),
             row["change"] == "nochange");
  }

  json toJson() const {
    json s = {{"cases", cases},
              {"rano_accuracy", optionalJson(rano.accuracy())},
              {"rano_assessed", rano.assessed()},
              {"rano_withheld", rano.withheld},
              {"rano_correct_or_withheld", optionalJson(rano.correctOrWithheld())},
              {"false_progressions", rano.false_progressions},
              {"false_progressions_on_nochange", rano.false_progressions_no_change}};
    for (const auto& [name, list] : values) s["median_" + name] = median(list);
    for (const auto& [key, empty] : empty_truth) s["empty_truth"][key] = empty.toJson();
    for (const auto& [key, list] : no_change_false_ml) {
      s["nochange_max_false_ml"][key] = *std::max_element(list.begin(), list.end());
    }
    return s;
  }
};

json summarise(const std::vector<json>& rows) {
  std::map<std::string, MethodSummary> methods;
  for (const auto& row : rows) methods[row["method"]].add(row);
  json summary = json::object();
  for (const auto& [method, values] : methods) summary[method] = values.toJson();
  return summary;
}

// ---- Printed tables.

// `value` formatted, or "-" where it is null, right-aligned in `width`.
std::string cell(const json& value, const char* format, int width) {
  char text[64] = "-";
  if (!value.is_null()) std::snprintf(text, sizeof text, format, value.get<double>());
  char padded[80];
  std::snprintf(padded, sizeof padded, "%*s", width, text);
  return padded;
}

// A compact "key=value" line of the phantom's variety, for reading the tables by kind.
std::string varietyText(const json& variety) {
  if (!variety.is_object()) return "-";
  std::string text;
  for (const auto& [key, value] : variety.items()) {
    text += (text.empty() ? "" : " ") + key + "=" +
            (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return text;
}

void printCases(const std::vector<json>& rows) {
  std::printf("%-26s %-11s %-15s %8s  %s\n", "case", "change", "true class", "base mL", "variety");
  std::string last;
  for (const auto& r : rows) {
    if (r["case"] == last) continue;
    last = r["case"];
    std::printf("%-26s %-11s %-15s %8.2f  %s\n", last.c_str(),
                r["change"].get<std::string>().c_str(), r["true_class"].get<std::string>().c_str(),
                r["true_baseline_ml"].get<double>(), varietyText(r["variety"]).c_str());
  }
}

void printVolumesAndRano(const std::vector<json>& rows) {
  std::printf("\n%-26s %-24s %8s %8s %7s %8s %8s %6s %-15s %-16s %s\n", "case", "method", "base mL",
              "found", "err %", "chg mL", "found", "err", "found class", "RANO", "tumour Dice");
  for (const auto& r : rows) {
    std::string outcome = r["rano_outcome"];
    if (r["false_progression"].get<bool>()) outcome += ", FALSE PD";
    std::printf("%-26s %-24s %8.2f %8.2f %s %+8.2f %+8.2f %6.2f %-15s %-16s %s\n",
                r["case"].get<std::string>().c_str(), r["method"].get<std::string>().c_str(),
                r["true_baseline_ml"].get<double>(), r["baseline_ml"].get<double>(),
                cell(r["baseline_error_percent"], "%+.1f", 7).c_str(),
                r["true_change_ml"].get<double>(), r["change_ml"].get<double>(),
                r["change_error_ml"].get<double>(), r["class"].get<std::string>().c_str(),
                outcome.c_str(), cell(r.value("baseline_tumour_dice", json()), "%.3f", 5).c_str());
  }
}

// Dice, precision and recall of one region; "no truth, N mL" where there was no true region.
std::string regionCell(const json& regions, const char* region) {
  char text[64];
  if (regions.is_null()) {
    std::snprintf(text, sizeof text, "%16s", "absent");
  } else if (const json& r = regions[region]; r["dice"].is_null()) {
    std::snprintf(text, sizeof text, "%16s",
                  ("none +" + cell(r["false_ml"], "%.2f", 0) + " mL").c_str());
  } else {
    std::snprintf(text, sizeof text, "%s %s %s", cell(r["dice"], "%.2f", 4).c_str(),
                  cell(r["precision"], "%.2f", 5).c_str(), cell(r["recall"], "%.2f", 5).c_str());
  }
  return text;
}

void printRegions(const std::vector<json>& rows) {
  std::printf(
      "\nregions of the ternary map: Dice precision recall (\"none +X mL\": no true region, X mL"
      " found there; \"absent\": no truth in that geometry)\n");
  std::printf("%-26s %-24s %16s %16s %16s %16s %6s %6s %6s %6s\n", "case", "method", "growth@base",
              "reduction@base", "growth@fu", "reduction@fu", "gAUC", "gAP", "rAUC", "rAP");
  for (const auto& r : rows) {
    const auto metric = [&](const char* kind, const char* key) {
      return cell(r[kind].is_null() ? json() : r[kind][key], "%.4f", 6);
    };
    const json& base = r["regions"]["baseline"];
    const json& followup = r["regions"]["followup"];
    std::printf("%-26s %-24s %s %s %s %s %s %s %s %s\n", r["case"].get<std::string>().c_str(),
                r["method"].get<std::string>().c_str(), regionCell(base, "growth").c_str(),
                regionCell(base, "reduction").c_str(), regionCell(followup, "growth").c_str(),
                regionCell(followup, "reduction").c_str(), metric("growth", "auc").c_str(),
                metric("growth", "ap").c_str(), metric("reduction", "auc").c_str(),
                metric("reduction", "ap").c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: everynet-evaluate-change CASE_DIR...\n";
    return 2;
  }
  std::vector<json> rows;
  for (int i = 1; i < argc; ++i) {
    // Always with a trailing separator, so that "dir" and "dir/" give the case the same name.
    const fs::path case_dir = fs::path(argv[i]) / "";
    const auto truth = readJson(case_dir / "truth" / "truth.json");
    std::vector<fs::path> methods;
    for (const auto& entry : fs::directory_iterator(case_dir)) {
      if (fs::exists(entry.path() / "report.json")) methods.push_back(entry.path());
    }
    std::sort(methods.begin(), methods.end());
    for (const auto& method : methods) rows.push_back(evaluate(case_dir, method, truth));
  }
  printCases(rows);
  printVolumesAndRano(rows);
  printRegions(rows);
  const auto summary = summarise(rows);
  std::cout << "\nsummary (per method; medians over the cases where a value is defined):\n"
            << summary.dump(2) << "\n";
  std::cout << json{{"rows", rows}, {"summary", summary}}.dump() << "\n";
  return 0;
}
