// The Query/Retrieve SCP end to end: findscu at each level in both information models, wildcard,
// date range and Latin-1 queries; movescu to a storescp and to an unknown destination; getscu;
// C-CANCEL of a find and of a move; query.results_only; and Orthanc querying and retrieving through
// its REST API.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "orthanc_peer.h"
#include "service_fixture.h"
#include "tests/support/free_port.h"
#include "tests/support/test_study.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

using Answer = std::map<std::string, std::string>;  // "(0010,0010)" -> value, as findscu prints

// The pending responses findscu -v printed, each as its elements.
std::vector<Answer> answersIn(const std::string& output) {
  std::vector<Answer> answers;
  std::size_t at = 0;
  while ((at = output.find("Find Response:", at)) != std::string::npos) {
    const auto end_of_line = output.find('\n', at);
    const bool pending = output.substr(at, end_of_line - at).find("(Pending)") != std::string::npos;
    at = end_of_line;
    if (!pending) continue;
    Answer answer;
    const auto block_end = output.find("Find Response", at);
    std::size_t line = at;
    while (line < block_end && line != std::string::npos) {
      const auto next = output.find('\n', line + 1);
      const std::string text = output.substr(line + 1, next - line - 1);
      const auto tag = text.find("I: (");
      const auto open = text.find('[');
      const auto close = text.rfind(']');
      if (tag != std::string::npos) {
        answer[text.substr(tag + 3, 11)] = open != std::string::npos && close > open
                                               ? text.substr(open + 1, close - open - 1)
                                               : "";
      }
      line = next;
    }
    answers.push_back(std::move(answer));
  }
  return answers;
}

// A value without DICOM's padding to an even length: a trailing space, or NUL for UIDs (findscu
// prints the NUL of an odd-length UID).
std::string trimmed(std::string value) {
  while (!value.empty() && (value.back() == ' ' || value.back() == '\0')) value.pop_back();
  return value;
}

// An element's value in an answer, without DICOM's trailing padding; empty when absent.
std::string valueOf(const Answer& answer, const std::string& tag) {
  const auto found = answer.find(tag);
  return found == answer.end() ? std::string() : trimmed(found->second);
}

std::set<std::string> sopInstanceUidsIn(const fs::path& directory) {
  std::set<std::string> uids;
  for (const auto& entry : fs::recursive_directory_iterator(directory)) {
    if (entry.is_regular_file()) uids.insert(readSopInstanceUid(entry.path()));
  }
  return uids;
}

std::set<std::string> sopInstanceUidsOf(const std::vector<fs::path>& files,
                                        const std::string& series_folder) {
  std::set<std::string> uids;
  for (const auto& file : files) {
    if (file.parent_path().filename() == series_folder) uids.insert(readSopInstanceUid(file));
  }
  return uids;
}

constexpr const char* kT1ceFolder = "05_t1_mprage_tra_KM";
// Enough instances that a C-CANCEL sent after the first answer or sub-operation arrives long
// before the last.
constexpr int kManySlices = 80;

class QueryRetrieveTest : public ServiceFixture {
 protected:
  void storePatient(int t1ce_slices = 6) {
    TestStudyOptions options;
    options.rows = 16;
    options.t1ce_slices = t1ce_slices;
    patient_ = writeTwoTimepointPatient(dir() / "incoming", options);
    const auto sent = store({patient_.baseline.directory, patient_.followup.directory});
    ASSERT_EQ(sent.exit_code, 0) << sent.output;
  }

  std::vector<Answer> find(const std::vector<std::string>& arguments) {
    const auto result = queryTool("findscu", arguments);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("Final Find Response (Success)"), std::string::npos)
        << result.output;
    return answersIn(result.output);
  }

  std::set<std::string> t1ceUids(const TimepointStudy& study) const {
    return sopInstanceUidsOf(study.files, kT1ceFolder);
  }

  TwoTimepointPatient patient_;
};

TEST_F(QueryRetrieveTest, FindsAtEachLevelInBothModels) {
  startService();
  storePatient();
  const auto& baseline = patient_.baseline;
  const std::size_t all = baseline.files.size() + patient_.followup.files.size();

  const auto patients =
      find({"-P", "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientID=EN-0001", "-k",
            "PatientName", "-k", "NumberOfPatientRelatedStudies", "-k",
            "NumberOfPatientRelatedSeries", "-k", "NumberOfPatientRelatedInstances"});
  ASSERT_EQ(patients.size(), 1u);
  EXPECT_EQ(valueOf(patients[0], "(0010,0010)"), "Müller^Anna");
  EXPECT_EQ(valueOf(patients[0], "(0020,1200)"), "2");
  EXPECT_EQ(valueOf(patients[0], "(0020,1202)"), "12");
  EXPECT_EQ(valueOf(patients[0], "(0020,1204)"), std::to_string(all));

  const auto studies_by_patient =
      find({"-P", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=EN-0001", "-k",
            "StudyInstanceUID", "-k", "StudyDate"});
  ASSERT_EQ(studies_by_patient.size(), 2u);
  EXPECT_EQ(valueOf(studies_by_patient[0], "(0020,000d)"), baseline.study_instance_uid);
  EXPECT_EQ(valueOf(studies_by_patient[1], "(0020,000d)"), patient_.followup.study_instance_uid);

  const auto studies =
      find({"-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=mü*", "-k",
            "StudyInstanceUID", "-k", "ModalitiesInStudy", "-k", "NumberOfStudyRelatedSeries", "-k",
            "NumberOfStudyRelatedInstances", "-k", "AccessionNumber"});
  ASSERT_EQ(studies.size(), 2u) << "a case-insensitive wildcard on the name";
  EXPECT_EQ(valueOf(studies[0], "(0008,0061)"), "MR");
  EXPECT_EQ(valueOf(studies[0], "(0020,1206)"), "6");
  EXPECT_EQ(valueOf(studies[0], "(0020,1208)"), std::to_string(baseline.files.size()));
  EXPECT_EQ(valueOf(studies[0], "(0008,0050)"), "ACC20240115");

  const auto series =
      find({"-S", "-k", "QueryRetrieveLevel=SERIES", "-k",
            "StudyInstanceUID=" + baseline.study_instance_uid, "-k", "SeriesInstanceUID", "-k",
            "SeriesDescription=t1_*", "-k", "NumberOfSeriesRelatedInstances", "-k", "SeriesNumber",
            "-k", "MRAcquisitionType"});
  ASSERT_EQ(series.size(), 3u) << "t1_mprage_tra, its KM and SUB series";
  std::set<std::string> numbers;
  for (const auto& answer : series) {
    numbers.insert(valueOf(answer, "(0020,0011)"));
    EXPECT_EQ(valueOf(answer, "(0020,1209)"), "6");
    EXPECT_EQ(valueOf(answer, "(0018,0023)"), "3D") << "a key from the instance's header";
  }
  EXPECT_EQ(numbers, (std::set<std::string>{"4", "5", "6"}));

  const auto images = find({"-P", "-k", "QueryRetrieveLevel=IMAGE", "-k", "PatientID=EN-0001", "-k",
                            "StudyInstanceUID=" + baseline.study_instance_uid, "-k",
                            "SeriesInstanceUID=" + baseline.t1ce_series_uid, "-k", "SOPInstanceUID",
                            "-k", "InstanceNumber"});
  std::set<std::string> image_uids;
  for (const auto& answer : images) image_uids.insert(valueOf(answer, "(0008,0018)"));
  EXPECT_EQ(images.size(), 6u);
  EXPECT_EQ(image_uids, t1ceUids(baseline));

  const auto some_images =
      find({"-S", "-k", "QueryRetrieveLevel=IMAGE", "-k",
            "StudyInstanceUID=" + baseline.study_instance_uid, "-k",
            "SeriesInstanceUID=" + baseline.t1ce_series_uid, "-k", "InstanceNumber=2"});
  EXPECT_EQ(some_images.size(), 1u);
}

TEST_F(QueryRetrieveTest, MatchesDateRangesAndUidLists) {
  startService();
  storePatient();
  auto studies = [&](const std::string& key) {
    return find({"-S", "-k", "QueryRetrieveLevel=STUDY", "-k", key, "-k", "StudyInstanceUID"});
  };
  const auto& followup = patient_.followup.study_instance_uid;
  auto after_april = studies("StudyDate=20240401-");
  ASSERT_EQ(after_april.size(), 1u);
  EXPECT_EQ(valueOf(after_april[0], "(0020,000d)"), followup);
  EXPECT_EQ(studies("StudyDate=-20240115").size(), 1u);
  EXPECT_EQ(studies("StudyDate=20240116-20240417").size(), 0u);
  EXPECT_EQ(studies("StudyDate=20240101-20241231").size(), 2u);
  EXPECT_EQ(studies("StudyTime=1000-1100").size(), 1u);
  // The list is the only StudyInstanceUID key: a second, empty one would replace it.
  const auto listed = find(
      {"-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + followup + "\\1.2.3"});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(valueOf(listed[0], "(0020,000d)"), followup);
  EXPECT_EQ(studies("PatientName=Mu*").size(), 0u) << "no accent folding";
}

TEST_F(QueryRetrieveTest, ALatin1QueryFindsTheUtf8NameAndIsAnsweredInLatin1) {
  startService();
  storePatient();
  const auto answers =
      find({"-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "SpecificCharacterSet=ISO_IR 100", "-k",
            "PatientName=M\xfcller^Anna", "-k", "StudyInstanceUID"});
  ASSERT_EQ(answers.size(), 2u);
  for (const auto& answer : answers) {
    EXPECT_EQ(valueOf(answer, "(0008,0005)"), "ISO_IR 100");
    EXPECT_EQ(valueOf(answer, "(0010,0010)"), "M\xfcller^Anna") << "Latin-1 bytes";
  }
  const auto utf8 = find({"-S", "-k", "QueryRetrieveLevel=STUDY", "-k",
                          "SpecificCharacterSet=ISO_IR 192", "-k", "PatientName=Müller^Anna"});
  ASSERT_EQ(utf8.size(), 2u);
  EXPECT_EQ(valueOf(utf8[0], "(0008,0005)"), "ISO_IR 192");
  EXPECT_EQ(valueOf(utf8[0], "(0010,0010)"), "Müller^Anna");
}

TEST_F(QueryRetrieveTest, RefusesAnIdentifierWithoutTheHigherUniqueKeys) {
  startService();
  const auto result =
      queryTool("findscu", {"-P", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID"});
  EXPECT_NE(result.output.find("Final Find Response (Error: DataSetDoesNotMatchSOPClass)"),
            std::string::npos)
      << result.output;
  EXPECT_NE(serviceLog().find("PatientID must be one value at STUDY level"), std::string::npos);
}

class MoveDestinationTest : public QueryRetrieveTest {
 protected:
  void SetUp() override {
    QueryRetrieveTest::SetUp();
    viewer_port_ = freeTcpPort();
    setExtraConfig(
        "[[retrieve_destinations]]\nname = \"viewer\"\nae_title = \"VIEWER\"\n"
        "host = \"127.0.0.1\"\nport = " +
        std::to_string(viewer_port_) + "\n");
    fs::create_directories(dir() / "viewer");
    viewer_ = std::make_unique<Process>(
        std::vector<std::string>{"storescp", "-aet", "VIEWER", "-od", (dir() / "viewer").string(),
                                 std::to_string(viewer_port_)},
        dir() / "viewer.log");
  }

  int viewer_port_ = 0;
  std::unique_ptr<Process> viewer_;
};

TEST_F(MoveDestinationTest, MovesExactlyTheSeriesToAListedDestination) {
  startService();
  storePatient();
  const auto moved =
      queryTool("movescu", {"-S", "-aem", "VIEWER", "-k", "QueryRetrieveLevel=SERIES", "-k",
                            "StudyInstanceUID=" + patient_.followup.study_instance_uid, "-k",
                            "SeriesInstanceUID=" + patient_.followup.t1ce_series_uid});
  EXPECT_EQ(moved.exit_code, 0) << moved.output;
  EXPECT_NE(moved.output.find("Final Move Response (Success)"), std::string::npos) << moved.output;
  EXPECT_NE(moved.output.find("Move Response 5 (Pending)"), std::string::npos)
      << "a pending response after each sub-operation but the last";
  EXPECT_EQ(sopInstanceUidsIn(dir() / "viewer"), t1ceUids(patient_.followup));
  EXPECT_NE(serviceLog().find("6 instance(s), 6 completed, 0 failed, 0 warning(s)"),
            std::string::npos)
      << serviceLog();

  const auto unknown =
      queryTool("movescu", {"-S", "-aem", "NOBODY", "-k", "QueryRetrieveLevel=STUDY", "-k",
                            "StudyInstanceUID=" + patient_.followup.study_instance_uid});
  EXPECT_NE(unknown.output.find("Final Move Response (Refused: MoveDestinationUnknown)"),
            std::string::npos)
      << unknown.output;
  EXPECT_EQ(sopInstanceUidsIn(dir() / "viewer").size(), 6u) << "nothing more was sent";
}

TEST_F(MoveDestinationTest, AMoveCancelledAfterTheFirstInstanceStopsSending) {
  startService();
  storePatient(kManySlices);
  const auto cancelled = queryTool(
      "movescu", {"-S", "--cancel", "1", "-aem", "VIEWER", "-k", "QueryRetrieveLevel=SERIES", "-k",
                  "StudyInstanceUID=" + patient_.followup.study_instance_uid, "-k",
                  "SeriesInstanceUID=" + patient_.followup.t1ce_series_uid});
  EXPECT_EQ(cancelled.exit_code, 0) << cancelled.output;
  EXPECT_NE(cancelled.output.find(
                "Final Move Response (Cancel: SubOperationsTerminatedDueToCancelIndication)"),
            std::string::npos)
      << cancelled.output;
  ASSERT_TRUE(waitUntil([&] { return serviceLog().find(", cancelled") != std::string::npos; }, 10s))
      << serviceLog();
  const auto received = sopInstanceUidsIn(dir() / "viewer").size();
  EXPECT_GE(received, 1u);
  EXPECT_LT(received, static_cast<std::size_t>(kManySlices)) << "sending stopped at the cancel";
}

TEST_F(QueryRetrieveTest, AFindCancelledAfterTheFirstAnswerStopsAnswering) {
  // DCMTK sizes its sockets' buffers from TCP_BUFFER_LENGTH, which the service and findscu
  // inherit. With small ones the answers wait for findscu to read them, as on a slow network, so
  // its C-CANCEL arrives before the last; on loopback's large buffers all 80 may be sent first.
  ::setenv("TCP_BUFFER_LENGTH", "4096", 1);
  startService();
  storePatient(kManySlices);
  const auto cancelled =
      queryTool("findscu",
                {"-S", "--cancel", "1", "-k", "QueryRetrieveLevel=IMAGE", "-k",
                 "StudyInstanceUID=" + patient_.followup.study_instance_uid, "-k",
                 "SeriesInstanceUID=" + patient_.followup.t1ce_series_uid, "-k", "SOPInstanceUID"});
  ::unsetenv("TCP_BUFFER_LENGTH");
  EXPECT_EQ(cancelled.exit_code, 0) << cancelled.output;
  EXPECT_NE(cancelled.output.find("Final Find Response (Cancel"), std::string::npos)
      << cancelled.output;
  const auto answered = answersIn(cancelled.output).size();
  EXPECT_GE(answered, 1u);
  EXPECT_LT(answered, static_cast<std::size_t>(kManySlices)) << "answers stopped at the cancel";
  EXPECT_NE(serviceLog().find("cancelled after " + std::to_string(answered) + " of " +
                              std::to_string(kManySlices) + " matches"),
            std::string::npos)
      << serviceLog();
}

TEST_F(QueryRetrieveTest, GetsASeriesOnTheSameAssociation) {
  startService();
  storePatient();
  fs::create_directories(dir() / "got");
  const auto got =
      queryTool("getscu", {"-S", "-od", (dir() / "got").string(), "-k", "QueryRetrieveLevel=SERIES",
                           "-k", "StudyInstanceUID=" + patient_.baseline.study_instance_uid, "-k",
                           "SeriesInstanceUID=" + patient_.baseline.t1ce_series_uid});
  EXPECT_EQ(got.exit_code, 0) << got.output;
  EXPECT_NE(got.output.find("Received C-GET Response (Success)"), std::string::npos) << got.output;
  EXPECT_EQ(sopInstanceUidsIn(dir() / "got"), t1ceUids(patient_.baseline));
  // Receiving still works after a C-GET negotiated the SCP role for storage.
  EXPECT_EQ(store({patient_.baseline.directory}).exit_code, 0);
}

TEST_F(QueryRetrieveTest, GetsASeriesInTheCompressedSyntaxTheCallerPrefers) {
  startService();
  storePatient();
  fs::create_directories(dir() / "got");
  // +xt: the caller proposes JPEG-LS lossless before the uncompressed syntaxes; we accept it
  // (lossless first) and must encode the uncompressed stored files to it.
  const auto got = queryTool(
      "getscu", {"-S", "+xt", "-od", (dir() / "got").string(), "-k", "QueryRetrieveLevel=SERIES",
                 "-k", "StudyInstanceUID=" + patient_.baseline.study_instance_uid, "-k",
                 "SeriesInstanceUID=" + patient_.baseline.t1ce_series_uid});
  EXPECT_NE(got.output.find("Received C-GET Response (Success)"), std::string::npos) << got.output;
  EXPECT_EQ(sopInstanceUidsIn(dir() / "got"), t1ceUids(patient_.baseline));
  for (const auto& entry : fs::directory_iterator(dir() / "got")) {
    const auto dump = runCommand({"dcmdump", "-q", "+P", "0002,0010", entry.path().string()},
                                 std::chrono::seconds(10));
    EXPECT_NE(dump.output.find("JPEGLSLossless"), std::string::npos) << dump.output;
  }
}

TEST_F(QueryRetrieveTest, ResultsOnlyHidesTheInputSeries) {
  setExtraConfig("[query]\nresults_only = true\n");
  startService();
  storePatient();
  EXPECT_EQ(find({"-S", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID"}).size(), 0u);
  EXPECT_EQ(find({"-S", "-k", "QueryRetrieveLevel=SERIES", "-k",
                  "StudyInstanceUID=" + patient_.baseline.study_instance_uid})
                .size(),
            0u);
  fs::create_directories(dir() / "got");
  const auto got =
      queryTool("getscu", {"-S", "-od", (dir() / "got").string(), "-k", "QueryRetrieveLevel=SERIES",
                           "-k", "StudyInstanceUID=" + patient_.baseline.study_instance_uid, "-k",
                           "SeriesInstanceUID=" + patient_.baseline.t1ce_series_uid});
  EXPECT_TRUE(fs::is_empty(dir() / "got")) << got.output;
}

TEST_F(QueryRetrieveTest, OrthancQueriesAndRetrievesThroughItsRestApi) {
  OrthancPeer orthanc(dir() / "orthanc", port());
  setExtraConfig(
      "[[retrieve_destinations]]\nname = \"orthanc\"\nae_title = \"ORTHANC\"\n"
      "host = \"127.0.0.1\"\nport = " +
      std::to_string(orthanc.dicomPort()) + "\n");
  startService();
  storePatient();
  const auto query =
      orthanc.post("/modalities/everynet/query",
                   nlohmann::json{{"Level", "Study"},
                                  {"Query", {{"PatientID", "EN-0001"}, {"StudyDate", "20240401-"}}}}
                       .dump());
  ASSERT_TRUE(query.contains("ID")) << query.dump();
  const std::string id = query["ID"];
  const auto answers = orthanc.get("/queries/" + id + "/answers?expand");
  ASSERT_EQ(answers.size(), 1u) << answers.dump(2);
  orthanc.post("/queries/" + id + "/answers/0/retrieve",
               nlohmann::json{{"TargetAet", "ORTHANC"}, {"Synchronous", true}}.dump());
  const auto found = orthanc.post(
      "/tools/find",
      nlohmann::json{{"Level", "Instance"},
                     {"Query", {{"StudyInstanceUID", patient_.followup.study_instance_uid}}}}
          .dump());
  EXPECT_EQ(found.size(), patient_.followup.files.size()) << orthanc.log() << serviceLog();
}

}  // namespace
}  // namespace everynet::test
