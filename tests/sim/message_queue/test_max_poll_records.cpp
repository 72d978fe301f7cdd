// max_poll_records bounds one poll over all the member's partitions (Kafka's max.poll.records,
// https://kafka.apache.org/documentation/#consumerconfigs_max.poll.records: "The maximum
// number of records returned in a single call to poll()"), not each leader's fetch. Seen from
// the outside: a consumer that commits before processing and crashes mid-batch, never to
// return, loses exactly the rest of the batch it was processing, so at most max_poll_records
// messages, although its three partitions have three different leaders.
#include <doctest/doctest.h>

#include <string>

#include "cli.hpp"

namespace {

const std::string kScenario = R"(name: mq-max-poll
model: message_queue
seed: 1
duration: 10s
params:
  partitions: 3
  consumer: {members: 1, commit: before, max_poll_records: 20, process_time: 5ms}
workload:
  drain: 1s
  arrival: poisson
  rate: 600/s
  clients: 1
output: {requests: false}
faults:
  - {at: CRASH, crash: consumer-0}
)";

}  // namespace

TEST_CASE("message_queue: a poll returns at most max_poll_records over all partitions") {
  // The consumer works through a standing backlog at a steady pace, so where the crash falls
  // in a batch depends on the crash time more than on the seed: several crash times.
  for (const std::string crash : {"8s", "8.05s", "8.15s", "8.25s"}) {
    CAPTURE(crash);
    simt::TempDir dir("sdsim-simt-mq-maxpoll");
    std::string scn = kScenario;
    scn.replace(scn.find("CRASH"), 5, crash);
    simt::write_file(dir / "scn.yaml", scn);
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    INFO(r.command, "\n", r.err);
    REQUIRE(r.exit_code == 0);
    const auto m = simt::read_json(dir / "out/summary.json").at("metrics");
    const double lost = m.at("messages.lost").get<double>();
    CHECK(lost >= 1);                                      // the crash hit a batch in progress
    CHECK(lost <= 20);                                     // of at most max_poll_records
    CHECK(m.at("messages.pending").get<double>() > 1000);  // the backlog stays in the logs
  }
}
