#include "tests/support/mr_series_writer.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>

#include "dicom/mr_series_writer.h"
#include "tests/support/head_phantom.h"

namespace everynet::test {
namespace {

void check(const OFCondition& condition, const std::string& what) {
  if (condition.bad()) throw std::runtime_error(what + ": " + condition.text());
}

using Vector3 = std::array<double, 3>;

// Image Position (Patient) of the first slice of a volume centred on the patient origin.
Vector3 firstSlicePosition(const MrSeriesSpec& spec) {
  const auto& o = spec.image_orientation;
  const Vector3 row{o[0], o[1], o[2]};
  const Vector3 column{o[3], o[4], o[5]};
  const Vector3 normal{row[1] * column[2] - row[2] * column[1],
                       row[2] * column[0] - row[0] * column[2],
                       row[0] * column[1] - row[1] * column[0]};
  const double along_row = -(spec.columns - 1) / 2.0 * spec.pixel_spacing_mm[1];
  const double along_column = -(spec.rows - 1) / 2.0 * spec.pixel_spacing_mm[0];
  const double along_normal = -(spec.slices - 1) / 2.0 * spec.slice_spacing_mm;
  Vector3 position{};
  for (int axis = 0; axis < 3; ++axis) {
    position[axis] =
        along_row * row[axis] + along_column * column[axis] + along_normal * normal[axis];
  }
  return position;
}

std::vector<std::uint16_t> renderVolume(const MrSeriesSpec& spec) {
  const HeadPhantom phantom(
      {spec.columns * spec.pixel_spacing_mm[1], spec.rows * spec.pixel_spacing_mm[0],
       spec.slices * spec.slice_spacing_mm},
      spec.lesion_radius_mm);
  std::vector<std::uint16_t> pixels(static_cast<std::size_t>(spec.rows) * spec.columns *
                                    spec.slices);
  std::size_t index = 0;
  for (int slice = 0; slice < spec.slices; ++slice) {
    const double w = (slice - (spec.slices - 1) / 2.0) * spec.slice_spacing_mm;
    for (int row = 0; row < spec.rows; ++row) {
      const double v = (row - (spec.rows - 1) / 2.0) * spec.pixel_spacing_mm[0];
      for (int column = 0; column < spec.columns; ++column) {
        const double u = (column - (spec.columns - 1) / 2.0) * spec.pixel_spacing_mm[1];
        pixels[index++] = phantom.signalAt({u, v, w});
      }
    }
  }
  return pixels;
}

dicom::MrSeries seriesOf(const MrSeriesSpec& spec, std::vector<std::uint16_t> pixels) {
  dicom::MrSeries series;
  series.patient = {spec.patient.name, spec.patient.id, spec.patient.issuer_of_id,
                    spec.patient.birth_date, spec.patient.sex};
  series.study.instance_uid = spec.study.instance_uid;
  series.study.date = spec.study.date;
  series.study.time = spec.study.time;
  series.study.accession_number = spec.study.accession_number;
  series.study.description = spec.study.description;
  dicom::MrSeriesHeader& h = series.header;
  h.instance_uid = spec.series_instance_uid;
  h.number = spec.series_number;
  h.description = spec.series_description;
  h.protocol_name = spec.protocol_name;
  h.contrast_bolus_agent = spec.contrast_bolus_agent;
  h.image_type = spec.image_type;
  h.scanning_sequence = spec.scanning_sequence;
  h.sequence_variant = spec.sequence_variant;
  h.mr_acquisition_type = spec.mr_acquisition_type;
  h.repetition_time_ms = spec.repetition_time_ms;
  h.echo_time_ms = spec.echo_time_ms;
  h.inversion_time_ms = spec.inversion_time_ms;
  h.flip_angle_deg = spec.flip_angle_deg;
  h.magnetic_field_strength_t = spec.magnetic_field_strength_t;
  h.manufacturer = spec.manufacturer;
  h.model_name = spec.model_name;
  h.window_center = spec.window_center;
  h.window_width = spec.window_width;
  dicom::MrVolume& v = series.volume;
  v.columns = spec.columns;
  v.rows = spec.rows;
  v.slices = spec.slices;
  v.pixel_spacing_mm = spec.pixel_spacing_mm;
  v.slice_spacing_mm = spec.slice_spacing_mm;
  v.slice_thickness_mm = spec.slice_thickness_mm;
  v.image_orientation = spec.image_orientation;
  v.first_slice_position_mm = firstSlicePosition(spec);
  v.frame_of_reference_uid = spec.frame_of_reference_uid;
  v.pixels = std::move(pixels);
  return series;
}

}  // namespace

std::string newUid() {
  return dicom::newUid();
}

std::vector<std::filesystem::path> writeMrSeries(const MrSeriesSpec& spec,
                                                 const std::filesystem::path& directory) {
  if (spec.rows < 1 || spec.columns < 1 || spec.slices < 1 || spec.rows > 65535 ||
      spec.columns > 65535) {
    throw std::runtime_error("writeMrSeries: bad image size");
  }
  dicom::MrSeries series = seriesOf(spec, renderVolume(spec));
  if (spec.shuffled_file_order) {
    series.slice_of_file.resize(spec.slices);
    std::iota(series.slice_of_file.begin(), series.slice_of_file.end(), 0);
    std::shuffle(series.slice_of_file.begin(), series.slice_of_file.end(),
                 std::mt19937(spec.shuffle_seed));
  }
  return dicom::writeMrSeries(series, directory);
}

void writeMalformedInstance(const std::filesystem::path& path) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  // A valid one-slice series, written next to the target and then stripped of its UIDs.
  MrSeriesSpec spec;
  spec.rows = 8;
  spec.columns = 8;
  spec.slices = 1;
  const std::filesystem::path scratch = path.string() + ".series";
  const auto written = dicom::writeMrSeries(seriesOf(spec, renderVolume(spec)), scratch);
  DcmFileFormat file;
  check(file.loadFile(written.front().c_str()), "read " + written.front().string());
  DcmDataset& dataset = *file.getDataset();
  check(dataset.findAndDeleteElement(DCM_StudyInstanceUID), "remove Study Instance UID");
  check(dataset.findAndDeleteElement(DCM_SeriesInstanceUID), "remove Series Instance UID");
  check(file.saveFile(path.c_str(), EXS_LittleEndianExplicit), "write " + path.string());
  std::filesystem::remove_all(scratch);
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
