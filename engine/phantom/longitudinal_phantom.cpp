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
  model->course = phantom::planDiseaseCourse(options.change, model->anatomy, vessels, options.seed);
  model->baseline = phantom::makeVisit(PhantomVisit::baseline, options.change, model->anatomy,
                                       model->course, options.seed);
  model->followup = options.tumour_only
                        ? phantom::tumourOnlyFollowup(model->baseline, model->course)
                        : phantom::makeVisit(PhantomVisit::followup, options.change, model->anatomy,
                                             model->course, options.seed);
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
  const phantom::VoxelGrid baseline_grid =
      phantom::acquisitionGrid({PhantomContrast::t1ce, model_->options.baseline_voxel_mm},
                               model_->baseline.fov_centre_mm, model_->anatomy.head_extent_mm);
  phantom::ChangeMasks masks =
      phantom::changeMasks(model_->baseline, course.followup, baseline_grid);
  truth.growth = std::move(masks.growth);
  truth.reduction = std::move(masks.reduction);
  return truth;
}

PhantomPair makePhantomPair(const PhantomOptions& options) {
  const LongitudinalPhantom phantom(options);
  return {phantom.scan(PhantomVisit::baseline, {PhantomContrast::t1ce, options.baseline_voxel_mm}),
          phantom.scan(PhantomVisit::followup, {PhantomContrast::t1ce, options.followup_voxel_mm}),
          phantom.truth()};
}

}  // namespace everynet::engine
