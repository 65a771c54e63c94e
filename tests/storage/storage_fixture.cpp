#include "storage_fixture.h"

#include <unistd.h>

namespace everynet::storage::testing {

void StorageFixture::SetUp() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  dir_ = std::filesystem::temp_directory_path() /
         ("everynet-storage-" + std::to_string(::getpid()) + "-" + info->name());
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  index_ = std::make_unique<Stores>(dir_ / "index.sqlite", Database::Access::read_write);
}

void StorageFixture::TearDown() {
  index_.reset();
  std::filesystem::remove_all(dir_);
}

IncomingInstance StorageFixture::instance(const std::string& patient, const std::string& study,
                                          const std::string& series, const std::string& sop,
                                          double received_at) {
  IncomingInstance in;
  in.patient = {patient, "HOSPITAL", "DOE^" + patient, "19700101"};
  in.study = {"1.2." + study, "20260101", "120000", "ACC" + study, "MR head"};
  in.series_instance_uid = "1.2." + study + "." + series;
  in.series.modality = "MR";
  in.series.series_description = "t1_mprage_tra_KM";
  in.series.contrast_bolus_agent = "Gadovist";
  in.series.mr_acquisition_type = "3D";
  in.series.series_number = 7;
  in.sop_instance_uid = in.series_instance_uid + "." + sop;
  in.sop_class_uid = "1.2.840.10008.5.1.4.1.1.4";
  in.transfer_syntax_uid = "1.2.840.10008.1.2.1";
  in.file_path = "instances/x/" + in.sop_instance_uid + ".dcm";
  in.file_size = 100;
  in.received_at = received_at;
  return in;
}

}  // namespace everynet::storage::testing
