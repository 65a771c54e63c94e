// Corpus cases that break the upper layer and DIMSE: association requests, bytes that are no
// PDU, PDUs out of place or of impossible lengths, and command sets.
#include <fmt/format.h>

#include "tests/support/malformed_corpus_builder.h"

namespace everynet::test::corpus_generation {

// ---- Association requests ------------------------------------------------------------------

namespace {

// What the request proposes: contexts, AE titles, maximum PDU length, syntaxes.
void addProposalCases(CorpusBuilder& b, const std::string& valid) {
  const auto variant = [](auto change) {
    AssociationProposal proposal = corpusProposal();
    change(proposal);
    return encodeAssociateRq(proposal);
  };
  b.addAssociation("association/valid", valid, {Outcome::association_accepted, {}});
  b.addAssociation("association/128-contexts", variant([](AssociationProposal& p) {
                     p.contexts = {{1, uid::kVerification, {uid::kImplicitVrLittleEndian}}};
                     for (int id = 3; id <= 255; id += 2) {
                       p.contexts.push_back({static_cast<std::uint8_t>(id),
                                             uid::kMrImageStorage,
                                             {uid::kExplicitVrLittleEndian}});
                     }
                   }),
                   {Outcome::association_accepted, {}});
  // Context IDs are odd bytes: 200 contexts must repeat some, and PS3.8 names no answer to that.
  b.addAssociation("association/200-contexts", variant([](AssociationProposal& p) {
                     p.contexts = {{1, uid::kVerification, {uid::kImplicitVrLittleEndian}}};
                     for (int i = 1; i < 200; ++i) {
                       p.contexts.push_back({static_cast<std::uint8_t>((2 * i + 1) % 256),
                                             uid::kMrImageStorage,
                                             {uid::kExplicitVrLittleEndian}});
                     }
                   }),
                   kSurvives);
  b.addAssociation("association/no-contexts",
                   variant([](AssociationProposal& p) { p.contexts.clear(); }), kNoAssociation);
  b.addAssociation("association/wrong-called-ae",
                   variant([](AssociationProposal& p) { p.called_ae = "NOT_US"; }),
                   {Outcome::association_rejected, {}});
  b.addAssociation("association/blank-called-ae",
                   variant([](AssociationProposal& p) { p.called_ae = ""; }),
                   {Outcome::association_rejected, {}});
  b.addAssociation("association/max-pdu-length-0-means-no-limit",
                   variant([](AssociationProposal& p) { p.max_pdu_length = 0; }),
                   {Outcome::association_accepted, {}});
  // Requests a node may accept or refuse; it must answer either way.
  b.addAssociation("association/unknown-abstract-syntax-only", variant([](AssociationProposal& p) {
                     p.contexts = {{1, "1.2.3.4.5", {uid::kImplicitVrLittleEndian}}};
                   }),
                   kSurvives);
  b.addAssociation("association/protocol-version-0",
                   variant([](AssociationProposal& p) { p.protocol_version = 0; }), kSurvives);
  b.addAssociation("association/control-characters-in-calling-ae",
                   variant([](AssociationProposal& p) { p.calling_ae = "EVIL\n\x1b[31mAE"; }),
                   kSurvives);
  b.addAssociation("association/wrong-application-context",
                   variant([](AssociationProposal& p) { p.application_context = "1.2.3"; }),
                   kSurvives);
  b.addAssociation("association/max-pdu-length-1",
                   variant([](AssociationProposal& p) { p.max_pdu_length = 1; }), kSurvives);
  b.addAssociation("association/abstract-syntax-65-chars", variant([](AssociationProposal& p) {
                     p.contexts.push_back({13, kUid65, {uid::kExplicitVrLittleEndian}});
                   }),
                   kSurvives);
  b.addAssociation("association/empty-transfer-syntax", variant([](AssociationProposal& p) {
                     p.contexts.push_back({13, uid::kMrImageStorage, {""}});
                   }),
                   kSurvives);
  b.addAssociation(
      "association/even-context-id", variant([](AssociationProposal& p) {
        p.contexts.push_back({14, uid::kCtImageStorage, {uid::kImplicitVrLittleEndian}});
      }),
      kSurvives);
}

// The request's items: unknown or missing, cut short, or longer than what holds them.
void addItemLayoutCases(CorpusBuilder& b, const std::string& valid) {
  // Our request's layout: 6-byte PDU header, 68 fixed bytes, the application context item
  // (4 + 21), then the first presentation context item; the user information item last.
  constexpr std::size_t kFirstContext = 6 + 68 + 4 + 21;
  const std::size_t user_information =
      valid.size() - (4 + 8 + 4 + corpusProposal().implementation_class_uid.size());
  {
    std::string unknown_item = valid + std::string("\x99\0\0\x02xy", 6);
    setBigEndian32(unknown_item, 2, static_cast<std::uint32_t>(unknown_item.size() - 6));
    b.addAssociation("association/unknown-item-type", unknown_item, kSurvives);
    std::string no_user_information = valid.substr(0, user_information);
    setBigEndian32(no_user_information, 2,
                   static_cast<std::uint32_t>(no_user_information.size() - 6));
    b.addAssociation("association/no-user-information", no_user_information, kSurvives);
  }
  for (const std::size_t cut : {1, 5, 6, 10, 40, 74, 99, 110, static_cast<int>(valid.size()) - 1}) {
    b.addAssociation(fmt::format("association/truncated-at-{}", cut), valid.substr(0, cut),
                     kNoAssociation, true);
  }
  for (const std::size_t cut : {36, 80, 105, static_cast<int>(valid.size()) - 5}) {
    std::string cut_request = valid.substr(0, cut);
    setBigEndian32(cut_request, 2, static_cast<std::uint32_t>(cut - 6));
    b.addAssociation(fmt::format("association/items-cut-at-{}", cut), cut_request, kNoAssociation);
  }
  const auto with_length = [&](std::size_t at, std::uint16_t length) {
    std::string changed = valid;
    setBigEndian16(changed, at, length);
    return changed;
  };
  b.addAssociation("association/context-item-length-ffff", with_length(kFirstContext + 2, 0xFFFF),
                   kNoAssociation);
  b.addAssociation("association/abstract-syntax-past-its-context",
                   with_length(kFirstContext + 8 + 2, 0x0FFF), kNoAssociation);
  b.addAssociation("association/user-information-past-the-end",
                   with_length(user_information + 2, 0x7FFF), kNoAssociation);
  b.addAssociation("association/max-length-item-past-the-end",
                   with_length(user_information + 6, 0x7FFF), kNoAssociation);
}

// The PDU length of the request.
void addRequestLengthCases(CorpusBuilder& b, const std::string& valid) {
  // A length no request has: the node refuses it at once instead of waiting for 2 or 4 GB.
  for (const auto& [name, length] :
       {std::pair{"2gb", 0x7FFFFFFFu}, std::pair{"4gb", 0xFFFFFFFFu}}) {
    std::string huge = valid;
    setBigEndian32(huge, 2, length);
    b.addAssociation(fmt::format("association/pdu-length-{}", name), huge, kNoAssociation);
  }
  std::string short_length = valid;
  setBigEndian32(short_length, 2, 100);
  b.addAssociation("association/pdu-length-short-of-its-items", short_length, kNoAssociation);
}

}  // namespace

void addAssociationCases(CorpusBuilder& b) {
  const std::string valid = encodeAssociateRq(corpusProposal());
  addProposalCases(b, valid);
  addItemLayoutCases(b, valid);
  addRequestLengthCases(b, valid);
}

// ---- Bytes before or instead of an association ---------------------------------------------

void addGarbageCases(CorpusBuilder& b) {
  const auto garbage = [&](std::string name, std::string raw, bool finish_sending) {
    b.add({.name = "garbage/" + std::move(name),
           .raw = std::move(raw),
           .finish_sending = finish_sending,
           .expected = kNoAssociation});
  };
  garbage("http-request", "GET / HTTP/1.1\r\nHost: pacs\r\n\r\n", true);
  garbage("tls-client-hello", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
          true);
  garbage("one-zero-byte", std::string(1, '\0'), true);
  garbage("zeros-1k", std::string(1024, '\0'), true);
  for (std::uint32_t seed = 1; seed <= 3; ++seed) {
    garbage(fmt::format("random-1k-seed-{}", seed), randomBytes(1024, seed), true);
  }
  garbage("p-data-before-association",
          encodePDataTf(1, pdu::kCommandFragment | pdu::kLastFragment, cEchoCommand(1)), false);
  garbage("release-request-before-association", encodeReleaseRq(), false);
  garbage("abort-before-association", encodeAbort(), false);
  garbage("unknown-pdu-type-08", encodePdu(0x08, std::string(4, '\0')), false);
  garbage("unknown-pdu-type-ff", encodePdu(0xFF, std::string(4, '\0')), false);
  std::string accept = encodeAssociateRq(corpusProposal());
  accept[0] = static_cast<char>(pdu::kAssociateAc);
  garbage("associate-ac-to-the-acceptor", accept, false);
  garbage("associate-rj-to-the-acceptor", encodePdu(pdu::kAssociateRj, std::string("\0\1\1\1", 4)),
          false);
}

// ---- PDUs on an association ----------------------------------------------------------------

void addPduCases(CorpusBuilder& b) {
  constexpr std::uint8_t kWholeCommand = pdu::kCommandFragment | pdu::kLastFragment;
  const std::string echo = cEchoCommand(1);
  b.addAfterAssociation("pdu/unknown-type-08", encodePdu(0x08, std::string(4, '\0')), kEnded);
  b.addAfterAssociation("pdu/second-associate-rq", encodeAssociateRq(corpusProposal()), kEnded);
  std::string accept = encodeAssociateRq(corpusProposal());
  accept[0] = static_cast<char>(pdu::kAssociateAc);
  b.addAfterAssociation("pdu/associate-ac", accept, kEnded);
  b.addAfterAssociation("pdu/unsolicited-release-rp",
                        encodePdu(pdu::kReleaseRp, std::string(4, '\0')), kEnded);
  b.addAfterAssociation("pdu/abort", encodeAbort(), kEnded);
  // A PDU length far above the node's maximum: it aborts at once, not after reading 2 or 4 GB.
  for (const auto& [name, length] :
       {std::pair{"2gb", 0x7FFFFFFFu}, std::pair{"4gb", 0xFFFFFFFFu}}) {
    std::string huge = encodePDataTf(corpus_context::kVerification, kWholeCommand, echo);
    setBigEndian32(huge, 2, length);
    b.addAfterAssociation(fmt::format("pdu/p-data-length-{}", name), huge, kEnded);
  }
  std::string past = encodePDataTf(corpus_context::kVerification, kWholeCommand, echo);
  setBigEndian32(past, 6, static_cast<std::uint32_t>(echo.size() + 100));
  b.addAfterAssociation("pdu/pdv-length-past-its-pdu", past, kEnded);
  for (const std::uint32_t length : {0u, 1u}) {
    std::string tiny = encodePdu(pdu::kPDataTf, std::string("\0\0\0\0\1\3", 6));
    setBigEndian32(tiny, 6, length);
    tiny.resize(6 + 4 + length);
    setBigEndian32(tiny, 2, 4 + length);
    b.addAfterAssociation(fmt::format("pdu/pdv-length-{}", length), tiny, kEnded);
  }
  b.addAfterAssociation("pdu/pdv-on-unknown-context", encodePDataTf(99, kWholeCommand, echo),
                        {Outcome::store_refused_or_ended, {0x0122, 0xA900, 0xC000}});
  // PS3.8 wants one PDV or more in a P-DATA-TF; a node may skip an empty one or abort.
  b.addAfterAssociation("pdu/p-data-without-pdv",
                        encodePdu(pdu::kPDataTf, "") +
                            encodePDataTf(corpus_context::kVerification, kWholeCommand, echo),
                        kSurvives);

  // A whole C-STORE in PDUs above the node's maximum PDU length: PS3.8 leaves it to the node
  // whether to read them, so only that it answers is asserted.
  for (const std::size_t size : {std::size_t{256} << 10, std::size_t{4} << 20}) {
    const std::string id = b.nextInstanceUid();
    Elements big =
        with(mrInstance(kExplicit, id), {tags::kPixelData, "OW", std::string(size, 0), {}});
    const std::uint8_t context = corpus_context::kExplicitLittle;
    b.addAfterAssociation(
        fmt::format("pdu/over-max-pdu-length-{}k", size >> 10),
        encodePDataTf(context, kWholeCommand, cStoreCommand(1, uid::kMrImageStorage, id)) +
            encodePDataTf(context, pdu::kLastFragment, bytesOf(kExplicit, big)),
        kSurvives);
  }
  // Valid: a command and its dataset as two PDVs of one PDU.
  const std::string id = b.nextInstanceUid();
  const std::uint8_t context = corpus_context::kExplicitLittle;
  b.addAfterAssociation(
      "pdu/command-and-dataset-in-one-pdu",
      encodePdu(
          pdu::kPDataTf,
          pdvItem(context, kWholeCommand, cStoreCommand(1, uid::kMrImageStorage, id)) +
              pdvItem(context, pdu::kLastFragment, bytesOf(kExplicit, mrInstance(kExplicit, id)))),
      kStored);
}

// ---- Command sets --------------------------------------------------------------------------

namespace {

constexpr std::uint8_t kContext = corpus_context::kExplicitLittle;

std::string datasetFor(const std::string& id, const std::string& sop_class = uid::kMrImageStorage) {
  return bytesOf(kExplicit, mrInstance(kExplicit, id, sop_class));
}

// C-STORE command sets with elements too long, missing, of odd length or of unknown meaning.
void addCommandElementCases(CorpusBuilder& b) {
  const auto store_with = [&](std::string name, const std::vector<CommandElement>& elements,
                              std::optional<std::string> dataset, Expectation expected) {
    b.addMessage("command/" + std::move(name),
                 {kContext, encodeCommand(elements), std::move(dataset), kContext},
                 std::move(expected));
  };
  // DCMTK keeps UIDs of 64 characters and a NUL: a 65th character must not be cut off silently.
  store_with("sop-instance-uid-65-chars", cStoreElements(1, uid::kMrImageStorage, kUid65),
             datasetFor(kUid65), kMalformedMessage);
  {
    const std::string id = b.nextInstanceUid();
    store_with("sop-class-uid-65-chars", cStoreElements(1, kUid65, id), datasetFor(id, kUid65),
               kMalformedMessage);
  }
  store_with("sop-instance-uid-65-chars-dataset-64",
             cStoreElements(1, uid::kMrImageStorage, kUid65), datasetFor(kUid65.substr(0, 64)),
             kMalformedMessage);
  // A C-STORE-RQ without a dataset is invalid (PS3.7 9.3.1.1): failed at once, not waited on.
  for (const std::uint8_t context : {kContext, corpus_context::kDeflated}) {
    const std::string id = b.nextInstanceUid();
    b.addMessage(
        fmt::format("command/no-dataset-on-context-{}", context),
        {context, encodeCommand(cStoreElements(1, uid::kMrImageStorage, id, command::kNoDataSet)),
         std::nullopt, context},
        kMalformedMessage);
  }
  for (const auto& [name, element] :
       {std::pair{"without-affected-sop-class", 0x0002}, std::pair{"without-message-id", 0x0110},
        std::pair{"without-affected-sop-instance", 0x1000}}) {
    const std::string id = b.nextInstanceUid();
    auto elements = cStoreElements(1, uid::kMrImageStorage, id);
    std::erase_if(elements, [&](const CommandElement& e) { return e.element == element; });
    store_with(name, elements, datasetFor(id), kMalformedMessage);
  }
  {
    const std::string id = b.nextInstanceUid();
    auto elements = cStoreElements(1, uid::kMrImageStorage, id);
    elements[2].value = std::string("\x01\x00\x00", 3);  // Message ID (US) of 3 bytes
    store_with("odd-length-message-id", elements, datasetFor(id), kMalformedMessage);
    elements = cStoreElements(1, uid::kMrImageStorage, id, command::kNoDataSet);
    elements[1].value = uint16Value(kImplicit, 0x0FFF);  // no such command
    store_with("unknown-command-field", elements, std::nullopt,
               {Outcome::store_refused_or_ended, {0x0211, 0xA900, 0xC000}});
  }
  {
    // The command's SOP class is not the context's abstract syntax. PS3.7 has them agree, but
    // common nodes (DCMTK's storescp) store such an instance: only an answer is asserted.
    const std::string id = b.nextInstanceUid();
    store_with("sop-class-not-the-contexts", cStoreElements(1, uid::kCtImageStorage, id),
               datasetFor(id, uid::kCtImageStorage), kSurvives);
  }
}

// Command bytes that do not parse or misstate their length, and a dataset on another context.
void addCommandEncodingCases(CorpusBuilder& b) {
  const auto raw_command = [&](std::string name, std::string command) {
    const std::string id = b.nextInstanceUid();
    b.addMessage("command/" + std::move(name),
                 {kContext, std::move(command), datasetFor(id), kContext}, kMalformedMessage);
  };
  {
    std::string past = cStoreCommand(1, uid::kMrImageStorage, "1.2.3");
    past[past.size() - 10] = '\x7F';  // the last element's length, past the command's end
    raw_command("element-length-past-the-end", past);
    raw_command("garbage", randomBytes(64, 7));
    raw_command("empty", "");
  }
  {
    // CommandGroupLength counts fewer bytes than follow: DCMTK reads on regardless.
    const std::string id = b.nextInstanceUid();
    std::string short_group = cStoreCommand(1, uid::kMrImageStorage, id);
    short_group[8] = 4;
    b.addMessage("command/group-length-too-small",
                 {kContext, short_group, datasetFor(id), kContext}, kSurvives);
  }
  {
    const std::string id = b.nextInstanceUid();
    b.addMessage("command/dataset-on-another-context",
                 {kContext, cStoreCommand(1, uid::kMrImageStorage, id),
                  bytesOf(kImplicit, mrInstance(kImplicit, id)), corpus_context::kImplicitLittle},
                 kMalformedMessage);
  }
}

// Something else where the announced dataset should follow, or a command as a dataset.
void addAnnouncedDatasetCases(CorpusBuilder& b) {
  constexpr std::uint8_t kWholeCommand = pdu::kCommandFragment | pdu::kLastFragment;
  // A dataset announced but a new command sent instead.
  MalformedCase echo_instead{
      .name = "command/echo-instead-of-the-announced-dataset",
      .association_request = encodeAssociateRq(corpusProposal()),
      .store = StoreMessage{.context_id = kContext,
                            .command = cStoreCommand(1, uid::kMrImageStorage, b.nextInstanceUid()),
                            .dataset = std::nullopt,
                            .dataset_context_id = kContext},
      .raw = encodePDataTf(corpus_context::kVerification, kWholeCommand, cEchoCommand(2)),
      .expected = kMalformedMessage};
  b.add(echo_instead);
  // A release before the announced dataset: a node may release or abort.
  MalformedCase release_instead = echo_instead;
  release_instead.name = "command/release-instead-of-the-announced-dataset";
  release_instead.raw = encodeReleaseRq();
  release_instead.expected = kSurvives;
  b.add(release_instead);
  // Nothing after the command: the node's idle timeout ends the association.
  MalformedCase silence = echo_instead;
  silence.name = "command/announced-dataset-never-comes";
  silence.raw.clear();
  silence.expected = kEnded;
  silence.deadline = std::chrono::seconds(kCorpusDimseTimeoutSeconds + 3);
  b.add(silence);
  b.addAfterAssociation(
      "command/sent-as-a-dataset-pdv",
      encodePDataTf(corpus_context::kVerification, pdu::kLastFragment, cEchoCommand(1)),
      kMalformedMessage);
}

}  // namespace

void addCommandCases(CorpusBuilder& b) {
  addCommandElementCases(b);
  addCommandEncodingCases(b);
  addAnnouncedDatasetCases(b);
}

}  // namespace everynet::test::corpus_generation
