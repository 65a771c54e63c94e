#include "tests/support/mr_series_writer.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>

#include "tests/support/head_phantom.h"

namespace everynet::test {
namespace {

using Vector3 = std::array<double, 3>;

void check(const OFCondition& condition, const std::string& what) {
  if (condition.bad()) throw std::runtime_error(what + ": " + condition.text());
}

// A Decimal String value: at most 16 characters.
std::string decimalString(double value) {
  char text[32];
  for (int precision = 10; precision > 0; --precision) {
    std::snprintf(text, sizeof(text), "%.*g", precision, value);
    if (std::string(text).size() <= 16) break;
  }
  return text;
}

template <std::size_t N>
std::string decimalStrings(const std::array<double, N>& values) {
  std::string joined;
  for (const double value : values) {
    if (!joined.empty()) joined += '\\';
    joined += decimalString(value);
  }
  return joined;
}

Vector3 cross(const Vector3& a, const Vector3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

double dot(const Vector3& a, const Vector3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

// The volume's axes in patient coordinates (mm): along a row, along a column, the slice normal.
struct VolumeAxes {
  Vector3 row;
  Vector3 column;
  Vector3 normal;
};

VolumeAxes axesOf(const MrSeriesSpec& spec) {
  const auto& o = spec.image_orientation;
  const Vector3 row{o[0], o[1], o[2]};
  const Vector3 column{o[3], o[4], o[5]};
  return {row, column, cross(row, column)};
}

// Image Position (Patient) of a slice of a volume centred on the patient origin.
Vector3 imagePosition(const MrSeriesSpec& spec, const VolumeAxes& axes, int slice) {
  const double along_row = -(spec.columns - 1) / 2.0 * spec.pixel_spacing_mm[1];
  const double along_column = -(spec.rows - 1) / 2.0 * spec.pixel_spacing_mm[0];
  const double along_normal = (slice - (spec.slices - 1) / 2.0) * spec.slice_spacing_mm;
  Vector3 position{};
  for (int axis = 0; axis < 3; ++axis) {
    position[axis] = along_row * axes.row[axis] + along_column * axes.column[axis] +
                     along_normal * axes.normal[axis];
  }
  return position;
}

std::vector<Uint16> renderSlice(const MrSeriesSpec& spec, const HeadPhantom& phantom, int slice) {
  std::vector<Uint16> pixels(static_cast<std::size_t>(spec.rows) * spec.columns);
  const double w = (slice - (spec.slices - 1) / 2.0) * spec.slice_spacing_mm;
  for (int row = 0; row < spec.rows; ++row) {
    const double v = (row - (spec.rows - 1) / 2.0) * spec.pixel_spacing_mm[0];
    for (int column = 0; column < spec.columns; ++column) {
      const double u = (column - (spec.columns - 1) / 2.0) * spec.pixel_spacing_mm[1];
      pixels[static_cast<std::size_t>(row) * spec.columns + column] = phantom.signalAt({u, v, w});
    }
  }
  return pixels;
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

void putPatientAndStudy(DatasetWriter& out, const PatientSpec& patient, const StudySpec& study,
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
      .put(DCM_StudyID, "1")
      .put(DCM_ReferringPhysicianName, "");
}

// Everything that is the same for every slice of the series.
void putSeries(DatasetWriter& out, const MrSeriesSpec& spec, const std::string& series_uid,
               const std::string& frame_of_reference_uid) {
  out.put(DCM_SOPClassUID, UID_MRImageStorage)
      .put(DCM_Modality, "MR")
      .put(DCM_SeriesInstanceUID, series_uid)
      .put(DCM_SeriesNumber, std::to_string(spec.series_number))
      .put(DCM_SeriesDescription, spec.series_description)
      .put(DCM_ProtocolName, spec.protocol_name)
      .put(DCM_SeriesDate, spec.study.date)
      .put(DCM_SeriesTime, spec.study.time)
      .put(DCM_ContentDate, spec.study.date)
      .put(DCM_ContentTime, spec.study.time)
      .put(DCM_PatientPosition, "HFS")
      .put(DCM_BodyPartExamined, "HEAD")
      .put(DCM_Manufacturer, spec.manufacturer)
      .put(DCM_ManufacturerModelName, spec.model_name)
      .put(DCM_ImageType, spec.image_type)
      .put(DCM_ScanningSequence, spec.scanning_sequence)
      .put(DCM_SequenceVariant, spec.sequence_variant)
      .put(DCM_ScanOptions, "")
      .put(DCM_MRAcquisitionType, spec.mr_acquisition_type)
      .put(DCM_RepetitionTime, decimalString(spec.repetition_time_ms))
      .put(DCM_EchoTime, decimalString(spec.echo_time_ms))
      .put(DCM_EchoTrainLength, "1")
      .put(DCM_FlipAngle, decimalString(spec.flip_angle_deg))
      .put(DCM_MagneticFieldStrength, decimalString(spec.magnetic_field_strength_t))
      .put(DCM_ImagedNucleus, "1H")
      .put(DCM_SliceThickness,
           decimalString(spec.slice_thickness_mm.value_or(spec.slice_spacing_mm)))
      .put(DCM_SpacingBetweenSlices, decimalString(spec.slice_spacing_mm))
      .put(DCM_FrameOfReferenceUID, frame_of_reference_uid)
      .put(DCM_PositionReferenceIndicator, "")
      .put(DCM_ImageOrientationPatient, decimalStrings(spec.image_orientation))
      .put(DCM_PixelSpacing, decimalStrings(spec.pixel_spacing_mm))
      .put(DCM_SamplesPerPixel, Uint16{1})
      .put(DCM_PhotometricInterpretation, "MONOCHROME2")
      .put(DCM_Rows, static_cast<Uint16>(spec.rows))
      .put(DCM_Columns, static_cast<Uint16>(spec.columns))
      .put(DCM_BitsAllocated, Uint16{16})
      .put(DCM_BitsStored, Uint16{16})
      .put(DCM_HighBit, Uint16{15})
      .put(DCM_PixelRepresentation, Uint16{0})
      .put(DCM_WindowCenter, decimalString(spec.window_center))
      .put(DCM_WindowWidth, decimalString(spec.window_width));
  if (spec.inversion_time_ms) out.put(DCM_InversionTime, decimalString(*spec.inversion_time_ms));
  if (!spec.contrast_bolus_agent.empty()) out.put(DCM_ContrastBolusAgent, spec.contrast_bolus_agent);
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

std::string uidOr(const std::string& given) { return given.empty() ? newUid() : given; }

}  // namespace

std::string newUid() {
  char uid[100];
  return dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
}

std::vector<std::filesystem::path> writeMrSeries(const MrSeriesSpec& spec,
                                                 const std::filesystem::path& directory) {
  if (spec.rows < 1 || spec.columns < 1 || spec.slices < 1 || spec.rows > 65535 ||
      spec.columns > 65535) {
    throw std::invalid_argument("writeMrSeries: bad image size");
  }
  std::filesystem::create_directories(directory);
  DcmDataset series;
  DatasetWriter out(series);
  putPatientAndStudy(out, spec.patient, spec.study, uidOr(spec.study.instance_uid));
  putSeries(out, spec, uidOr(spec.series_instance_uid), uidOr(spec.frame_of_reference_uid));

  std::vector<int> slice_of_file(spec.slices);
  std::iota(slice_of_file.begin(), slice_of_file.end(), 0);
  if (spec.shuffled_file_order) {
    std::shuffle(slice_of_file.begin(), slice_of_file.end(), std::mt19937(spec.shuffle_seed));
  }
  const VolumeAxes axes = axesOf(spec);
  const HeadPhantom phantom({spec.columns * spec.pixel_spacing_mm[1],
                             spec.rows * spec.pixel_spacing_mm[0],
                             spec.slices * spec.slice_spacing_mm},
                            spec.lesion_radius_mm);
  std::vector<std::filesystem::path> files;
  for (std::size_t index = 0; index < slice_of_file.size(); ++index) {
    const int slice = slice_of_file[index];
    const Vector3 position = imagePosition(spec, axes, slice);
    const auto pixels = renderSlice(spec, phantom, slice);
    out.put(DCM_SOPInstanceUID, newUid())
        .put(DCM_InstanceNumber, std::to_string(index + 1))
        .put(DCM_ImagePositionPatient, decimalStrings(position))
        .put(DCM_SliceLocation, decimalString(dot(position, axes.normal)));
    check(series.putAndInsertUint16Array(DCM_PixelData, pixels.data(), pixels.size()),
          "set Pixel Data");
    files.push_back(directory / fileName(index, slice_of_file.size()));
    save(series, files.back());
  }
  return files;
}

void writeMalformedInstance(const std::filesystem::path& path) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  MrSeriesSpec spec;
  spec.rows = 8;
  spec.columns = 8;
  DcmDataset dataset;
  DatasetWriter out(dataset);
  putPatientAndStudy(out, spec.patient, spec.study, newUid());
  putSeries(out, spec, newUid(), newUid());
  out.put(DCM_SOPInstanceUID, newUid()).put(DCM_InstanceNumber, "1");
  const std::vector<Uint16> pixels(64, 0);
  check(dataset.putAndInsertUint16Array(DCM_PixelData, pixels.data(), pixels.size()),
        "set Pixel Data");
  check(dataset.findAndDeleteElement(DCM_StudyInstanceUID), "remove Study Instance UID");
  check(dataset.findAndDeleteElement(DCM_SeriesInstanceUID), "remove Series Instance UID");
  save(dataset, path);
}

std::string readSopInstanceUid(const std::filesystem::path& path) {
  DcmFileFormat file;
  check(file.loadFile(path.c_str()), "read " + path.string());
  OFString uid;
  check(file.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, uid),
        "SOP Instance UID of " + path.string());
  return uid.c_str();
}

}  // namespace everynet::test
