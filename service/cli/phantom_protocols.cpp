#include "service/cli/phantom_protocols.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace everynet::service {
namespace {

using engine::PhantomContrast;
using engine::SliceOrientation;

SeriesProtocol protocol(std::string description, PhantomContrast contrast,
                        std::string scanning_sequence, std::string sequence_variant,
                        std::string mr_acquisition_type, double tr, double te,
                        std::optional<double> ti, double flip, int echo_train_length) {
  SeriesProtocol p;
  p.description = std::move(description);
  p.acquisition.contrast = contrast;
  p.contrast = contrast == PhantomContrast::t1ce;
  p.scanning_sequence = std::move(scanning_sequence);
  p.sequence_variant = std::move(sequence_variant);
  p.mr_acquisition_type = std::move(mr_acquisition_type);
  p.repetition_time_ms = tr;
  p.echo_time_ms = te;
  p.inversion_time_ms = ti;
  p.flip_angle_deg = flip;
  p.echo_train_length = echo_train_length;
  return p;
}

}  // namespace

std::vector<Vendor> phantomVendors() {
  constexpr auto t1ce = PhantomContrast::t1ce;
  constexpr auto t1 = PhantomContrast::t1_native;
  constexpr auto t2 = PhantomContrast::t2;
  constexpr auto flair = PhantomContrast::flair;
  Vendor siemens{
      "SIEMENS",
      "Skyra",
      "Gadovist",
      "MRT Schaedel mit KM",
      1,
      1,
      protocol("localizer", t1, "GR", "SP", "2D", 8.6, 4, {}, 20, 1),
      protocol("t2_tse_tra", t2, "SE", "SK\\SP\\OSP", "2D", 5000, 95, {}, 150, 15),
      protocol("t2_tirm_tra_dark-fluid", flair, "SE\\IR", "SK\\SP\\MP\\OSP", "2D", 9000, 81, 2500,
               150, 16),
      protocol("t1_mprage_tra", t1, "GR\\IR", "SK\\SP\\MP", "3D", 2300, 2.32, 900, 8, 1),
      protocol("t1_mprage_tra_KM", t1ce, "GR\\IR", "SK\\SP\\MP", "3D", 2300, 2.32, 900, 8, 1),
      protocol("t1_se_tra_KM", t1ce, "SE", "SK\\SP\\OSP", "2D", 550, 9.1, {}, 90, 1)};
  Vendor ge{"GE MEDICAL SYSTEMS",
            "DISCOVERY MR750",
            "MultiHance",
            "MRI BRAIN W/WO CONTRAST",
            1,
            1,
            protocol("3-Plane Loc", t1, "GR", "SS", "2D", 5.2, 1.6, {}, 30, 1),
            protocol("Ax T2 FSE", t2, "SE", "SK", "2D", 4800, 102, {}, 111, 16),
            protocol("Ax T2 FLAIR", flair, "SE\\IR", "SK\\MP", "2D", 9500, 140, 2400, 111, 16),
            protocol("Ax 3D BRAVO", t1, "GR\\IR", "SS\\SK\\SP", "3D", 8.2, 3.2, 450, 12, 1),
            protocol("Ax 3D BRAVO +C", t1ce, "GR\\IR", "SS\\SK\\SP", "3D", 8.2, 3.2, 450, 12, 1),
            protocol("Ax T1 SE +C", t1ce, "SE", "SK", "2D", 600, 10, {}, 90, 1)};
  // Philips numbers series in hundreds; the study description tries the UTF-8 character set.
  Vendor philips{"Philips Medical Systems",
                 "Ingenia",
                 "Dotarem",
                 "MR Schädel nativ + KM",
                 101,
                 100,
                 protocol("Survey", t1, "GR", "SP", "2D", 11, 4.6, {}, 15, 1),
                 protocol("T2W_TSE", t2, "SE", "SK", "2D", 3000, 80, {}, 90, 15),
                 protocol("T2W_FLAIR", flair, "SE\\IR", "SK\\MP", "2D", 11000, 125, 2800, 90, 27),
                 protocol("T1W_3D_TFE", t1, "GR", "SK\\MP", "3D", 8.1, 3.7, {}, 8, 1),
                 protocol("T1W_3D_TFE +C", t1ce, "GR", "SK\\MP", "3D", 8.1, 3.7, {}, 8, 1),
                 protocol("T1W_SE +C", t1ce, "SE", "SK", "2D", 550, 10, {}, 90, 1)};
  siemens.localizer.image_type = "ORIGINAL\\PRIMARY\\M\\NORM\\DIS2D";
  ge.localizer.image_type = "ORIGINAL\\PRIMARY\\LOCALIZER";
  philips.localizer.image_type = "ORIGINAL\\PRIMARY\\M_FFE\\M\\FFE";
  return {siemens, ge, philips};
}

std::vector<SeriesProtocol> studyProtocols(const Vendor& vendor, double voxel_mm,
                                           const engine::PhantomAcquisition& t1ce_acquisition) {
  SeriesProtocol localizer = vendor.localizer;
  localizer.acquisition.voxel_mm = {1.25 * voxel_mm, 1.25 * voxel_mm, 8};
  localizer.acquisition.orientation = SliceOrientation::sagittal;
  localizer.acquisition.slices = 3;
  SeriesProtocol t2 = vendor.t2;
  t2.acquisition.voxel_mm = {0.9 * voxel_mm, 0.9 * voxel_mm, 5 * voxel_mm};
  SeriesProtocol flair = vendor.flair;
  flair.acquisition.voxel_mm = t2.acquisition.voxel_mm;
  SeriesProtocol t1_native = vendor.t1_native;
  t1_native.acquisition.voxel_mm = {voxel_mm, voxel_mm, voxel_mm};
  // Slices thicker than 2 mm (at voxel_mm 1), or with gaps between them, come from a 2D
  // acquisition; thinner contiguous ones from a 3D one, whatever the in-plane size.
  const bool two_d =
      t1ce_acquisition.slice_gap_mm > 0 || t1ce_acquisition.voxel_mm[2] > 2 * voxel_mm;
  SeriesProtocol t1ce = two_d ? vendor.t1ce_2d : vendor.t1ce_3d;
  t1ce.acquisition.voxel_mm = t1ce_acquisition.voxel_mm;
  t1ce.acquisition.slice_gap_mm = t1ce_acquisition.slice_gap_mm;
  std::vector<SeriesProtocol> series{localizer, t2, flair, t1_native, t1ce};
  for (std::size_t i = 0; i < series.size(); ++i) {
    series[i].number = vendor.first_series_number + static_cast<int>(i) * vendor.series_number_step;
  }
  return series;
}

std::string seriesFolderName(const SeriesProtocol& series) {
  std::string name = series.description;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  }
  char number[16];
  std::snprintf(number, sizeof number, "%02d_", series.number);
  return number + name;
}

}  // namespace everynet::service
