#include "dicom/results/source_series.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "dicom/results/internal/result_dataset.h"
#include "engine/geometry/slice_stack.h"

namespace everynet::dicom {
namespace {

// The non-sequence attributes of the Patient, Patient Study and General Study modules.
const DcmTagKey kPatientStudyTags[] = {DCM_StudyDate,
                                       DCM_StudyTime,
                                       DCM_AccessionNumber,
                                       DCM_ReferringPhysicianName,
                                       DCM_StudyDescription,
                                       DCM_PhysiciansOfRecord,
                                       DCM_NameOfPhysiciansReadingStudy,
                                       DCM_AdmittingDiagnosesDescription,
                                       DCM_PatientName,
                                       DCM_PatientID,
                                       DCM_IssuerOfPatientID,
                                       DCM_TypeOfPatientID,
                                       DCM_PatientBirthDate,
                                       DCM_PatientBirthTime,
                                       DCM_PatientSex,
                                       DCM_QualityControlSubject,
                                       DCM_OtherPatientNames,
                                       DCM_PatientAge,
                                       DCM_PatientSize,
                                       DCM_PatientWeight,
                                       DCM_MedicalAlerts,
                                       DCM_Allergies,
                                       DCM_EthnicGroup,
                                       DCM_Occupation,
                                       DCM_SmokingStatus,
                                       DCM_AdditionalPatientHistory,
                                       DCM_PregnancyStatus,
                                       DCM_PatientSpeciesDescription,
                                       DCM_PatientSexNeutered,
                                       DCM_PatientBreedDescription,
                                       DCM_ResponsiblePerson,
                                       DCM_ResponsiblePersonRole,
                                       DCM_ResponsibleOrganization,
                                       DCM_PatientComments,
                                       DCM_PatientIdentityRemoved,
                                       DCM_DeidentificationMethod,
                                       DCM_StudyInstanceUID,
                                       DCM_StudyID,
                                       DCM_AdmissionID};

// Type 2 in those modules: written empty when the source lacks them, so results stay valid.
const DcmTagKey kRequiredTags[] = {
    DCM_PatientName,    DCM_PatientID, DCM_PatientBirthDate,       DCM_PatientSex,
    DCM_StudyDate,      DCM_StudyTime, DCM_ReferringPhysicianName, DCM_StudyID,
    DCM_AccessionNumber};

std::string rawText(DcmDataset& dataset, const DcmTagKey& tag) {
  OFString value;
  if (dataset.findAndGetOFStringArray(tag, value).bad()) return {};
  return std::string(value.c_str(), value.length());
}

std::string requiredText(DcmDataset& dataset, const DcmTagKey& tag,
                         const std::filesystem::path& file) {
  const std::string value = rawText(dataset, tag);
  if (value.empty()) {
    throw std::runtime_error(file.string() + ": no " + DcmTag(tag).getTagName());
  }
  return value;
}

template <std::size_t N>
std::array<double, N> numbers(DcmDataset& dataset, const DcmTagKey& tag,
                              const std::filesystem::path& file) {
  std::array<double, N> values{};
  for (std::size_t index = 0; index < N; ++index) {
    Float64 value = 0;
    if (dataset.findAndGetFloat64(tag, value, static_cast<unsigned long>(index)).bad()) {
      throw std::runtime_error(file.string() + ": " + DcmTag(tag).getTagName() + " needs " +
                               std::to_string(N) + " values");
    }
    values[index] = value;
  }
  return values;
}

int unsignedShort(DcmDataset& dataset, const DcmTagKey& tag, const std::filesystem::path& file) {
  Uint16 value = 0;
  if (dataset.findAndGetUint16(tag, value).bad() || value == 0) {
    throw std::runtime_error(file.string() + ": no " + DcmTag(tag).getTagName());
  }
  return value;
}

std::vector<SourceAttribute> patientStudyAttributes(DcmDataset& dataset) {
  std::vector<SourceAttribute> attributes;
  for (const DcmTagKey& tag : kPatientStudyTags) {
    DcmElement* element = nullptr;
    if (dataset.findAndGetElement(tag, element).bad() || element == nullptr) continue;
    OFString value;
    element->getOFStringArray(value);
    attributes.push_back({tag.getGroup(), tag.getElement(), element->getTag().getVRName(),
                          std::string(value.c_str(), value.length())});
  }
  for (const DcmTagKey& tag : kRequiredTags) {
    const bool present = std::any_of(attributes.begin(), attributes.end(), [&](const auto& a) {
      return a.group == tag.getGroup() && a.element == tag.getElement();
    });
    if (!present) {
      attributes.push_back({tag.getGroup(), tag.getElement(), DcmTag(tag).getVRName(), ""});
    }
  }
  std::sort(attributes.begin(), attributes.end(), [](const auto& a, const auto& b) {
    return std::pair(a.group, a.element) < std::pair(b.group, b.element);
  });
  return attributes;
}

const geometry::Vector3& positionOf(const SourceInstance& instance) {
  return instance.image_position_mm;
}

void requireSameSeries(const SourceSeries& series, DcmDataset& dataset,
                       const std::filesystem::path& file) {
  if (requiredText(dataset, DCM_SeriesInstanceUID, file) != series.series_instance_uid ||
      requiredText(dataset, DCM_StudyInstanceUID, file) != series.study_instance_uid) {
    throw std::runtime_error(file.string() + ": belongs to another series than " +
                             series.series_instance_uid);
  }
}

}  // namespace

SourceSeries readSourceSeries(const std::vector<std::filesystem::path>& files) {
  if (files.empty()) throw std::runtime_error("readSourceSeries: no files");
  SourceSeries series;
  for (const std::filesystem::path& file : files) {
    DcmFileFormat format;
    // Values longer than 4 KiB (pixel data) stay on disk: only the header is needed.
    const OFCondition loaded = format.loadFile(file.c_str(), EXS_Unknown, EGL_noChange, 4096);
    if (loaded.bad()) {
      throw std::runtime_error(file.string() + ": not a DICOM file: " + loaded.text());
    }
    DcmDataset& dataset = *format.getDataset();
    if (series.instances.empty()) {
      series.specific_character_set = rawText(dataset, DCM_SpecificCharacterSet);
      series.patient_study_attributes = patientStudyAttributes(dataset);
      series.study_instance_uid = requiredText(dataset, DCM_StudyInstanceUID, file);
      series.series_instance_uid = requiredText(dataset, DCM_SeriesInstanceUID, file);
      series.frame_of_reference_uid = requiredText(dataset, DCM_FrameOfReferenceUID, file);
      series.modality = requiredText(dataset, DCM_Modality, file);
    } else {
      requireSameSeries(series, dataset, file);
    }
    SourceInstance instance;
    instance.sop_class_uid = requiredText(dataset, DCM_SOPClassUID, file);
    instance.sop_instance_uid = requiredText(dataset, DCM_SOPInstanceUID, file);
    instance.image_position_mm = numbers<3>(dataset, DCM_ImagePositionPatient, file);
    instance.image_orientation = numbers<6>(dataset, DCM_ImageOrientationPatient, file);
    instance.pixel_spacing_mm = numbers<2>(dataset, DCM_PixelSpacing, file);
    instance.rows = unsignedShort(dataset, DCM_Rows, file);
    instance.columns = unsignedShort(dataset, DCM_Columns, file);
    series.instances.push_back(instance);
  }

  const SourceInstance& first = series.instances.front();
  for (const SourceInstance& instance : series.instances) {
    bool same = instance.rows == first.rows && instance.columns == first.columns;
    for (int index = 0; index < 6; ++index) {
      same = same &&
             std::abs(instance.image_orientation[index] - first.image_orientation[index]) < 1e-4;
    }
    if (!same) {
      throw std::runtime_error("readSourceSeries: image " + instance.sop_instance_uid +
                               " differs in size or orientation from " + first.sop_instance_uid);
    }
  }
  const geometry::Vector3 normal = geometry::sliceNormal(first.image_orientation);
  geometry::sortAlongNormal(series.instances, normal, positionOf);
  const std::vector<double> gaps = geometry::gapsAlongNormal(series.instances, normal, positionOf);
  for (std::size_t index = 1; index < series.instances.size(); ++index) {
    if (gaps[index - 1] < 1e-3) {
      throw std::runtime_error("readSourceSeries: images " +
                               series.instances[index - 1].sop_instance_uid + " and " +
                               series.instances[index].sop_instance_uid + " share a position");
    }
  }
  return series;
}

geometry::PatientVolume emptyVolumeOn(const SourceSeries& series) {
  if (series.instances.empty()) throw std::runtime_error("emptyVolumeOn: the series has no images");
  const SourceInstance& first = series.instances.front();
  const std::array<double, 9> direction = geometry::stackDirection(first.image_orientation);
  const geometry::Vector3 normal{direction[2], direction[5], direction[8]};
  double slice_spacing = first.pixel_spacing_mm[0];  // a single slice: as thick as wide
  if (series.instances.size() > 1) {
    slice_spacing = (geometry::dot(series.instances.back().image_position_mm, normal) -
                     geometry::dot(first.image_position_mm, normal)) /
                    static_cast<double>(series.instances.size() - 1);
    for (const double gap : geometry::gapsAlongNormal(series.instances, normal, positionOf)) {
      if (std::abs(gap - slice_spacing) > 0.01 * slice_spacing) {
        throw std::runtime_error("emptyVolumeOn: slices are not evenly spaced (" +
                                 std::to_string(gap) + " mm where " +
                                 std::to_string(slice_spacing) + " mm is usual)");
      }
    }
  }
  const std::array<int, 3> size{first.columns, first.rows,
                                static_cast<int>(series.instances.size())};
  const std::array<double, 3> spacing_mm{first.pixel_spacing_mm[1], first.pixel_spacing_mm[0],
                                         slice_spacing};
  return {geometry::Volume::zeros(size, spacing_mm), first.image_position_mm, direction};
}

}  // namespace everynet::dicom
