// Corpus cases whose C-STORE is well formed and whose dataset is not: UIDs, VRs, odd lengths,
// encapsulated fragments, transfer syntaxes, deflate, lengths, delimiters, truncation, nesting.
#include <fmt/format.h>

#include "tests/support/malformed_corpus_builder.h"

namespace everynet::test::corpus_generation {

// ---- UIDs in the dataset -------------------------------------------------------------------

void addUidCases(CorpusBuilder& b) {
  const auto uid_case = [&](std::string name, auto change) {
    const std::string id = b.nextInstanceUid();
    Elements elements = mrInstance(kExplicit, id);
    const std::string command_instance = change(elements, id);
    b.addStore("uid/" + std::move(name), corpus_context::kExplicitLittle,
               bytesOf(kExplicit, elements), command_instance, kMalformedDataset);
  };
  const auto dropping = [](Tag tag) {
    return [tag](Elements& e, const std::string& id) {
      e = without(e, tag);
      return id;
    };
  };
  const auto setting = [](Tag tag, std::string value, bool in_command_too = false) {
    return [tag, value, in_command_too](Elements& e, const std::string& id) {
      e = with(e, {tag, "UI", uidValue(value), {}});
      return in_command_too ? value : id;
    };
  };
  uid_case("missing-sop-class", dropping(tags::kSopClassUid));
  uid_case("missing-sop-instance", dropping(tags::kSopInstanceUid));
  uid_case("missing-study", dropping(tags::kStudyInstanceUid));
  uid_case("missing-series", dropping(tags::kSeriesInstanceUid));
  uid_case("sop-class-differs-from-command", setting(tags::kSopClassUid, uid::kCtImageStorage));
  uid_case("sop-instance-differs-from-command", setting(tags::kSopInstanceUid, "1.2.3.4"));
  uid_case("sop-instance-not-a-uid", setting(tags::kSopInstanceUid, "1.2.abc", true));
  uid_case("sop-instance-leading-zero", setting(tags::kSopInstanceUid, "1.02.3", true));
  uid_case("study-65-chars", setting(tags::kStudyInstanceUid, kUid65));
  uid_case("study-empty", setting(tags::kStudyInstanceUid, ""));
  uid_case("study-with-space", setting(tags::kStudyInstanceUid, "1.2.3 4"));
  uid_case("study-binary", setting(tags::kStudyInstanceUid, std::string("\x01\x02\xff\x80", 4)));
  uid_case("series-trailing-dot", setting(tags::kSeriesInstanceUid, "1.2.3."));
}

// ---- VRs and odd lengths -------------------------------------------------------------------

void addVrCases(CorpusBuilder& b) {
  const auto vr_case = [&](Encoding encoding, std::string name, Element replacement,
                           Expectation expected) {
    const std::string id = b.nextInstanceUid();
    const Elements elements = with(mrInstance(encoding, id), std::move(replacement));
    b.addStore(fmt::format("vr/{}/{}", encodingName(encoding), name), contextFor(encoding),
               bytesOf(encoding, elements), id, std::move(expected));
  };
  const std::string name = textValue("HOSTILE^VR");
  for (const Encoding encoding : {kExplicit, kBig}) {
    // Not two upper-case letters: the length that follows has no known form.
    vr_case(encoding, "nul-bytes", {tags::kPatientName, std::string(2, '\0'), name, {}},
            kMalformedDataset);
    vr_case(encoding, "lower-case", {tags::kPatientName, "pn", name, {}}, kMalformedDataset);
    // A sequence whose content is text, not items.
    vr_case(encoding, "text-as-sequence", {tags::kPatientName, "SQ", name, {}}, kMalformedDataset);
    // An unknown upper-case VR: PS3.5 gives later VRs a form a reader cannot know in advance.
    vr_case(encoding, "unknown-vr", {tags::kPatientName, "ZZ", name, {}}, kSurvives);
  }
  // Known VRs on the wrong attribute, structure intact: a lenient node may store them.
  vr_case(kExplicit, "rows-as-ul", {tags::kRows, "UL", uint32Value(kExplicit, 8), {}}, kSurvives);
  vr_case(kExplicit, "pixel-data-as-us", {tags::kPixelData, "US", std::string(128, 0), {}},
          kSurvives);
  vr_case(kExplicit, "study-uid-as-ob", {tags::kStudyInstanceUid, "OB", uidValue(kStudyUid), {}},
          kSurvives);
  const std::string un_id = b.nextInstanceUid();
  b.addStore("vr/explicit-le/study-description-as-un", corpus_context::kExplicitLittle,
             insertedBefore(kExplicit, mrInstance(kExplicit, un_id), tags::kPatientName,
                            element(kExplicit, tags::kStudyDescription, "UN", textValue("HEAD"))),
             un_id, kSurvives);
  const std::string id = b.nextInstanceUid();
  const std::string item = itemHeader(kExplicit, kUndefinedLength) +
                           element(kExplicit, tags::kReferencedSopClassUid, "UI", uidValue(id)) +
                           itemDelimiter(kExplicit) + sequenceDelimiter(kExplicit);
  b.addStore("vr/explicit-le/sop-instance-as-sequence", corpus_context::kExplicitLittle,
             bytesOf(kExplicit, with(mrInstance(kExplicit, id),
                                     {tags::kSopInstanceUid, "SQ", item, kUndefinedLength})),
             id, kMalformedDataset);
}

// Odd lengths break PS3.5 7.1.1 but keep the structure readable; a node may accept them. Odd
// fragments of encapsulated pixel data are in addEncapsulatedCases.
void addOddLengthCases(CorpusBuilder& b) {
  for (const Encoding encoding : kEncodings) {
    const std::string id = b.nextInstanceUid();
    b.addStore(fmt::format("odd-length/{}/patient-name", encodingName(encoding)),
               contextFor(encoding),
               bytesOf(encoding,
                       with(mrInstance(encoding, id), {tags::kPatientName, "PN", "ODD^NAM", {}})),
               id, kSurvives);
  }
  const std::string id = b.nextInstanceUid();
  b.addStore("odd-length/explicit-le/pixel-data", corpus_context::kExplicitLittle,
             bytesOf(kExplicit, with(mrInstance(kExplicit, id),
                                     {tags::kPixelData, "OW", std::string(127, 1), {}})),
             id, kSurvives);
  const std::string odd_id = b.nextInstanceUid() + "1";  // its length is odd
  b.addStore("odd-length/explicit-le/sop-instance-unpadded", corpus_context::kExplicitLittle,
             bytesOf(kExplicit, with(mrInstance(kExplicit, odd_id),
                                     {tags::kSopInstanceUid, "UI", odd_id, {}})),
             odd_id, kSurvives);
}

// ---- Encapsulated pixel data ---------------------------------------------------------------

void addEncapsulatedCases(CorpusBuilder& b) {
  // Pixel Data of undefined length: the offset table item, fragment items, sequence delimiter
  // (PS3.5 A.4). The fragments' bytes are not JPEG; the node stores them without decoding.
  const auto encapsulated = [&](std::string name, const std::string& fragments,
                                Expectation expected) {
    const std::string id = b.nextInstanceUid();
    const std::string dataset =
        bytesOf(kExplicit, without(mrInstance(kExplicit, id), tags::kPixelData)) +
        elementHeader(kExplicit, tags::kPixelData, "OB", kUndefinedLength) + fragments;
    b.addStore("fragments/" + std::move(name), corpus_context::kJpegLossless, dataset, id,
               std::move(expected));
  };
  const auto item = [](std::size_t size) {
    return itemHeader(kExplicit, static_cast<std::uint32_t>(size)) + std::string(size, '\x5A');
  };
  const std::string end = sequenceDelimiter(kExplicit);
  encapsulated("valid", item(0) + item(64) + end, kStored);
  // Items of odd length (PS3.5 A.4 wants them even). With one, the whole dataset is odd too, which
  // no dataset can be: the node may refuse it or end the association.
  encapsulated("odd-first-fragment", item(0) + item(63) + item(64) + end, kMalformedMessage);
  encapsulated("odd-last-fragment", item(0) + item(64) + item(63) + end, kMalformedMessage);
  encapsulated("odd-offset-table", item(3) + item(64) + end, kMalformedMessage);
  encapsulated("one-byte-fragment", item(0) + item(1) + end, kMalformedMessage);
  encapsulated("two-odd-fragments", item(0) + item(63) + item(65) + end, kMalformedDataset);
  encapsulated("fragment-past-the-end", item(0) + itemHeader(kExplicit, 64) + "0123456789",
               kMalformedDataset);
  encapsulated("unclosed", item(0) + item(64), kMalformedDataset);
  encapsulated("element-among-fragments",
               item(0) + element(kExplicit, tags::kSopClassUid, "UI", uidValue("1.2")) + end,
               kMalformedDataset);
  encapsulated("fragment-4gb", item(0) + itemHeader(kExplicit, 0xFFFFFFF0) + std::string(16, 0),
               {Outcome::store_refused, kOverLimit});
  encapsulated("fragment-of-undefined-length",
               item(0) + itemHeader(kExplicit, kUndefinedLength) + std::string(16, 0) + end,
               kMalformedDataset);
  // Native Pixel Data on an encapsulated syntax (PS3.5 A.4 wants undefined length): DCMTK reads
  // it, and a node may store it as it came.
  const std::string id = b.nextInstanceUid();
  b.addStore("fragments/defined-length-pixel-data", corpus_context::kJpegLossless,
             bytesOf(kExplicit, mrInstance(kExplicit, id)), id, kSurvives);
}

// ---- Transfer syntaxes ---------------------------------------------------------------------

// A dataset written in one syntax and sent on a context accepted with another: read as the
// context says, its lengths run past the end or its VR bytes are not VRs.
void addSyntaxMismatchCases(CorpusBuilder& b) {
  const auto mismatch = [&](std::string name, std::uint8_t context, auto bytes_for) {
    const std::string id = b.nextInstanceUid();
    b.addStore("syntax/" + std::move(name), context, bytes_for(id), id, kMalformedDataset);
  };
  const auto written_in = [](Encoding encoding) {
    return
        [encoding](const std::string& id) { return bytesOf(encoding, mrInstance(encoding, id)); };
  };
  mismatch("big-endian-on-explicit-le", corpus_context::kExplicitLittle, written_in(kBig));
  mismatch("implicit-on-explicit-le", corpus_context::kExplicitLittle, written_in(kImplicit));
  mismatch("explicit-le-on-implicit", corpus_context::kImplicitLittle, written_in(kExplicit));
  mismatch("big-endian-on-implicit", corpus_context::kImplicitLittle, written_in(kBig));
  mismatch("explicit-le-on-big-endian", corpus_context::kExplicitBig, written_in(kExplicit));
  mismatch("implicit-on-big-endian", corpus_context::kExplicitBig, written_in(kImplicit));
  mismatch("deflated-on-explicit-le", corpus_context::kExplicitLittle, [](const std::string& id) {
    return deflateRaw(bytesOf(kExplicit, mrInstance(kExplicit, id)));
  });
  mismatch("explicit-le-on-deflated", corpus_context::kDeflated, written_in(kExplicit));
  mismatch("implicit-on-deflated", corpus_context::kDeflated, written_in(kImplicit));
}

namespace {

std::string pixelDataHeaderOnly(const std::string& id, std::uint32_t pixel_bytes) {
  return bytesOf(kExplicit, without(mrInstance(kExplicit, id), tags::kPixelData)) +
         elementHeader(kExplicit, tags::kPixelData, "OW", pixel_bytes);
}

}  // namespace

void addDeflateCases(CorpusBuilder& b) {
  constexpr std::uint8_t kContext = corpus_context::kDeflated;
  const auto deflated = [&](std::string name, auto bytes_for, Expectation expected) {
    const std::string id = b.nextInstanceUid();
    b.addStore("deflate/" + std::move(name), kContext, bytes_for(id), id, std::move(expected));
  };
  const auto plain = [](const std::string& id) {
    return bytesOf(kExplicit, mrInstance(kExplicit, id));
  };
  deflated(
      "valid", [&](const std::string& id) { return deflateRaw(plain(id)); }, kStored);
  for (const int percent : {25, 50, 90}) {
    deflated(
        fmt::format("stream-cut-at-{}-percent", percent),
        [&](const std::string& id) {
          const std::string stream = deflateRaw(plain(id));
          // An even cut: an odd dataset is refused before any inflating.
          return stream.substr(0, stream.size() * static_cast<std::size_t>(percent) / 200 * 2);
        },
        kMalformedDataset);
  }
  deflated(
      "random-bytes", [](const std::string&) { return randomBytes(512, 11); }, kMalformedDataset);
  // RFC 1950's header and checksum around the stream: DICOM wants raw deflate (PS3.5 A.5).
  deflated(
      "zlib-wrapped",
      [&](const std::string& id) {
        return std::string("\x78\x9c", 2) + deflateRaw(plain(id)) + std::string(4, '\0');
      },
      kMalformedDataset);
  deflated(
      "dataset-cut-inside-pixel-data",
      [&](const std::string& id) {
        const std::string bytes = plain(id);
        return deflateRaw(bytes.substr(0, bytes.size() - 64));
      },
      kMalformedDataset);
  // Bytes after the end of the deflate stream are not part of the dataset; a node may ignore them.
  deflated(
      "bytes-after-the-stream",
      [&](const std::string& id) { return deflateRaw(plain(id)) + randomBytes(32, 5); }, kSurvives);
  // About 1 MB that inflates to 1 GiB of pixel data.
  const std::string bomb_id = b.nextInstanceUid();
  b.add({.name = "deflate/1mb-inflating-to-1gb",
         .association_request = encodeAssociateRq(corpusProposal()),
         .store = StoreMessage{.context_id = kContext,
                               .command = cStoreCommand(1, uid::kMrImageStorage, bomb_id),
                               .dataset = deflateRawWithZeros(
                                   pixelDataHeaderOnly(bomb_id, 1u << 30), 1u << 30),
                               .dataset_context_id = kContext},
         .expected = {Outcome::store_refused, kOutOfResources},
         .deadline = std::chrono::seconds(10)});
  deflated("declares-1gb-holds-128-bytes",
           [](const std::string& id) {
             return deflateRaw(pixelDataHeaderOnly(id, 1u << 30) + std::string(128, 0));
           },
           {Outcome::store_refused, kOverLimit});
}

// ---- Lengths and delimiters ----------------------------------------------------------------

void addLengthCases(CorpusBuilder& b) {
  for (const Encoding encoding : kEncodings) {
    for (const Tag tag : {tags::kPatientName, tags::kStudyInstanceUid, tags::kPixelData}) {
      const std::string id = b.nextInstanceUid();
      const Elements elements = mrInstance(encoding, id);
      const std::size_t at = indexOf(elements, tag);
      const EncodedDataset full = encode(encoding, elements);
      const std::string& vr = elements[at].vr;
      const auto rest = static_cast<std::uint32_t>(full.bytes.size() - full.starts[at] -
                                                   elementHeaderSize(encoding, vr));
      std::vector<std::pair<std::string, std::uint32_t>> lengths = {
          {"2-past-the-end", rest + 2}, {"1000-past-the-end", rest + 1000}};
      if (hasFourByteLength(encoding, vr)) {
        lengths.insert(lengths.end(), {{"2gb", 0x7FFFFFFE},
                                       {"2gb-odd", 0x7FFFFFFF},
                                       {"4gb", 0xFFFFFFF0},
                                       {"4gb-max-even", 0xFFFFFFFE},
                                       {"undefined", kUndefinedLength}});
      } else {
        lengths.emplace_back("ffff", 0xFFFF);
      }
      for (const auto& [name, length] : lengths) {
        Elements lying = elements;
        lying[at].declared_length = length;
        const bool huge = length >= 0x7FFFFFFE && length != kUndefinedLength;
        b.addStore(fmt::format("length/{}/{}-{}", encodingName(encoding), tagName(tag), name),
                   contextFor(encoding), bytesOf(encoding, lying), id,
                   huge ? Expectation{Outcome::store_refused, kOverLimit} : kMalformedDataset);
      }
    }
  }
}

void addDelimiterCases(CorpusBuilder& b) {
  for (const Encoding e : kEncodings) {
    const std::string inner =
        element(e, tags::kReferencedSopClassUid, "UI", uidValue(uid::kMrImageStorage));
    const std::string open_sequence =
        elementHeader(e, tags::kRequestAttributesSequence, "SQ", kUndefinedLength);
    const std::string open_item = itemHeader(e, kUndefinedLength);
    std::string five_open;
    for (int level = 0; level < 4; ++level) {
      five_open +=
          elementHeader(e, tags::kReferencedSeriesSequence, "SQ", kUndefinedLength) + open_item;
    }
    // The sequence comes last (its tag is above the others but Pixel Data's, which is left out),
    // so the dataset ends inside it.
    const std::vector<std::pair<std::string, std::string>> at_the_end = {
        {"sequence-and-item-open", open_sequence + open_item + inner},
        {"sequence-open-after-its-item", open_sequence + open_item + inner + itemDelimiter(e)},
        {"sequence-open-after-defined-item",
         open_sequence + itemHeader(e, static_cast<std::uint32_t>(inner.size())) + inner},
        {"sequence-open-without-items", open_sequence},
        {"item-open-in-defined-sequence",
         elementHeader(e, tags::kRequestAttributesSequence, "SQ",
                       static_cast<std::uint32_t>(8 + inner.size())) +
             open_item + inner},
        {"two-item-delimiters",
         open_sequence + open_item + inner + itemDelimiter(e) + itemDelimiter(e)},
        {"sequence-delimiter-closing-an-item",
         open_sequence + open_item + inner + sequenceDelimiter(e)},
        {"five-levels-open", open_sequence + open_item + five_open + inner},
    };
    for (const auto& [name, tail] : at_the_end) {
      const std::string id = b.nextInstanceUid();
      b.addStore(fmt::format("delimiter/{}/{}", encodingName(e), name), contextFor(e),
                 bytesOf(e, without(mrInstance(e, id), tags::kPixelData)) + tail, id,
                 kMalformedDataset);
    }
    // Delimiters and items outside any sequence.
    const std::vector<std::pair<std::string, std::string>> stray = {
        {"stray-sequence-delimiter", sequenceDelimiter(e)},
        {"stray-item-delimiter", itemDelimiter(e)},
        {"stray-item", itemHeader(e, static_cast<std::uint32_t>(inner.size())) + inner},
    };
    for (const auto& [name, inserted] : stray) {
      const std::string id = b.nextInstanceUid();
      b.addStore(fmt::format("delimiter/{}/{}", encodingName(e), name), contextFor(e),
                 insertedBefore(e, mrInstance(e, id), tags::kPatientName, inserted), id,
                 kMalformedDataset);
    }
  }
}

// Cuts strictly inside elements: in the header (after 1 byte and halfway) and halfway into the
// value. A cut between elements would leave a shorter valid dataset. A dataset cut to an odd
// length is no dataset at all (every element is even): the node may also end the association.
void addTruncationCases(CorpusBuilder& b) {
  for (const Encoding e : kEncodings) {
    const std::string id = b.nextInstanceUid();
    const Elements elements = mrInstance(e, id);
    const EncodedDataset full = encode(e, elements);
    for (std::size_t i = 0; i < elements.size(); ++i) {
      const std::size_t start = full.starts[i];
      const std::size_t header = elementHeaderSize(e, elements[i].vr);
      std::vector<std::size_t> cuts = {start + header / 2,
                                       start + header + elements[i].value.size() / 2};
      if (e == kExplicit) cuts.push_back(start + 1);
      for (const std::size_t cut : cuts) {
        b.addStore(
            fmt::format("truncated/{}/{}-at-{}", encodingName(e), tagName(elements[i].tag), cut),
            contextFor(e), full.bytes.substr(0, cut), id,
            cut % 2 == 0 ? kMalformedDataset : kMalformedMessage);
      }
    }
  }
  b.addStore("truncated/explicit-le/empty", corpus_context::kExplicitLittle, "",
             b.nextInstanceUid(), kMalformedDataset);
}

// ---- Nesting -------------------------------------------------------------------------------

namespace {

enum class Nesting { defined_length, undefined_length, unclosed };

// `depth` sequences each holding one item that holds the next, innermost one element.
std::string nestedSequences(Encoding e, std::size_t depth, Nesting form) {
  const std::string inner =
      element(e, tags::kReferencedSopClassUid, "UI", uidValue(uid::kMrImageStorage));
  const std::size_t per_level = elementHeaderSize(e, "SQ") + 8;
  std::string out;
  out.reserve(depth * (per_level + 16) + inner.size());
  for (std::size_t level = 0; level < depth; ++level) {
    std::uint32_t item_length = kUndefinedLength;
    std::uint32_t sequence_length = kUndefinedLength;
    if (form == Nesting::defined_length) {
      item_length = static_cast<std::uint32_t>((depth - level - 1) * per_level + inner.size());
      sequence_length = item_length + 8;
    }
    out += elementHeader(e, tags::kReferencedSeriesSequence, "SQ", sequence_length) +
           itemHeader(e, item_length);
  }
  out += inner;
  if (form == Nesting::undefined_length) {
    for (std::size_t level = 0; level < depth; ++level) {
      out += itemDelimiter(e) + sequenceDelimiter(e);
    }
  }
  return out;
}

std::string nestedInstance(Encoding e, const std::string& id, std::size_t depth, Nesting form) {
  return insertedBefore(e, mrInstance(e, id), tags::kPatientName, nestedSequences(e, depth, form));
}

}  // namespace

void addNestingCases(CorpusBuilder& b) {
  for (const Encoding e : kEncodings) {
    for (const Nesting form : {Nesting::defined_length, Nesting::undefined_length}) {
      // 16 levels is within the default limit of 32; the others are far beyond it.
      for (const std::size_t depth : {16, 100, 1000, 6000, 20000}) {
        const std::string id = b.nextInstanceUid();
        b.addStore(
            fmt::format("nesting/{}/{}-{}-levels", encodingName(e),
                        form == Nesting::defined_length ? "defined-length" : "undefined-length",
                        depth),
            contextFor(e), nestedInstance(e, id, depth, form), id,
            depth <= 16 ? kStored : Expectation{Outcome::store_refused, kOverLimit});
      }
    }
  }
  const std::string id = b.nextInstanceUid();
  b.addStore("nesting/explicit-le/unclosed-20000-levels", corpus_context::kExplicitLittle,
             nestedInstance(kExplicit, id, 20000, Nesting::unclosed), id,
             {Outcome::store_refused, kOverLimit});
  const std::string deflated_id = b.nextInstanceUid();
  b.addStore("nesting/deflated/20000-levels", corpus_context::kDeflated,
             deflateRaw(nestedInstance(kExplicit, deflated_id, 20000, Nesting::undefined_length)),
             deflated_id, {Outcome::store_refused, kOverLimit});
}

}  // namespace everynet::test::corpus_generation
