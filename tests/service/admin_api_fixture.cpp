#include "admin_api_fixture.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <vector>

#include "service/unix_time.h"

namespace everynet::service::admin {

namespace fs = std::filesystem;

std::uint8_t pixelByte(int slice, int x, int y, int channel) {
  return static_cast<std::uint8_t>(slice * 50 + y * 12 + x * 3 + channel);
}

Config testConfig(const fs::path& data_dir) {
  Config config;
  config.storage.data_dir = data_dir;
  config.destinations = {{"pacs", "ORTHANC", "10.0.0.5", 4242}};
  config.admin.password_hash = "secret-hash";
  config.admin.tls_key = "/etc/everynet/key.pem";
  return config;
}

storage::IncomingInstance AdminApiTest::instance(const std::string& study,
                                                 const std::string& series, int number,
                                                 double received_at) {
  storage::IncomingInstance in;
  in.patient = {"P1", "", "DOE^JANE", "19700101"};
  in.study = {"1.2." + study, study == "10" ? "20260101" : "20260301", "120000", "", "MR Brain"};
  in.series_instance_uid = "1.2." + study + "." + series;
  in.series.modality = "MR";
  in.series.series_description = "T1 MPRAGE post";
  in.series.series_number = 7;
  in.sop_instance_uid = in.series_instance_uid + "." + std::to_string(number);
  in.sop_class_uid = UID_MRImageStorage;
  in.transfer_syntax_uid = UID_LittleEndianExplicitTransferSyntax;
  in.instance_number = number;
  in.file_path = "instances/" + in.sop_instance_uid + ".dcm";
  in.received_at = received_at;
  return in;
}

std::int64_t AdminApiTest::queuedJob() {
  index_->ingest.addInstance(instance("10", "1", 1, 1000));
  const auto series_ref = index_->ingest.addInstance(instance("20", "1", 1, unixNow())).series_ref;
  patient_ref_ = index_->timelines.timelineOfSeries(series_ref).patient_ref;
  index_->jobs.enqueue(patient_ref_, "1.2.10.1", "1.2.20.1", "personal-wgan", "follow-up T1ce",
                       2000);
  return index_->jobs.jobs().back().id;
}

void AdminApiTest::writeHeatmapFile(const std::string& relative, int slice) {
  DcmFileFormat format;
  DcmDataset& d = *format.getDataset();
  char uid[100];
  d.putAndInsertString(DCM_SOPClassUID, UID_SecondaryCaptureImageStorage);
  d.putAndInsertString(DCM_SOPInstanceUID, dcmGenerateUniqueIdentifier(uid));
  d.putAndInsertUint16(DCM_Rows, kPreviewHeight);
  d.putAndInsertUint16(DCM_Columns, kPreviewWidth);
  d.putAndInsertUint16(DCM_SamplesPerPixel, 3);
  d.putAndInsertString(DCM_PhotometricInterpretation, "RGB");
  d.putAndInsertUint16(DCM_PlanarConfiguration, 0);
  d.putAndInsertUint16(DCM_BitsAllocated, 8);
  d.putAndInsertUint16(DCM_BitsStored, 8);
  d.putAndInsertUint16(DCM_HighBit, 7);
  d.putAndInsertUint16(DCM_PixelRepresentation, 0);
  std::vector<Uint8> pixels;
  for (int y = 0; y < kPreviewHeight; ++y) {
    for (int x = 0; x < kPreviewWidth; ++x) {
      for (int c = 0; c < 3; ++c) pixels.push_back(pixelByte(slice, x, y, c));
    }
  }
  d.putAndInsertUint8Array(DCM_PixelData, pixels.data(), pixels.size());
  fs::create_directories((dir_.path() / relative).parent_path());
  ASSERT_TRUE(format.saveFile((dir_.path() / relative).c_str(), EXS_LittleEndianExplicit).good());
}

void AdminApiTest::succeed(std::int64_t job_id, int heatmaps) {
  ASSERT_TRUE(index_->jobs.claimNext(2100, {"personal-wgan"}));
  index_->jobs.recordStarted(job_id, "cpu", 2100);
  storage::JobCompletion completion{
      R"json({"rano": {"class": "progression", "reason": "volume ratio 1.425 (+42.5%)"},
              "change_percent": 42.5})json",
      3.2,
      {},
      {},
      {}};
  for (int slice = heatmaps - 1; slice >= 0; --slice) {
    auto heatmap = instance("20", "900", slice + 1, 2400);
    heatmap.sop_class_uid = UID_SecondaryCaptureImageStorage;
    writeHeatmapFile(heatmap.file_path, slice);
    index_->ingest.addInstance(heatmap);
    completion.results.push_back({heatmap.sop_instance_uid, storage::ResultKind::heatmap});
  }
  index_->jobs.complete(job_id, completion, 2500);
}

}  // namespace everynet::service::admin
