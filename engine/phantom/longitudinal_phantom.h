#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/geometry/patient_volume.h"

namespace everynet::engine {

// What happens to the tumour between the two visits of a phantom patient.
enum class PhantomChange {
  progression,  // volume grows well past +25%
  stable,       // volume changes by a few percent
  response,     // volume shrinks well past -50%
  complete,     // the enhancing tumour is gone
  nochange,     // same tumour, nothing but acquisition differences
  new_lesion,   // the tumour is stable, a second enhancing lesion appears elsewhere
};
// Names as on the command line: progression, stable, response, complete, nochange, new.
std::optional<PhantomChange> phantomChangeByName(std::string_view name);
const char* toString(PhantomChange change);

// What the enhancing tumour looks like. Names as on the command line.
enum class PhantomTumour {
  rim,         // a bright rim around a dark necrotic core
  solid,       // enhancing throughout, no necrotic core
  multifocal,  // 2 or 3 foci close together, each rim or solid, not touching
  irregular,   // lobulated, with a rim and core
};
std::optional<PhantomTumour> phantomTumourByName(std::string_view name);
const char* toString(PhantomTumour tumour);

// Where in the brain the tumour grows. Names as on the command line.
enum class PhantomSite {
  deep,             // deep white matter, away from the brain's edge
  periventricular,  // its edge a few mm from a lateral ventricle
  cortical,         // its edge a few mm below the brain's surface, which may cut its oedema
};
std::optional<PhantomSite> phantomSiteByName(std::string_view name);
const char* toString(PhantomSite site);

enum class PhantomVisit { baseline, followup };
const char* toString(PhantomVisit visit);

// Image contrasts a visit can be acquired with, all made from the same anatomy.
enum class PhantomContrast {
  t1ce,       // T1 after gadolinium: enhancing rim and vessels brighter than white matter
  t1_native,  // the same T1 weighting before contrast
  t2,         // CSF, oedema and necrosis bright
  flair,      // T2 with CSF suppressed: oedema bright, CSF dark
};
const char* toString(PhantomContrast contrast);

enum class SliceOrientation { axial, coronal, sagittal };

// How one series is acquired.
struct PhantomAcquisition {
  PhantomContrast contrast = PhantomContrast::t1ce;
  // mm: along a row, along a column, and the slice thickness; e.g. {0.5, 0.5, 5} for a
  // thick-slice acquisition, whose slice profile is simulated by averaging.
  std::array<double, 3> voxel_mm{1, 1, 1};
  // mm between one slice's profile and the next: slices lie thickness + gap apart.
  double slice_gap_mm = 0;
  SliceOrientation orientation = SliceOrientation::axial;
  int slices = 0;  // 0: as many as cover the head
};

// The enhancing tumour's T1ce signal relative to white matter that phantoms had before the
// enhancement became an option.
inline constexpr double kDefaultTumourEnhancement = 1.75;

struct PhantomOptions {
  PhantomChange change = PhantomChange::progression;
  std::uint64_t seed = 1;
  // Colin27 from Debian's mricron-data: ch2.nii.gz (the head) and ch2bet.nii.gz (its brain).
  std::filesystem::path template_dir = "/usr/share/mricron/templates";
  // Acquisition voxel sizes of each visit's T1ce (mm; see PhantomAcquisition::voxel_mm). Larger
  // voxels make small, fast phantoms for tests.
  std::array<double, 3> baseline_voxel_mm{1, 1, 1};
  std::array<double, 3> followup_voxel_mm{1, 1, 1};
  // Gaps between the slices of each visit's T1ce (mm; see PhantomAcquisition::slice_gap_mm).
  double baseline_gap_mm = 0;
  double followup_gap_mm = 0;
  // The follow-up differs from the baseline only in its lesions and its noise: same pose, field
  // of view, gain, bias field and anatomy, no warp, same vessel enhancement. Tells what a change
  // model learns from the tumour alone from what the other differences cost it.
  bool tumour_only = false;
  // Mean T1ce signal of the enhancing tumour (the rim, or all of a solid tumour) as a multiple of
  // white matter's, at both visits: 1.75 looks like 3 T with a full dose; 1.2 is faint, as at
  // 1.5 T or with a low dose.
  double enhancement = kDefaultTumourEnhancement;
  PhantomTumour tumour = PhantomTumour::rim;
  PhantomSite site = PhantomSite::deep;
};

// Where the head lay in the scanner: rotated about its centre by these angles (degrees, about x,
// then y, then z of the patient coordinates), then moved (mm).
struct PhantomPose {
  std::array<double, 3> rotation_deg{0, 0, 0};
  std::array<double, 3> translation_mm{0, 0, 0};
};

// One series of a visit as the scanner saw it, in its own geometry (its own pose).
struct PhantomScan {
  geometry::PatientVolume image;  // MR signal, 0..4095
  // Enhancing tumour (rim and the core it encloses), 0/1, same grid
  geometry::PatientVolume tumour_mask;
  // The brain (ch2bet, moved as the anatomy moved), 0/1, same grid
  geometry::PatientVolume brain_mask;
  PhantomPose pose;
};

// The truth a change map is judged against, in the baseline's geometry.
struct PhantomTruth {
  // Enhancing tumour volumes (mL) counted on the 1 mm model grid; the follow-up's includes a new
  // lesion.
  double baseline_tumour_ml = 0;
  double followup_tumour_ml = 0;
  double new_lesion_ml = 0;
  double change_percent = 0;  // (follow-up - baseline) / baseline * 100
  std::string rano_class;     // response | stable_disease | progression
  bool new_lesion = false;
  // 0/1 on the grid of the baseline T1ce (options.baseline_voxel_mm). Growth: follow-up tumour
  // (moved to the baseline pose) outside the baseline's; reduction: baseline tumour no longer
  // there at follow-up.
  geometry::PatientVolume growth;
  geometry::PatientVolume reduction;
  // The same on the grid of the follow-up T1ce: growth is follow-up tumour outside the baseline
  // tumour moved to the follow-up's pose, reduction that moved baseline tumour no longer there.
  geometry::PatientVolume followup_growth;
  geometry::PatientVolume followup_reduction;
};

struct PhantomPair {
  PhantomScan baseline;
  PhantomScan followup;
  PhantomTruth truth;
};

// A longitudinal pair on real anatomy (Colin27): an enhancing tumour of the options' kind, site
// and enhancement (by default a bright rim around a dark core, darker oedema, in deep white
// matter) whose volume changes as `change` says, enhancing vessels, and what real
// follow-ups change besides the tumour: ventricles, mass effect around a growing tumour, a small
// smooth non-rigid warp, vessel brightness, another rigid pose, gain, bias field and noise.
// Deterministic for a seed: the same options and acquisition give the same voxels.
class LongitudinalPhantom {
 public:
  // Reads the templates and plans the disease course. Throws std::runtime_error when the
  // templates cannot be read or a voxel size is outside 0.1..20 mm.
  explicit LongitudinalPhantom(const PhantomOptions& options);
  ~LongitudinalPhantom();
  LongitudinalPhantom(LongitudinalPhantom&&) noexcept;
  LongitudinalPhantom& operator=(LongitudinalPhantom&&) noexcept;

  // One series of a visit. Every series of a visit shares its pose, anatomy, gain and bias field;
  // the noise differs between series. Throws std::runtime_error for a bad acquisition.
  PhantomScan scan(PhantomVisit visit, const PhantomAcquisition& acquisition) const;
  PhantomTruth truth() const;
  const PhantomOptions& options() const;

 private:
  struct Model;
  std::unique_ptr<const Model> model_;
};

// The T1ce acquisition of a visit as the options ask (voxel size and slice gap).
PhantomAcquisition t1ceAcquisition(const PhantomOptions& options, PhantomVisit visit);

// The two T1ce scans at the options' voxel sizes and gaps, and the truth.
PhantomPair makePhantomPair(const PhantomOptions& options);

}  // namespace everynet::engine
