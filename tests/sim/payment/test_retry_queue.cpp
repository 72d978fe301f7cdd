// The retry queue and dead letter queue on the log (retry_queue.mode: log), recounted from the
// CSV files through a flaky PSP, a card-network outage, a broker crash and a crash of the
// payment host: every order ends exactly once (SUCCESS with one charge, dead-lettered with
// none, or FAILED declined with none), the dead-letter topic holds exactly the dead-lettered
// orders, no retry ran before it was due, and the retry-delay metric is the mean of the
// delays in retries.csv.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "cli.hpp"

namespace {

const std::string kFlaky = R"(name: payment-retry-queue-sim
model: payment
seed: 2
params:
  max_attempts: 4
  retry: {strategy: exponential, base: 500ms, cap: 2s}
  retry_queue: {mode: log}
  psp:
    timeout_after_charge: 0.1
    card_network: {failure_rate: 0.2, outages: "4s+6s", outage_mode: refuse}
workload: {arrival: poisson, rate: 30/s, duration: 14s, timeout: 30s}
output: {requests: false}
faults:
  - {at: 5s, crash: broker-0, restart_after: 4s}
  - {at: 8s, crash: payment-0, restart_after: 1s}
)";

}  // namespace

TEST_CASE(
    "payment: retry and dead-letter topics through broker and payment crashes: every order ends "
    "exactly once, none charged twice") {
  simt::TempDir dir("sdsim-simt-payment-retry-queue");
  simt::write_file(dir / "scn.yaml", kFlaky);
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const simt::Csv orders = simt::read_csv(dir / "out" / "orders.csv");
  const simt::Csv settlement = simt::read_csv(dir / "out" / "settlement.csv");
  const simt::Csv dead = simt::read_csv(dir / "out" / "dead_letters.csv");
  const simt::Csv retries = simt::read_csv(dir / "out" / "retries.csv");
  REQUIRE(orders.rows.size() > 300);

  std::map<std::string, int> charges;
  for (std::size_t i = 0; i < settlement.rows.size(); ++i) ++charges[settlement.str(i, "order_id")];
  std::set<std::string> in_topic;
  for (std::size_t i = 0; i < dead.rows.size(); ++i) in_topic.insert(dead.str(i, "order_id"));

  std::set<std::string> seen;
  int succeeded = 0, dead_lettered = 0, declined = 0;
  for (std::size_t i = 0; i < orders.rows.size(); ++i) {
    const std::string id = orders.str(i, "order_id"), state = orders.str(i, "state");
    CHECK(seen.insert(id).second);  // one row, one end, per order
    CHECK(charges[id] <= 1);        // never charged twice
    const bool dl = orders.num(i, "dead_letter") == 1;
    if (state == "SUCCESS") {
      ++succeeded;
      CHECK(charges[id] == 1);
      CHECK(!dl);
      CHECK(in_topic.count(id) == 0);
    } else if (state == "FAILED" && dl) {
      ++dead_lettered;
      CHECK(charges[id] == 0);  // a dead letter never holds a charged order
      CHECK(in_topic.count(id) == 1);
    } else {
      CHECK(state == "FAILED");  // declined, never NOT_STARTED or EXECUTING
      ++declined;
      CHECK(charges[id] == 0);
      CHECK(in_topic.count(id) == 0);
    }
  }
  CHECK(succeeded + dead_lettered + declined == int(orders.rows.size()));
  CHECK(dead_lettered == int(in_topic.size()));  // nothing in the topic but dead letters
  CHECK(dead_lettered > 0);

  // Retries: none before it was due; the metric is the recount's mean.
  double sum = 0;
  int started = 0, again = 0;
  for (std::size_t i = 0; i < retries.rows.size(); ++i) {
    if (retries.num(i, "started") < 0) continue;
    ++started;
    again += int(retries.num(i, "executions")) - 1;
    CHECK(retries.num(i, "started") >= retries.num(i, "due") - 1e-9);
    CHECK(retries.num(i, "attempt") >= 2);
    sum += retries.num(i, "delay");
  }
  const auto summary = simt::read_json(dir / "out" / "summary.json");
  const auto& m = summary["metrics"];
  REQUIRE(started > 0);
  CHECK(m["retry_queue.retried"].get<double>() == double(started));
  CHECK(m["retry_queue.redelivered"].get<double>() == double(again));
  CHECK(again > 0);  // the payment host's crash came before some polls were committed
  CHECK(std::abs(m["retry_queue.delay.mean"].get<double>() - sum / started) < 1e-6);
  CHECK(m["psp.replays"].get<double>() > 0);  // time-outs after charging, replayed by key
  CHECK(m["recovery.restarts"].get<double>() == 1.0);
  CHECK(m["dead_letter_queue.orders"].get<double>() == double(dead_lettered));
}

TEST_CASE("payment: retry_queue.mode log refuses the hosted flow and an impossible replication") {
  simt::TempDir dir("sdsim-simt-payment-retry-queue-bad");
  simt::write_file(dir / "hosted.yaml",
                   "name: pay-bad\nmodel: payment\nduration: 5s\nparams:\n  flow: hosted\n  "
                   "retry_queue: {mode: log}\n");
  auto r = simt::sdsim({"run", "hosted.yaml", "--out", "out", "--quiet"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("hosted.yaml:6:") != std::string::npos);
  CHECK(r.err.find("params.retry_queue.mode") != std::string::npos);
  simt::write_file(dir / "rf.yaml",
                   "name: pay-bad\nmodel: payment\nduration: 5s\nparams:\n  retry_queue:\n    "
                   "mode: log\n    log: {brokers: 2, replication_factor: 3}\n");
  r = simt::sdsim({"run", "rf.yaml", "--out", "out", "--quiet"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("rf.yaml:7:") != std::string::npos);
  CHECK(r.err.find("replication_factor") != std::string::npos);
  CHECK(simt::list_tree(dir / "out").empty());
}
