#include "engine/phantom/longitudinal_phantom.h"

#include "engine/phantom/internal/acquisition_grid.h"
#include "engine/phantom/internal/change_masks.h"
#include "engine/phantom/internal/disease_course.h"
#include "engine/phantom/internal/scan_renderer.h"
#include "engine/phantom/internal/vessels.h"
#include "engine/phantom/internal/visit.h"
#include "engine/readout/rano.h"

namespace everynet::engine {

using phantom::AnatomyModel;
using phantom::DiseaseCourse;
using phantom::Visit;

struct LongitudinalPhantom::Model {
  PhantomOptions options;
  AnatomyModel anatomy;
  DiseaseCourse course;
  Visit baseline;
  Visit followup;
};

namespace {

const char* ranoName(RanoClass rano_class) {
  switch (rano_class) {
    case RanoClass::response:
      return "response";
    case RanoClass::stable_disease:
      return "stable_disease";
    case RanoClass::progression:
      return "progression";
    case RanoClass::not_assessable:  // the phantom knows its volumes: never given for a truth
      return "not_assessable";
  }
  return "stable_disease";
}

// Growth and reduction on the grid of the visit's scan acquired so.
phantom::ChangeMasks changeMasksOn(const AnatomyModel& anatomy, const DiseaseCourse& course,
                                   const Visit& visit, const PhantomAcquisition& acquisition) {
  const phantom::VoxelGrid grid =
      phantom::acquisitionGrid(acquisition, visit.fov_centre_mm, anatomy.head_extent_mm);
  return phantom::changeMasks(
      visit, course.baseline, course.followup, grid,
      phantom::sliceProfileOffsets(acquisition.voxel_mm[2], grid.spacing_mm[2]));
}

}  // namespace

LongitudinalPhantom::LongitudinalPhantom(const PhantomOptions& options) {
  auto model = std::make_unique<Model>();
  model->options = options;
  // Fail on bad voxel sizes before the templates are read.
  phantom::checkVoxelSize(options.baseline_voxel_mm);
  phantom::checkVoxelSize(options.followup_voxel_mm);
  model->anatomy = AnatomyModel::load(options.template_dir);
  phantom::Random vessel_random(options.seed, "vessels");
  const auto vessels = phantom::growVessels(model->anatomy, vessel_random);
  phantom::drawVessels(vessels, model->anatomy);
  model->course = phantom::planDiseaseCourse(options, model->anatomy, vessels);
  model->baseline =
      phantom::makeVisit(PhantomVisit::baseline, options, model->anatomy, model->course);
  model->followup =
      options.tumour_only
          ? phantom::tumourOnlyFollowup(model->baseline, model->course)
          : phantom::makeVisit(PhantomVisit::followup, options, model->anatomy, model->course);
  model_ = std::move(model);
}

LongitudinalPhantom::~LongitudinalPhantom() = default;
LongitudinalPhantom::LongitudinalPhantom(LongitudinalPhantom&&) noexcept = default;
LongitudinalPhantom& LongitudinalPhantom::operator=(LongitudinalPhantom&&) noexcept = default;

const PhantomOptions& LongitudinalPhantom::options() const {
  return model_->options;
}

PhantomScan LongitudinalPhantom::scan(PhantomVisit visit,
                                      const PhantomAcquisition& acquisition) const {
  return phantom::renderScan(model_->anatomy,
                             visit == PhantomVisit::baseline ? model_->baseline : model_->followup,
                             acquisition);
}

PhantomTruth LongitudinalPhantom::truth() const {
  const DiseaseCourse& course = model_->course;
  const phantom::VoxelGrid& model_grid = model_->anatomy.grid;
  PhantomTruth truth;
  truth.baseline_tumour_ml = phantom::enhancingVolumeOnGrid(course.baseline, model_grid);
  truth.followup_tumour_ml = phantom::enhancingVolumeOnGrid(course.followup, model_grid);
  truth.new_lesion = course.new_lesion;
  if (course.new_lesion) {
    truth.new_lesion_ml = phantom::enhancingVolumeOnGrid({course.followup.back()}, model_grid);
  }
  const RanoAssessment rano =
      assessRano(truth.baseline_tumour_ml, truth.followup_tumour_ml, truth.new_lesion);
  truth.rano_class = ranoName(rano.rano_class);
  truth.change_percent = rano.change_percent;
  const PhantomOptions& options = model_->options;
  phantom::ChangeMasks on_baseline = changeMasksOn(
      model_->anatomy, course, model_->baseline, t1ceAcquisition(options, PhantomVisit::baseline));
  truth.growth = std::move(on_baseline.growth);
  truth.reduction = std::move(on_baseline.reduction);
  phantom::ChangeMasks on_followup = changeMasksOn(
      model_->anatomy, course, model_->followup, t1ceAcquisition(options, PhantomVisit::followup));
  truth.followup_growth = std::move(on_followup.growth);
  truth.followup_reduction = std::move(on_followup.reduction);
  return truth;
}

PhantomAcquisition t1ceAcquisition(const PhantomOptions& options, PhantomVisit visit) {
  PhantomAcquisition acquisition;
  const bool baseline = visit == PhantomVisit::baseline;
  acquisition.voxel_mm = baseline ? options.baseline_voxel_mm : options.followup_voxel_mm;
  acquisition.slice_gap_mm = baseline ? options.baseline_gap_mm : options.followup_gap_mm;
  return acquisition;
}

PhantomPair makePhantomPair(const PhantomOptions& options) {
  const LongitudinalPhantom phantom(options);
  return {phantom.scan(PhantomVisit::baseline, t1ceAcquisition(options, PhantomVisit::baseline)),
          phantom.scan(PhantomVisit::followup, t1ceAcquisition(options, PhantomVisit::followup)),
          phantom.truth()};
}

}  // namespace everynet::engine
