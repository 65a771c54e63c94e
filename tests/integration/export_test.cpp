// Export of results end to end: `everynet serve` sends queued instances to DCMTK's storescp, keeps
// retrying a destination that is down without holding up the others, gives up after the last
// attempt until `everynet export retry`, and resumes after a restart.
//
// The job worker is not involved: instances are sent to the service by storescu and queued for
// export through storage::ExportQueue, as the worker does with its results.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <system_error>
#include <thread>

#include "service_fixture.h"
#include "storage/stores.h"
#include "storescp_peer.h"
#include "tests/support/free_port.h"
#include "tests/support/mr_series_writer.h"

namespace everynet::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// A port where connections are let in by the kernel and then never answered: a destination that
// hangs instead of refusing.
class SilentListener {
 public:
  SilentListener() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::system_error(errno, std::generic_category(), "silent listener");
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

class ExportTest : public ServiceFixture {
 protected:
  static constexpr std::size_t kInstances = 4;

  void configure(const std::vector<std::pair<std::string, int>>& destinations,
                 const std::string& export_table, const std::string& other_tables = "") {
    std::string toml;
    for (const auto& [name, port] : destinations) {
      toml += "[[destinations]]\nname = '" + name + "'\nae_title = 'STORESCP'\n" +
              "host = '127.0.0.1'\nport = " + std::to_string(port) + "\n";
    }
    setExtraConfig(toml + "[export]\n" + export_table + other_tables);
  }

  // Sends a small MR series to the service and returns its SOP Instance UIDs.
  std::vector<std::string> storeSeries() {
    MrSeriesSpec spec;
    spec.rows = spec.columns = 16;
    spec.slices = static_cast<int>(kInstances);
    std::vector<std::string> uids;
    for (const auto& file : writeMrSeries(spec, dir() / "series")) {
      uids.push_back(readSopInstanceUid(file));
    }
    const auto sent = store({dir() / "series"});
    EXPECT_EQ(sent.exit_code, 0) << sent.output;
    return uids;
  }

  // Queues the instances as the job worker queues its results.
  void queueExports(const std::vector<std::string>& uids,
                    const std::vector<std::string>& destinations) {
    auto index = std::make_unique<storage::Stores>(dataDir() / "index.sqlite",
                                                   storage::Database::Access::read_write);
    const double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    ASSERT_EQ(index->exports.enqueue(std::nullopt, uids, destinations, now),
              static_cast<int>(uids.size() * destinations.size()));
  }

  RunResult exportCli(const std::vector<std::string>& arguments) {
    std::vector<std::string> argv{everynetBinary(), "export"};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    argv.insert(argv.end(), {"--data-dir", dataDir().string()});
    return runCommand(argv, 30s);
  }

  nlohmann::json exportList() {
    const auto result = exportCli({"list", "--json"});
    EXPECT_EQ(result.exit_code, 0) << result.output;
    return result.exit_code == 0 ? nlohmann::json::parse(result.output) : nlohmann::json();
  }

  // The destination's counts from `everynet export list --json`; zeros before it has any.
  nlohmann::json backlog(const std::string& destination) {
    const auto list = exportList();
    for (const auto& entry : list["destinations"]) {
      if (entry["destination"] == destination) return entry;
    }
    return {{"pending", 0}, {"sent", 0}, {"failed", 0}};
  }

  // Retries every second, for long enough that nothing fails for good within a test.
  static constexpr const char* kQuickRetries =
      "initial_retry_seconds = 1\nmax_retry_seconds = 1\nmax_attempts = 100\n";

  // Runs the service with `destination` at `port`, where nothing listens, until every export
  // queued there has failed an attempt, and stops it: the exports stay pending.
  void queueUnsentExportsAndStop(const std::string& destination, int port) {
    configure({{destination, port}}, kQuickRetries);
    startService();
    queueExports(storeSeries(), {destination});
    ASSERT_TRUE(waitUntil([&] { return troubled(destination).size() == kInstances; }, 10s));
    stopService();
  }

  std::vector<nlohmann::json> troubled(const std::string& destination) {
    std::vector<nlohmann::json> result;
    const auto list = exportList();
    for (const auto& entry : list["troubled"]) {
      if (entry["destination"] == destination) result.push_back(entry);
    }
    return result;
  }
};

TEST_F(ExportTest, ALiveDestinationGetsEachResultOnceWhileADeadOneBacksOff) {
  const int live_port = freeTcpPort();
  const int dead_port = freeTcpPort();
  const StorescpPeer live(live_port, dir() / "live");
  configure({{"live", live_port}, {"dead", dead_port}},
            "initial_retry_seconds = 1\nmax_retry_seconds = 2\nmax_attempts = 100\n"
            "batch_size = 3\n");
  startService();
  const auto uids = storeSeries();
  queueExports(uids, {"live", "dead"});

  EXPECT_TRUE(waitUntil([&] { return live.received() >= kInstances; }, 10s))
      << live.received() << " received";
  EXPECT_TRUE(waitUntil([&] { return backlog("live")["sent"] == kInstances; }, 5s));

  // Attempts 1, 2, 3 are 1 s and 2 s apart (the cap), whatever the other destination does.
  ASSERT_TRUE(waitUntil(
      [&] {
        const auto items = troubled("dead");
        if (items.size() != kInstances) return false;
        for (const auto& item : items) {
          if (item["attempts"] < 3) return false;
        }
        return true;
      },
      15s));
  for (const auto& item : troubled("dead")) {
    EXPECT_EQ(item["state"], "pending");
    EXPECT_NE(item["last_error"].get<std::string>().find("association"), std::string::npos)
        << item.dump();
    const int attempts = item["attempts"];
    const double delay = item["next_attempt_at"].get<double>() - item["updated_at"].get<double>();
    EXPECT_NEAR(delay, std::min(std::ldexp(1.0, attempts - 1), 2.0), 1e-3) << item.dump();
  }

  const StorescpPeer revived(dead_port, dir() / "revived");
  EXPECT_TRUE(waitUntil([&] { return backlog("dead")["sent"] == kInstances; }, 10s))
      << exportList().dump(2);
  std::this_thread::sleep_for(3s);  // longer than the senders' poll interval
  EXPECT_EQ(live.received(), kInstances) << "each result reaches the live destination once";
  EXPECT_EQ(revived.received(), kInstances) << "and the revived one once";

  const auto log = serviceLog();
  EXPECT_NE(log.find("export to 'live': 3 result(s) stored"), std::string::npos) << log;
  EXPECT_EQ(log.find("EN-0001"), std::string::npos) << "no patient ID at info";
  EXPECT_EQ(log.find("ller^Anna"), std::string::npos) << "no patient name at info";
  EXPECT_EQ(log.find(uids[0]), std::string::npos) << "no instance UID at info";
}

TEST_F(ExportTest, ADestinationThatNeverAnswersHoldsUpNeitherTheOthersNorTheStop) {
  const SilentListener silent;
  const int live_port = freeTcpPort();
  const StorescpPeer live(live_port, dir() / "live");
  configure({{"silent", silent.port()}, {"live", live_port}}, "initial_retry_seconds = 60\n",
            "[dicom]\nacse_timeout_seconds = 5\n");
  startService();
  queueExports(storeSeries(), {"silent", "live"});
  EXPECT_TRUE(waitUntil([&] { return live.received() >= kInstances; }, 4s))
      << "the live destination waits for the silent one";

  const auto stop_started = std::chrono::steady_clock::now();
  stopService();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, 8s)
      << "the stop waits for more than the association request in flight (ACSE timeout 5 s)";
}

TEST_F(ExportTest, FailedExportsWaitForARetryThatTheRunningServiceSends) {
  const int port = freeTcpPort();
  configure({{"pacs", port}},
            "initial_retry_seconds = 1\nmax_retry_seconds = 1\nmax_attempts = 2\n");
  startService();
  queueExports(storeSeries(), {"pacs"});
  ASSERT_TRUE(waitUntil([&] { return backlog("pacs")["failed"] == kInstances; }, 15s))
      << exportList().dump(2);
  for (const auto& item : troubled("pacs")) EXPECT_EQ(item["attempts"], 2);

  const StorescpPeer pacs(port, dir() / "pacs");
  std::this_thread::sleep_for(3s);  // longer than the senders' poll interval
  EXPECT_EQ(pacs.received(), 0u) << "a failed export is not sent again by itself";

  const auto listed = exportCli({"list"});
  EXPECT_NE(listed.output.find("Destination pacs: 0 pending (0 due), 0 sent, 4 failed"),
            std::string::npos)
      << listed.output;
  const auto retried = exportCli({"retry", "--all-failed"});
  ASSERT_EQ(retried.exit_code, 0) << retried.output;
  EXPECT_NE(retried.output.find("4 failed export(s) queued again"), std::string::npos)
      << retried.output;
  EXPECT_TRUE(waitUntil([&] { return backlog("pacs")["sent"] == kInstances; }, 10s))
      << exportList().dump(2);
  EXPECT_EQ(pacs.received(), kInstances);

  EXPECT_NE(exportCli({"retry", "99"}).exit_code, 0) << "no job 99";
  EXPECT_NE(exportCli({"retry"}).exit_code, 0) << "a job or --all-failed is required";
}

TEST_F(ExportTest, ARestartResumesPendingExports) {
  const int port = freeTcpPort();
  ASSERT_NO_FATAL_FAILURE(queueUnsentExportsAndStop("pacs", port));

  const StorescpPeer pacs(port, dir() / "pacs");
  startService();
  EXPECT_TRUE(waitUntil([&] { return backlog("pacs")["sent"] == kInstances; }, 10s))
      << exportList().dump(2);
  EXPECT_EQ(pacs.received(), kInstances);
  EXPECT_NE(serviceLog().find("export to 'pacs': 4 result(s) waiting from before"),
            std::string::npos);
}

TEST_F(ExportTest, ARenamedDestinationsQueueIsKeptNamedInTheLogAndSentWhenConfiguredAgain) {
  const int port = freeTcpPort();
  ASSERT_NO_FATAL_FAILURE(queueUnsentExportsAndStop("pacs", port));

  configure({{"archive", port}}, kQuickRetries);
  startService();
  ASSERT_TRUE(waitUntil(
      [&] { return serviceLog().find("export to 'archive': sending") != std::string::npos; }, 10s));
  EXPECT_NE(serviceLog().find("export to 'pacs': 4 result(s) waiting, but no destination of that "
                              "name is configured"),
            std::string::npos)
      << serviceLog();
  EXPECT_EQ(backlog("pacs")["pending"], kInstances);
  stopService();

  const StorescpPeer pacs(port, dir() / "pacs");
  configure({{"pacs", port}}, kQuickRetries);
  startService();
  EXPECT_TRUE(waitUntil([&] { return backlog("pacs")["sent"] == kInstances; }, 10s))
      << exportList().dump(2);
  EXPECT_EQ(pacs.received(), kInstances);
}

}  // namespace
}  // namespace everynet::test
