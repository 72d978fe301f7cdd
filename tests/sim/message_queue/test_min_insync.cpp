// acks=all below min.insync.replicas, checked from the outside on min-insync.yaml (events.csv,
// requests.csv, summary.json). Kafka
// (https://kafka.apache.org/documentation/#brokerconfigs_min.insync.replicas): when the ISR is
// smaller than min.insync.replicas a producer with acks=all gets NOT_ENOUGH_REPLICAS (before the
// append) or NOT_ENOUGH_REPLICAS_AFTER_APPEND (for records that were waiting for the ISR when it
// shrank), never an acknowledgement; and the producer waits retry.backoff.ms between retries of a
// batch (https://kafka.apache.org/documentation/#producerconfigs_retry.backoff.ms).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <string>

#include "cli.hpp"

namespace {

struct Run {
  simt::TempDir dir{"sdsim-simt-mq-minisr"};
  simt::Csv events, requests;
  nlohmann::json summary;
};

// min-insync.yaml: RF 3, min ISR 2, brokers 1 and 2 down from 10 s to 25 s.
void run_min_insync(Run& r) {
  const std::string scn = simt::source_dir() + "/scenarios/message_queue/min-insync.yaml";
  const auto res =
      simt::sdsim({"run", scn, "--out", (r.dir / "out").string(), "--quiet"}, r.dir.path());
  INFO(res.command, "\n", res.err);
  REQUIRE(res.exit_code == 0);
  r.events = simt::read_csv(r.dir / "out/events.csv");
  r.requests = simt::read_csv(r.dir / "out/requests.csv");
  r.summary = simt::read_json(r.dir / "out/summary.json");
}

}  // namespace

TEST_CASE("message_queue: nothing is acknowledged while every ISR is below min_insync_replicas") {
  Run r;
  run_min_insync(r);
  // The window in which every partition's ISR has one member: from the shrink of the last
  // partition to one member, to the first expansion.
  std::map<std::string, int> isr_size;
  double all_below_from = -1, first_expand = -1;
  static const std::regex re("-> \\[([^\\]]*)\\]");
  for (std::size_t i = 0; i < r.events.rows.size(); ++i) {
    const std::string& kind = r.events.str(i, "kind");
    if (kind != "isr_shrink" && kind != "isr_expand") continue;
    std::smatch m;
    const std::string& detail = r.events.str(i, "detail");
    REQUIRE_MESSAGE(std::regex_search(detail, m, re), detail);
    const std::string members = m[1].str();
    isr_size[r.events.str(i, "target")] = int(std::count(members.begin(), members.end(), ',')) + 1;
    if (kind == "isr_expand" && first_expand < 0) first_expand = r.events.num(i, "time");
    if (kind == "isr_shrink" && isr_size.size() == 6 &&
        std::all_of(isr_size.begin(), isr_size.end(),
                    [](const auto& kv) { return kv.second == 1; }))
      all_below_from = r.events.num(i, "time");
  }
  REQUIRE(all_below_from >
          0);  // isr_shrink events for every partition (the crash fenced two brokers)
  REQUIRE(first_expand > all_below_from);
  int acked_in_window = 0;
  for (std::size_t i = 0; i < r.requests.rows.size(); ++i) {
    const double end = r.requests.num(i, "end");
    if (r.requests.str(i, "outcome") == "ok" && end > all_below_from && end < first_expand)
      ++acked_in_window;
  }
  CHECK(acked_in_window == 0);
  CHECK(r.summary["metrics"]["isr.shrinks"].get<double>() >= 6);
  CHECK(r.summary["metrics"]["produce.not_enough_replicas"].get<double>() > 0);
  CHECK(r.summary["metrics"]["produce.not_enough_replicas_after_append"].get<double>() > 0);
}

TEST_CASE("message_queue: a refused batch is retried no faster than retry_backoff") {
  Run r;
  run_min_insync(r);
  const double backoff = 0.1;  // the default retry_backoff
  int worst = 0;
  for (std::size_t i = 0; i < r.requests.rows.size(); ++i) {
    const double span = r.requests.num(i, "end") - r.requests.num(i, "start");
    const int retries = int(r.requests.num(i, "retries"));
    // retries back-offs fit in the time from creation to the outcome
    if (retries > int(span / backoff) + 1) ++worst;
  }
  CHECK(worst == 0);
}
