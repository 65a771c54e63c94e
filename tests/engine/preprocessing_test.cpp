#include "engine/imaging/preprocessing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "engine/imaging/brain_extraction.h"
#include "engine/imaging/dicom_series_reader.h"
#include "tests/engine/synthetic_head.h"
#include "tests/support/mr_series_writer.h"
#include "tests/support/temp_dir.h"

namespace everynet::engine {
namespace {

using Vec3 = std::array<double, 3>;

constexpr std::array<int, 3> kGrid{32, 32, 16};

double distance(const Vec3& a, const Vec3& b) {
  return std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

// The patient position (mm) of the centroid of the voxels weighted by their values.
Vec3 weightedCentroid(const geometry::PatientVolume& volume) {
  const auto& v = volume.image;
  Vec3 index_sum{};
  double weight = 0;
  for (int k = 0; k < v.size[2]; ++k) {
    for (int j = 0; j < v.size[1]; ++j) {
      for (int i = 0; i < v.size[0]; ++i) {
        const double w = v.at(i, j, k);
        index_sum[0] += w * i;
        index_sum[1] += w * j;
        index_sum[2] += w * k;
        weight += w;
      }
    }
  }
  return volume.patientPosition(index_sum[0] / weight, index_sum[1] / weight,
                                index_sum[2] / weight);
}

Vec3 gridCentre(const geometry::PatientVolume& volume) {
  const auto& size = volume.image.size;
  return volume.patientPosition(0.5 * (size[0] - 1), 0.5 * (size[1] - 1), 0.5 * (size[2] - 1));
}

geometry::PatientVolume difference(const geometry::PatientVolume& a,
                                   const geometry::PatientVolume& b) {
  geometry::PatientVolume d = a;
  for (std::size_t i = 0; i < d.image.voxels.size(); ++i) d.image.voxels[i] -= b.image.voxels[i];
  return d;
}

TEST(ResampleOntoTest, AMarkerInAnObliqueDicomSeriesLandsAtItsPatientPosition) {
  test::TempDir dir;
  test::MrSeriesSpec spec;
  spec.rows = 40;
  spec.columns = 36;
  spec.slices = 20;
  spec.pixel_spacing_mm = {2.0, 1.5};  // between rows, between columns
  spec.slice_spacing_mm = 3.0;
  // Rows turned 30 degrees from L towards P, columns running down (S to I): an oblique sagittal.
  const double c = std::cos(std::numbers::pi / 6), s = std::sin(std::numbers::pi / 6);
  spec.image_orientation = {c, s, 0, 0, 0, -1};
  const auto scan = readDicomSeries(test::writeMrSeries(spec, dir.path()));

  // The marker's patient position from the writer's own convention (the volume centred on the
  // patient origin), independent of the reader: column 25, row 12, slice 7.
  const Vec3 row_direction{c, s, 0}, column_direction{0, 0, -1};
  const Vec3 normal{-s, c, 0};  // row x column
  const double along_row = (25 - (spec.columns - 1) / 2.0) * spec.pixel_spacing_mm[1];
  const double along_column = (12 - (spec.rows - 1) / 2.0) * spec.pixel_spacing_mm[0];
  const double along_normal = (7 - (spec.slices - 1) / 2.0) * spec.slice_spacing_mm;
  Vec3 expected{};
  for (int a = 0; a < 3; ++a) {
    expected[a] = along_row * row_direction[a] + along_column * column_direction[a] +
                  along_normal * normal[a];
  }
  geometry::PatientVolume marked = scan;
  marked.image.at(25, 12, 7) += 1000.0f;

  // A grid along the patient axes, as the working grid is, with its own spacing.
  const geometry::PatientVolume patient_grid{
      .image = geometry::Volume::zeros({64, 64, 48}, {1.7, 1.7, 2.1}),
      .origin_mm = {-0.5 * 63 * 1.7, -0.5 * 63 * 1.7, -0.5 * 47 * 2.1}};
  const auto marker_on_grid = difference(resampleOnto(marked, patient_grid, Interpolation::linear),
                                         resampleOnto(scan, patient_grid, Interpolation::linear));
  EXPECT_LT(distance(weightedCentroid(marker_on_grid), expected), 0.5 * 1.7);

  // And back onto the scan's own grid.
  const auto marker_back = resampleOnto(marker_on_grid, scan, Interpolation::linear);
  EXPECT_LT(distance(weightedCentroid(marker_back), expected), 0.5 * 1.5);
}

TEST(ResampleOntoTest, NearestKeepsLabelsAndOutsideIsZero) {
  geometry::PatientVolume source{.image = geometry::Volume::zeros({10, 10, 10}, {2, 2, 2})};
  std::fill(source.image.voxels.begin(), source.image.voxels.end(), 3.0f);
  const geometry::PatientVolume target{.image = geometry::Volume::zeros({30, 10, 10}),
                                       .origin_mm = {-5, 0, 0}};
  const auto resampled = resampleOnto(source, target, Interpolation::nearest);
  EXPECT_EQ(resampled.image.size, target.image.size);
  EXPECT_EQ(resampled.origin_mm, target.origin_mm);
  EXPECT_EQ(resampled.image.at(10, 5, 5), 3.0f);  // x = 5 mm: inside
  EXPECT_EQ(resampled.image.at(0, 5, 5), 0.0f);   // x = -5 mm: outside the source
  EXPECT_EQ(resampled.image.at(29, 5, 5), 0.0f);  // x = 24 mm: outside the source
}

TEST(ResampleOntoTest, RefusesAVolumeWhoseVoxelsDoNotMatchItsSize) {
  geometry::PatientVolume broken{.image = geometry::Volume::zeros({4, 4, 4})};
  broken.image.voxels.resize(10);
  EXPECT_THROW(resampleOnto(broken, broken, Interpolation::linear), std::runtime_error);
}

// Two visits of one synthetic patient: a different pose and scanner scale at follow-up.
struct TwoVisits {
  test::SyntheticHead baseline;
  test::SyntheticHead followup;
};

TwoVisits twoVisits() {
  // Coarse voxels keep the test fast.
  test::SyntheticHeadSpec baseline_spec;
  baseline_spec.brain_centre_mm = {8, -12, 20};
  baseline_spec.voxel_mm = {2.5, 2.5, 2.5};
  test::SyntheticHeadSpec followup_spec;
  followup_spec.brain_centre_mm = {-6, 4, 10};
  followup_spec.yaw_deg = 12;
  followup_spec.voxel_mm = {2.5, 2.5, 3.0};
  followup_spec.gain = 1.7 * baseline_spec.gain;
  followup_spec.offset = 60;
  followup_spec.seed = 2;
  return {test::makeSyntheticHead(baseline_spec), test::makeSyntheticHead(followup_spec)};
}

const TwoVisits& visits() {
  static const TwoVisits made = twoVisits();
  return made;
}

const PreparedPair& prepared() {
  static const PreparedPair pair =
      preparePair(visits().baseline.image, visits().followup.image, kGrid);
  return pair;
}

std::vector<float> sortedBrainValues(const PreparedScan& scan) {
  std::vector<float> values;
  for (std::size_t i = 0; i < scan.image.image.voxels.size(); ++i) {
    if (scan.brain_mask.image.voxels[i] > 0.5f) values.push_back(scan.image.image.voxels[i]);
  }
  std::sort(values.begin(), values.end());
  return values;
}

TEST(PreparePairTest, BothScansShareOneAxialGridShapeAndSpacing) {
  for (const PreparedScan* scan : {&prepared().baseline, &prepared().followup}) {
    EXPECT_EQ(scan->image.image.size, kGrid);
    EXPECT_EQ(scan->brain_mask.image.size, kGrid);
    EXPECT_EQ(scan->image.direction, (std::array<double, 9>{1, 0, 0, 0, 1, 0, 0, 0, 1}));
    EXPECT_EQ(scan->image.image.spacing_mm, prepared().baseline.image.image.spacing_mm);
    EXPECT_EQ(scan->brain_mask.origin_mm, scan->image.origin_mm);
  }
  const auto& spacing = prepared().baseline.image.image.spacing_mm;
  EXPECT_EQ(spacing[0], spacing[1]);  // square pixels in the axial plane
}

TEST(PreparePairTest, IntensitiesAreInUnitRangeAndZeroOutsideTheBrain) {
  for (const PreparedScan* scan : {&prepared().baseline, &prepared().followup}) {
    const auto& image = scan->image.image.voxels;
    const auto& brain = scan->brain_mask.image.voxels;
    std::size_t inside = 0;
    for (std::size_t i = 0; i < image.size(); ++i) {
      ASSERT_TRUE(brain[i] == 0.0f || brain[i] == 1.0f);
      ASSERT_GE(image[i], 0.0f);
      ASSERT_LE(image[i], 1.0f);
      if (brain[i] == 0.0f) {
        ASSERT_EQ(image[i], 0.0f);
      }
      inside += brain[i] == 1.0f;
    }
    EXPECT_GT(inside, image.size() / 10);
    // White matter, the brightest tissue of these heads, at half the unit.
    EXPECT_NEAR(sortedBrainValues(*scan)[inside * 9 / 10], 0.5, 0.05);
  }
}

TEST(PreparePairTest, TheGridIsCentredOnEachBrainAndHoldsItWithAMargin) {
  const std::array<const test::SyntheticHead*, 2> heads{&visits().baseline, &visits().followup};
  const std::array<const PreparedScan*, 2> scans{&prepared().baseline, &prepared().followup};
  for (int visit = 0; visit < 2; ++visit) {
    const auto& mask = scans[visit]->brain_mask;
    const Vec3 centre = gridCentre(mask);
    const double half_voxel = 0.5 * mask.image.spacing_mm[2];
    EXPECT_LT(distance(weightedCentroid(mask), centre), half_voxel) << "visit " << visit;
    // The brain's true centre (a known patient point) is where the grid's centre is.
    EXPECT_LT(distance(weightedCentroid(heads[visit]->brain), centre), 2 * half_voxel);

    // Every brain voxel lies inside the part of the grid that the read-out does not ignore
    // (10/256 of x and y and 10/128 of z at each border).
    const auto& size = mask.image.size;
    const std::array<double, 3> ignored{10.0 / 256, 10.0 / 256, 10.0 / 128};
    for (int k = 0; k < size[2]; ++k) {
      for (int j = 0; j < size[1]; ++j) {
        for (int i = 0; i < size[0]; ++i) {
          if (mask.image.at(i, j, k) == 0.0f) continue;
          const std::array<int, 3> index{i, j, k};
          for (int a = 0; a < 3; ++a) {
            ASSERT_GE(index[a], ignored[a] * size[a]) << "axis " << a;
            ASSERT_LT(index[a], (1 - ignored[a]) * size[a]) << "axis " << a;
          }
        }
      }
    }
  }
}

TEST(PreparePairTest, FollowUpWithAnotherGainAndOffsetMatchesTheBaselineHistogram) {
  const auto baseline = sortedBrainValues(prepared().baseline);
  const auto followup = sortedBrainValues(prepared().followup);
  for (const double q : {0.05, 0.15, 0.25, 0.35, 0.5, 0.65, 0.75, 0.85, 0.95}) {
    const float b = baseline[static_cast<std::size_t>(q * (baseline.size() - 1))];
    const float f = followup[static_cast<std::size_t>(q * (followup.size() - 1))];
    EXPECT_NEAR(f, b, 0.03) << "quantile " << q;
  }
}

TEST(PreparePairTest, WorkingGridMaskMapsBackOntoTheScan) {
  const auto back =
      resampleOnto(prepared().followup.brain_mask, visits().followup.image, Interpolation::nearest);
  EXPECT_GT(diceCoefficient(back.image, visits().followup.brain.image), 0.9);
}

TEST(PreparePairTest, RefusesATinyGridAndAScanWithoutABrain) {
  EXPECT_THROW(preparePair(visits().baseline.image, visits().followup.image, {32, 32, 4}),
               std::runtime_error);
  const geometry::PatientVolume empty = visits().baseline.image.emptyLike();
  try {
    preparePair(empty, visits().followup.image, kGrid);
    ADD_FAILURE() << "a scan without a brain was accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("no brain found in the baseline"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace everynet::engine
