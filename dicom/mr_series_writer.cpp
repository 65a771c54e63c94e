#include "dicom/mr_series_writer.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "dicom/internal/check.h"
#include "dicom/internal/decimal_string.h"
#include "engine/geometry/slice_stack.h"

namespace everynet::dicom {
namespace {

using geometry::Vector3;
using internal::check;

using internal::decimalString;

template <std::size_t N>
std::string decimalStrings(const std::array<double, N>& values) {
  std::string joined;
  for (const double value : values) {
    if (!joined.empty()) joined += '\\';
    joined += decimalString(value);
  }
  return joined;
}

class DatasetWriter {
 public:
  explicit DatasetWriter(DcmDataset& dataset) : dataset_(dataset) {}
  DatasetWriter& put(const DcmTagKey& tag, const std::string& value) {
    check(dataset_.putAndInsertString(tag, value.c_str()), "set " + DcmTag(tag).toString());
    return *this;
  }
  DatasetWriter& put(const DcmTagKey& tag, Uint16 value) {
    check(dataset_.putAndInsertUint16(tag, value), "set " + DcmTag(tag).toString());
    return *this;
  }

 private:
  DcmDataset& dataset_;
};

void putPatientAndStudy(DatasetWriter& out, const MrPatient& patient, const MrStudy& study,
                        const std::string& study_instance_uid) {
  out.put(DCM_SpecificCharacterSet, "ISO_IR 192")
      .put(DCM_PatientName, patient.name)
      .put(DCM_PatientID, patient.id)
      .put(DCM_IssuerOfPatientID, patient.issuer_of_id)
      .put(DCM_PatientBirthDate, patient.birth_date)
      .put(DCM_PatientSex, patient.sex)
      .put(DCM_StudyInstanceUID, study_instance_uid)
      .put(DCM_StudyDate, study.date)
      .put(DCM_StudyTime, study.time)
      .put(DCM_AccessionNumber, study.accession_number)
      .put(DCM_StudyDescription, study.description)
      .put(DCM_StudyID, study.id)
      .put(DCM_ReferringPhysicianName, "");
}

// Everything that is the same for every slice of the series.
void putSeries(DatasetWriter& out, const MrSeries& series, const std::string& series_uid,
               const std::string& frame_of_reference_uid) {
  const MrSeriesHeader& h = series.header;
  const MrVolume& v = series.volume;
  const std::string& time = h.time.empty() ? series.study.time : h.time;
  out.put(DCM_SOPClassUID, UID_MRImageStorage)
      .put(DCM_Modality, "MR")
      .put(DCM_SeriesInstanceUID, series_uid)
      .put(DCM_SeriesNumber, std::to_string(h.number))
      .put(DCM_SeriesDescription, h.description)
      .put(DCM_ProtocolName, h.protocol_name)
      .put(DCM_SeriesDate, series.study.date)
      .put(DCM_SeriesTime, time)
      .put(DCM_AcquisitionDate, series.study.date)
      .put(DCM_AcquisitionTime, time)
      .put(DCM_ContentDate, series.study.date)
      .put(DCM_ContentTime, time)
      .put(DCM_AcquisitionNumber, "1")
      .put(DCM_PatientPosition, h.patient_position)
      .put(DCM_BodyPartExamined, h.body_part_examined)
      .put(DCM_Manufacturer, h.manufacturer)
      .put(DCM_ManufacturerModelName, h.model_name)
      .put(DCM_ImageType, h.image_type)
      .put(DCM_ScanningSequence, h.scanning_sequence)
      .put(DCM_SequenceVariant, h.sequence_variant)
      .put(DCM_ScanOptions, h.scan_options)
      .put(DCM_MRAcquisitionType, h.mr_acquisition_type)
      .put(DCM_RepetitionTime, decimalString(h.repetition_time_ms))
      .put(DCM_EchoTime, decimalString(h.echo_time_ms))
      .put(DCM_EchoTrainLength, std::to_string(h.echo_train_length))
      .put(DCM_FlipAngle, decimalString(h.flip_angle_deg))
      .put(DCM_MagneticFieldStrength, decimalString(h.magnetic_field_strength_t))
      .put(DCM_ImagedNucleus, "1H")
      .put(DCM_SliceThickness, decimalString(v.slice_thickness_mm.value_or(v.slice_spacing_mm)))
      .put(DCM_SpacingBetweenSlices, decimalString(v.slice_spacing_mm))
      .put(DCM_FrameOfReferenceUID, frame_of_reference_uid)
      .put(DCM_PositionReferenceIndicator, "")
      .put(DCM_ImageOrientationPatient, decimalStrings(v.image_orientation))
      .put(DCM_PixelSpacing, decimalStrings(v.pixel_spacing_mm))
      .put(DCM_SamplesPerPixel, Uint16{1})
      .put(DCM_PhotometricInterpretation, "MONOCHROME2")
      .put(DCM_Rows, static_cast<Uint16>(v.rows))
      .put(DCM_Columns, static_cast<Uint16>(v.columns))
      .put(DCM_BitsAllocated, Uint16{16})
      .put(DCM_BitsStored, Uint16{16})
      .put(DCM_HighBit, Uint16{15})
      .put(DCM_PixelRepresentation, Uint16{0})
      .put(DCM_WindowCenter, decimalString(h.window_center))
      .put(DCM_WindowWidth, decimalString(h.window_width));
  if (h.inversion_time_ms) out.put(DCM_InversionTime, decimalString(*h.inversion_time_ms));
  if (!h.contrast_bolus_agent.empty()) out.put(DCM_ContrastBolusAgent, h.contrast_bolus_agent);
}

std::string fileName(std::size_t index, std::size_t count) {
  std::ostringstream name;
  name << "IM" << std::setw(std::max<int>(5, std::to_string(count).size())) << std::setfill('0')
       << index + 1 << ".dcm";
  return name.str();
}

void save(DcmDataset& dataset, const std::filesystem::path& path) {
  DcmFileFormat file(&dataset);
  check(file.saveFile(path.c_str(), EXS_LittleEndianExplicit, EET_ExplicitLength, EGL_recalcGL,
                      EPD_noChange, 0, 0, EWM_createNewMeta),
        "write " + path.string());
}

std::string uidOr(const std::string& given) {
  return given.empty() ? newUid() : given;
}

std::vector<int> fileOrder(const MrSeries& series) {
  const int slices = series.volume.slices;
  if (series.slice_of_file.empty()) {
    std::vector<int> order(slices);
    for (int slice = 0; slice < slices; ++slice) order[slice] = slice;
    return order;
  }
  std::vector<int> sorted = series.slice_of_file;
  std::sort(sorted.begin(), sorted.end());
  for (int slice = 0; slice < slices; ++slice) {
    if (sorted.size() != static_cast<std::size_t>(slices) || sorted[slice] != slice) {
      throw std::runtime_error("writeMrSeries: the file order must name every slice once");
    }
  }
  return series.slice_of_file;
}

void validate(const MrVolume& v) {
  if (v.rows < 1 || v.columns < 1 || v.slices < 1 || v.rows > 65535 || v.columns > 65535) {
    throw std::runtime_error("writeMrSeries: bad image size " + std::to_string(v.columns) + "x" +
                             std::to_string(v.rows) + "x" + std::to_string(v.slices));
  }
  const std::size_t expected = static_cast<std::size_t>(v.rows) * v.columns * v.slices;
  if (v.pixels.size() != expected) {
    throw std::runtime_error("writeMrSeries: " + std::to_string(v.pixels.size()) +
                             " pixels for a volume of " + std::to_string(expected));
  }
}

}  // namespace

std::string newUid() {
  char uid[100];
  return dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
}

std::vector<std::filesystem::path> writeMrSeries(const MrSeries& series,
                                                 const std::filesystem::path& directory) {
  const MrVolume& v = series.volume;
  validate(v);
  const std::vector<int> slice_of_file = fileOrder(series);
  std::filesystem::create_directories(directory);
  DcmDataset dataset;
  DatasetWriter out(dataset);
  putPatientAndStudy(out, series.patient, series.study, uidOr(series.study.instance_uid));
  putSeries(out, series, uidOr(series.header.instance_uid), uidOr(v.frame_of_reference_uid));

  const Vector3 normal = geometry::sliceNormal(v.image_orientation);
  const std::size_t slice_pixels = static_cast<std::size_t>(v.rows) * v.columns;
  std::vector<std::filesystem::path> files;
  for (std::size_t index = 0; index < slice_of_file.size(); ++index) {
    const int slice = slice_of_file[index];
    Vector3 position{};
    for (int axis = 0; axis < 3; ++axis) {
      position[axis] = v.first_slice_position_mm[axis] + slice * v.slice_spacing_mm * normal[axis];
    }
    const double location = geometry::dot(position, normal);
    out.put(DCM_SOPInstanceUID, newUid())
        .put(DCM_InstanceNumber, std::to_string(index + 1))
        .put(DCM_ImagePositionPatient, decimalStrings(position))
        .put(DCM_SliceLocation, decimalString(location));
    check(dataset.putAndInsertUint16Array(DCM_PixelData, v.pixels.data() + slice * slice_pixels,
                                          slice_pixels),
          "set Pixel Data");
    files.push_back(directory / fileName(index, slice_of_file.size()));
    save(dataset, files.back());
  }
  return files;
}

}  // namespace everynet::dicom
