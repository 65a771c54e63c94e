// Sending one corpus case to a node and judging what it does; the judging itself is in
// malformed_corpus.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "tests/support/malformed_corpus.h"

namespace everynet::test {

namespace {

bool accepted(const NodeAnswer& answer, std::uint8_t context_id) {
  return std::any_of(answer.accepted_contexts.begin(), answer.accepted_contexts.end(),
                     [&](const AcceptedContext& c) { return c.id == context_id; });
}

CaseResult judged(const MalformedCase& c, const NodeAnswer& answer) {
  CaseResult result{meets(c.expected, answer), false, answer, {}};
  if (!result.passed) {
    result.problem = fmt::format("expected {}, got {}", describe(c.expected), describe(answer));
  }
  return result;
}

// The case's own messages on an open connection; the answer to the last.
CaseResult sendCase(RawDicomClient& client, const MalformedCase& c) {
  const bool more_after_association = c.store.has_value() || !c.raw.empty();
  if (c.association_request) {
    client.sendBytes(*c.association_request);
    if (c.finish_sending && !more_after_association) client.finishSending();
    const NodeAnswer answer = client.awaitAnswer();
    if (answer.kind != NodeAnswer::Kind::associated || !more_after_association) {
      return judged(c, answer);
    }
    if (c.store && !accepted(answer, c.store->context_id)) {
      return {false, false, answer,
              fmt::format("presentation context {} was not accepted", c.store->context_id)};
    }
  }
  if (c.store) {
    const auto& dataset = c.store->dataset;
    client.sendMessage(c.store->context_id, c.store->command,
                       dataset ? std::optional<std::string_view>(*dataset) : std::nullopt,
                       c.store->dataset_context_id);
  }
  if (!c.raw.empty()) client.sendBytes(c.raw);
  if (c.finish_sending) client.finishSending();
  // A send that failed because the node ended the association leaves its answer to be read.
  return judged(c, client.awaitAnswer());
}

}  // namespace

CaseResult runCase(int port, const MalformedCase& c) {
  try {
    RawDicomClient client(port, c.deadline);
    CaseResult result = sendCase(client, c);
    if (result.passed && associationGoesOn(c.expected, result.answer)) {
      const NodeAnswer echoed = client.echo(corpus_context::kVerification);
      if (echoed.kind != NodeAnswer::Kind::responded || echoed.status != 0x0000) {
        result.passed = false;
        result.problem = "the association did not go on: a C-ECHO on it got " + describe(echoed);
      }
      client.release();
    }
    return result;
  } catch (const std::system_error& error) {
    return {false, true, {}, std::string("cannot connect: ") + error.what()};
  }
}

}  // namespace everynet::test
