#include "engine/imaging/registration_subtraction.h"

#include <itkAffineTransform.h>
#include <itkCenteredTransformInitializer.h>
#include <itkImageRegistrationMethodv4.h>
#include <itkLinearInterpolateImageFunction.h>
#include <itkMattesMutualInformationImageToImageMetricv4.h>
#include <itkRegistrationParameterScalesFromPhysicalShift.h>
#include <itkRegularStepGradientDescentOptimizerv4.h>
#include <itkResampleImageFilter.h>
#include <itkVersorRigid3DTransform.h>

#include <stdexcept>
#include <string>

#include "engine/imaging/internal/itk_image.h"

namespace everynet::engine {
namespace {

using internal::ItkImage;
using RigidTransform = itk::VersorRigid3DTransform<double>;

// Coarse to fine: images shrunk by 4, 2, 1 and smoothed by 2, 1, 0 voxels (Gaussian sigma).
constexpr unsigned kLevels = 3;
constexpr unsigned kShrinkFactors[kLevels] = {4, 2, 1};
constexpr double kSmoothingSigmasVoxels[kLevels] = {2, 1, 0};
// Mutual information from a fixed random fifth of the baseline's voxels: fast, and the same
// samples on every run.
constexpr double kSamplingFraction = 0.2;
constexpr itk::SizeValueType kSamplingSeed = 20230174;

// The rigid transform that maps baseline points onto the follow-up (ITK's fixed-to-moving
// convention, which is what resampling the follow-up onto the baseline's grid needs).
RigidTransform::Pointer registerRigidly(const ItkImage::Pointer& baseline,
                                        const ItkImage::Pointer& followup) {
  using Metric = itk::MattesMutualInformationImageToImageMetricv4<ItkImage, ItkImage>;
  using Optimizer = itk::RegularStepGradientDescentOptimizerv4<double>;
  using Registration = itk::ImageRegistrationMethodv4<ItkImage, ItkImage, RigidTransform>;

  auto transform = RigidTransform::New();
  auto initializer = itk::CenteredTransformInitializer<RigidTransform, ItkImage, ItkImage>::New();
  initializer->SetTransform(transform);
  initializer->SetFixedImage(baseline);
  initializer->SetMovingImage(followup);
  initializer->MomentsOn();
  initializer->InitializeTransform();

  auto metric = Metric::New();
  metric->SetNumberOfHistogramBins(32);

  // Scales that make a unit step of any parameter move voxels about as far: the versor's
  // rotation and the translation in mm are then stepped alike.
  auto scales = itk::RegistrationParameterScalesFromPhysicalShift<Metric>::New();
  scales->SetMetric(metric);

  auto optimizer = Optimizer::New();
  optimizer->SetScalesEstimator(scales);
  // Steps of about 1 mm, shortened by 0.8 at each turn of direction (0.5 stopped after a few
  // turns, 0.6 degrees short of the rotation in the test); at most 200 per level.
  optimizer->SetLearningRate(1.0);
  optimizer->SetMinimumStepLength(1e-4);
  optimizer->SetRelaxationFactor(0.8);
  optimizer->SetNumberOfIterations(200);

  auto registration = Registration::New();
  registration->SetFixedImage(baseline);
  registration->SetMovingImage(followup);
  registration->SetMetric(metric);
  registration->SetOptimizer(optimizer);
  registration->SetInitialTransform(transform);
  registration->InPlaceOn();
  registration->SetNumberOfLevels(kLevels);
  Registration::ShrinkFactorsArrayType shrink(kLevels);
  Registration::SmoothingSigmasArrayType sigmas(kLevels);
  for (unsigned level = 0; level < kLevels; ++level) {
    shrink[level] = kShrinkFactors[level];
    sigmas[level] = kSmoothingSigmasVoxels[level];
  }
  registration->SetShrinkFactorsPerLevel(shrink);
  registration->SetSmoothingSigmasPerLevel(sigmas);
  registration->SmoothingSigmasAreSpecifiedInPhysicalUnitsOff();
  registration->SetMetricSamplingStrategy(Registration::MetricSamplingStrategyEnum::RANDOM);
  registration->SetMetricSamplingPercentage(kSamplingFraction);
  registration->MetricSamplingReinitializeSeed(kSamplingSeed);
  try {
    registration->Update();
  } catch (const itk::ExceptionObject& error) {
    throw std::runtime_error(std::string("rigid registration of the follow-up failed: ") +
                             error.GetDescription());
  }
  return transform;
}

// The placement as an ITK transform, for resampling the follow-up onto the baseline's grid.
itk::AffineTransform<double, 3>::Pointer asItkTransform(const RigidPlacement& placement) {
  auto transform = itk::AffineTransform<double, 3>::New();
  itk::AffineTransform<double, 3>::MatrixType matrix;
  itk::AffineTransform<double, 3>::OutputVectorType offset;
  for (unsigned row = 0; row < 3; ++row) {
    for (unsigned column = 0; column < 3; ++column) {
      matrix(row, column) = placement.matrix[3 * row + column];
    }
    offset[row] = placement.offset_mm[row];
  }
  transform->SetMatrix(matrix);
  transform->SetOffset(offset);
  return transform;
}

// Applies matrix (row-major) to v.
geometry::Vector3 times(const std::array<double, 9>& matrix, const geometry::Vector3& v) {
  geometry::Vector3 out{0, 0, 0};
  for (int row = 0; row < 3; ++row) {
    for (int column = 0; column < 3; ++column) out[row] += matrix[3 * row + column] * v[column];
  }
  return out;
}

std::array<double, 9> product(const std::array<double, 9>& a, const std::array<double, 9>& b) {
  std::array<double, 9> out{};
  for (int row = 0; row < 3; ++row) {
    for (int column = 0; column < 3; ++column) {
      for (int k = 0; k < 3; ++k) out[3 * row + column] += a[3 * row + k] * b[3 * k + column];
    }
  }
  return out;
}

std::array<double, 9> transposed(const std::array<double, 9>& m) {
  return {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]};
}

}  // namespace

geometry::Vector3 RigidPlacement::followupPoint(const geometry::Vector3& baseline_point) const {
  auto p = times(matrix, baseline_point);
  for (int axis = 0; axis < 3; ++axis) p[axis] += offset_mm[axis];
  return p;
}

RigidPlacement registerFollowupRigidly(const PreparedPair& pair) {
  const auto transform =
      registerRigidly(internal::toItk(pair.baseline.image), internal::toItk(pair.followup.image));
  RigidPlacement placement;
  const auto& matrix = transform->GetMatrix();
  const auto& offset = transform->GetOffset();
  for (unsigned row = 0; row < 3; ++row) {
    for (unsigned column = 0; column < 3; ++column) {
      placement.matrix[3 * row + column] = matrix(row, column);
    }
    placement.offset_mm[row] = offset[row];
  }
  return placement;
}

// A follow-up voxel at origin + direction * s lies at M^T (origin - offset) + M^T direction * s
// in the baseline; a baseline voxel at M origin + offset + M direction * s in the follow-up.
geometry::PatientVolume placedInBaseline(const geometry::PatientVolume& followup_volume,
                                         const RigidPlacement& placement) {
  const auto inverse = transposed(placement.matrix);
  geometry::Vector3 shifted = followup_volume.origin_mm;
  for (int axis = 0; axis < 3; ++axis) shifted[axis] -= placement.offset_mm[axis];
  return {followup_volume.image, times(inverse, shifted),
          product(inverse, followup_volume.direction)};
}

geometry::PatientVolume placedInFollowup(const geometry::PatientVolume& baseline_volume,
                                         const RigidPlacement& placement) {
  return {baseline_volume.image, placement.followupPoint(baseline_volume.origin_mm),
          product(placement.matrix, baseline_volume.direction)};
}

geometry::Volume registeredDifferenceMap(const PreparedPair& pair,
                                         const RigidPlacement& placement) {
  const auto baseline = internal::toItk(pair.baseline.image);
  const auto followup = internal::toItk(pair.followup.image);

  auto resample = itk::ResampleImageFilter<ItkImage, ItkImage>::New();
  resample->SetInput(followup);
  resample->SetTransform(asItkTransform(placement));
  resample->SetInterpolator(itk::LinearInterpolateImageFunction<ItkImage, double>::New());
  resample->SetReferenceImage(baseline);
  resample->UseReferenceImageOn();
  resample->SetDefaultPixelValue(0);
  resample->Update();

  geometry::Volume map = internal::fromItk(*resample->GetOutput()).image;
  const auto& before = pair.baseline.image.image.voxels;
  for (std::size_t i = 0; i < map.voxels.size(); ++i) map.voxels[i] -= before[i];
  return map;
}

}  // namespace everynet::engine
