// The malformed-input corpus and the raw client's encoders, without a node: enough distinct
// cases, valid cases that DCMTK reads, and encodings that say what they should.
#include "tests/support/malformed_corpus.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <set>

namespace everynet::test {
namespace {

std::string inflateRaw(const std::string& compressed) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, -15), Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char chunk[1 << 16];
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - stream.avail_out);
  }
  inflateEnd(&stream);
  EXPECT_EQ(result, Z_STREAM_END);
  return out;
}

E_TransferSyntax syntaxOfContext(std::uint8_t context) {
  switch (context) {
    case corpus_context::kImplicitLittle:
      return EXS_LittleEndianImplicit;
    case corpus_context::kExplicitLittle:
      return EXS_LittleEndianExplicit;
    case corpus_context::kExplicitBig:
      return EXS_BigEndianExplicit;
    case corpus_context::kDeflated:
      return EXS_DeflatedLittleEndianExplicit;
    case corpus_context::kJpegLossless:
      return EXS_JPEGProcess14SV1;
  }
  return EXS_Unknown;
}

TEST(MalformedCorpus, HasAtLeast200DistinctlyNamedCases) {
  const auto corpus = malformedCorpus();
  std::set<std::string> names;
  for (const auto& c : corpus) EXPECT_TRUE(names.insert(c.name).second) << c.name;
  EXPECT_GE(corpus.size(), 200u);
}

TEST(MalformedCorpus, CoversEveryKindOfMalformationTheIssueNames) {
  std::map<std::string, int> categories;
  for (const auto& c : malformedCorpus()) ++categories[c.name.substr(0, c.name.find('/'))];
  for (const char* category :
       {"association", "garbage", "pdu", "command", "uid", "vr", "odd-length", "fragments",
        "syntax", "length", "delimiter", "truncated", "deflate", "nesting"}) {
    EXPECT_GT(categories[category], 0) << category;
  }
  EXPECT_GE(categories["truncated"], 50);
}

TEST(MalformedCorpus, IsTheSameOnEveryCall) {
  const auto first = malformedCorpus();
  const auto second = malformedCorpus();
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].name, second[i].name);
    EXPECT_EQ(first[i].raw, second[i].raw) << first[i].name;
    EXPECT_EQ(first[i].store.has_value(), second[i].store.has_value()) << first[i].name;
    if (first[i].store && second[i].store) {
      EXPECT_EQ(first[i].store->dataset, second[i].store->dataset) << first[i].name;
    }
  }
}

// The cases expected to be stored must be valid, or the corpus would ask a node to store junk.
TEST(MalformedCorpus, DatasetsExpectedToBeStoredAreReadByDcmtk) {
  int checked = 0;
  for (const auto& c : malformedCorpus()) {
    if (c.expected.outcome != Outcome::stored || !c.store || !c.store->dataset) continue;
    const std::string& bytes = *c.store->dataset;
    DcmInputBufferStream in;
    in.setBuffer(bytes.data(), static_cast<offile_off_t>(bytes.size()));
    in.setEos();
    DcmDataset dataset;
    dataset.transferInit();
    const OFCondition read = dataset.read(in, syntaxOfContext(c.store->context_id));
    dataset.transferEnd();
    EXPECT_TRUE(read.good()) << c.name << ": " << read.text();
    OFString study;
    EXPECT_TRUE(dataset.findAndGetOFString(DCM_StudyInstanceUID, study).good()) << c.name;
    ++checked;
  }
  EXPECT_GE(checked, 8);
}

TEST(RawDicomEncoding, ElementsInEachEncoding) {
  const Tag rows{0x0028, 0x0010};
  EXPECT_EQ(
      element(Encoding::implicit_little, rows, "US", uint16Value(Encoding::implicit_little, 8)),
      std::string("\x28\x00\x10\x00\x02\x00\x00\x00\x08\x00", 10));
  EXPECT_EQ(
      element(Encoding::explicit_little, rows, "US", uint16Value(Encoding::explicit_little, 8)),
      std::string("\x28\x00\x10\x00US\x02\x00\x08\x00", 10));
  EXPECT_EQ(element(Encoding::explicit_big, rows, "US", uint16Value(Encoding::explicit_big, 8)),
            std::string("\x00\x28\x00\x10US\x00\x02\x00\x08", 10));
  EXPECT_EQ(elementHeader(Encoding::explicit_little, {0x7FE0, 0x0010}, "OW", 4),
            std::string("\xE0\x7F\x10\x00OW\x00\x00\x04\x00\x00\x00", 12));
  EXPECT_EQ(itemHeader(Encoding::explicit_big, kUndefinedLength),
            std::string("\xFF\xFE\xE0\x00\xFF\xFF\xFF\xFF", 8));
}

TEST(RawDicomEncoding, ZerosAfterAHeaderInflateToWhatWasDeclared) {
  const std::uint64_t zeros = (3u << 20) + 5;
  const std::string compressed = deflateRawWithZeros("header", zeros);
  EXPECT_LT(compressed.size(), 16u << 10);
  const std::string inflated = inflateRaw(compressed);
  ASSERT_EQ(inflated.size(), 6 + zeros);
  EXPECT_EQ(inflated.substr(0, 6), "header");
  EXPECT_EQ(inflated.find_first_not_of('\0', 6), std::string::npos);
}

TEST(RawDicomEncoding, CommandGroupLengthCountsTheElementsAfterIt) {
  const std::string command = cEchoCommand(7);
  ASSERT_GE(command.size(), 12u);
  const auto group_length = static_cast<std::uint32_t>(
      static_cast<unsigned char>(command[8]) | (static_cast<unsigned char>(command[9]) << 8));
  EXPECT_EQ(group_length, command.size() - 12);
}

TEST(MalformedCorpus, OutcomesAcceptOnlyWhatTheyName) {
  NodeAnswer refused;
  refused.kind = NodeAnswer::Kind::responded;
  refused.status = 0xC000;
  NodeAnswer processing_failure = refused;
  processing_failure.status = 0x0110;
  NodeAnswer aborted;
  aborted.kind = NodeAnswer::Kind::aborted;
  NodeAnswer silent;
  const Expectation malformed{Outcome::store_refused, kCannotUnderstand};
  EXPECT_TRUE(meets(malformed, refused));
  EXPECT_FALSE(meets(malformed, processing_failure));
  EXPECT_FALSE(meets(malformed, aborted));
  EXPECT_TRUE(meets({Outcome::store_refused_or_ended, kCannotUnderstand}, aborted));
  EXPECT_FALSE(meets({Outcome::node_survives, {}}, silent));
  EXPECT_TRUE(meets({Outcome::node_survives, {}}, processing_failure));
}

}  // namespace
}  // namespace everynet::test
