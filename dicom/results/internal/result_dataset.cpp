#include "dicom/results/internal/result_dataset.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "dicom/internal/check.h"

namespace everynet::dicom::internal {
namespace {

void fsyncPath(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("open " + path.string() + " to sync it");
  const int synced = ::fsync(fd);
  ::close(fd);
  if (synced != 0) throw std::runtime_error("fsync " + path.string());
}

}  // namespace

std::string decimalStrings(const double* values, std::size_t count) {
  std::string joined;
  for (std::size_t index = 0; index < count; ++index) {
    if (index > 0) joined += '\\';
    joined += decimalString(values[index]);
  }
  return joined;
}

void putText(DcmItem& item, const DcmTagKey& tag, const std::string& value) {
  check(item.putAndInsertString(tag, value.c_str()), "set " + DcmTag(tag).toString());
}

CreationStamp now() {
  const std::time_t seconds = std::time(nullptr);
  std::tm local{};
  localtime_r(&seconds, &local);
  char date[16];
  char time[16];
  std::strftime(date, sizeof(date), "%Y%m%d", &local);
  std::strftime(time, sizeof(time), "%H%M%S", &local);
  return {date, time};
}

void putSourceContext(DcmItem& dataset, const SourceSeries& source) {
  if (source.specific_character_set.empty()) {
    dataset.findAndDeleteElement(DCM_SpecificCharacterSet);
  } else {
    putText(dataset, DCM_SpecificCharacterSet, source.specific_character_set);
  }
  for (const SourceAttribute& attribute : source.patient_study_attributes) {
    const DcmTag tag(attribute.group, attribute.element, DcmVR(attribute.vr.c_str()));
    DcmElement* element = DcmItem::newDicomElement(tag);
    if (element == nullptr) {
      throw std::runtime_error("cannot copy " + tag.toString() + " with VR " + attribute.vr);
    }
    // The bytes as received: no character set conversion.
    const OFCondition put =
        element->putOFStringArray(OFString(attribute.value.data(), attribute.value.size()));
    if (put.bad()) delete element;
    check(put, "copy " + tag.toString());
    check(dataset.insert(element, true), "insert " + tag.toString());
  }
}

std::string seriesDescription(const std::string& what, const ResultSeriesOptions& options) {
  const std::string description =
      options.method_name.empty() ? what : what + " (" + options.method_name + ")";
  constexpr std::size_t kLongStringLength = 64;  // VR LO
  if (description.size() > kLongStringLength) {
    throw std::invalid_argument("Series Description \"" + description + "\" is longer than " +
                                std::to_string(kLongStringLength) + " characters");
  }
  return description;
}

void putResultSeries(DcmItem& dataset, const ResultSeriesOptions& options,
                     const std::string& series_instance_uid, const std::string& what,
                     const std::string& modality, const CreationStamp& stamp) {
  putText(dataset, DCM_Modality, modality);
  putText(dataset, DCM_SeriesInstanceUID, series_instance_uid);
  putText(dataset, DCM_SeriesNumber, std::to_string(options.series_number));
  putText(dataset, DCM_SeriesDescription, seriesDescription(what, options));
  putText(dataset, DCM_SeriesDate, stamp.date);
  putText(dataset, DCM_SeriesTime, stamp.time);
  putText(dataset, DCM_Manufacturer, "EveryNet");
  putText(dataset, DCM_SoftwareVersions, options.software_version);
  putText(dataset, DCM_InstanceCreationDate, stamp.date);
  putText(dataset, DCM_InstanceCreationTime, stamp.time);
  putText(dataset, DCM_ContentDate, stamp.date);
  putText(dataset, DCM_ContentTime, stamp.time);
}

void saveDurably(DcmDataset& dataset, const std::filesystem::path& path) {
  std::filesystem::path temporary = path;
  temporary.replace_filename("." + path.filename().string() + ".tmp");
  DcmFileFormat file(&dataset);
  check(file.saveFile(temporary.c_str(), EXS_LittleEndianExplicit, EET_ExplicitLength, EGL_recalcGL,
                      EPD_noChange, 0, 0, EWM_createNewMeta),
        "write " + temporary.string());
  fsyncPath(temporary, O_RDONLY);
  std::filesystem::rename(temporary, path);
  fsyncPath(path.parent_path().empty() ? "." : path.parent_path(), O_RDONLY | O_DIRECTORY);
}

void requireOnSeriesGrid(const geometry::PatientVolume& volume, const SourceSeries& series,
                         const std::string& what) {
  if (series.instances.empty()) throw std::runtime_error(what + ": the series has no images");
  const SourceInstance& first = series.instances.front();
  const std::array<int, 3> expected{first.columns, first.rows,
                                    static_cast<int>(series.instances.size())};
  if (volume.image.size != expected) {
    throw std::runtime_error(what + ": volume of " + std::to_string(volume.image.size[0]) + "x" +
                             std::to_string(volume.image.size[1]) + "x" +
                             std::to_string(volume.image.size[2]) + " voxels on a series of " +
                             std::to_string(expected[0]) + "x" + std::to_string(expected[1]) + "x" +
                             std::to_string(expected[2]));
  }
  const std::size_t voxel_count = static_cast<std::size_t>(expected[0]) * expected[1] * expected[2];
  if (volume.image.voxels.size() != voxel_count) {
    throw std::runtime_error(what + ": " + std::to_string(volume.image.voxels.size()) +
                             " voxels for a volume of " + std::to_string(voxel_count));
  }
  constexpr double kToleranceMm = 0.05;
  for (std::size_t k = 0; k < series.instances.size(); ++k) {
    const SourceInstance& instance = series.instances[k];
    for (int axis = 0; axis < 3; ++axis) {
      // Moving one voxel along i and j must move as far as the image's pixel spacing says.
      const double along_i = volume.direction[3 * axis] * volume.image.spacing_mm[0];
      const double along_j = volume.direction[3 * axis + 1] * volume.image.spacing_mm[1];
      const double position = volume.origin_mm[axis] + volume.direction[3 * axis + 2] *
                                                           volume.image.spacing_mm[2] *
                                                           static_cast<double>(k);
      if (std::abs(along_i - instance.image_orientation[axis] * instance.pixel_spacing_mm[1]) >
              1e-3 ||
          std::abs(along_j - instance.image_orientation[3 + axis] * instance.pixel_spacing_mm[0]) >
              1e-3 ||
          std::abs(position - instance.image_position_mm[axis]) > kToleranceMm) {
        throw std::runtime_error(what + ": slice " + std::to_string(k) +
                                 " does not lie on the series' image " + instance.sop_instance_uid);
      }
    }
  }
}

}  // namespace everynet::dicom::internal
