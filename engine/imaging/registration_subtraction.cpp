#include "engine/imaging/registration_subtraction.h"

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

}  // namespace

geometry::Volume registeredDifferenceMap(const PreparedPair& pair) {
  const auto baseline = internal::toItk(pair.baseline.image);
  const auto followup = internal::toItk(pair.followup.image);
  const auto transform = registerRigidly(baseline, followup);

  auto resample = itk::ResampleImageFilter<ItkImage, ItkImage>::New();
  resample->SetInput(followup);
  resample->SetTransform(transform);
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
