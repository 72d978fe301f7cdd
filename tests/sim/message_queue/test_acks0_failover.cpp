// acks=0 producers after a leader crash, checked from the outside on at-most-once.yaml
// (requests.csv, summary.json). A Kafka producer refreshes its metadata when a connection
// fails (a request not sent within request.timeout.ms drops the connection; a broker that
// cannot take an acks=0 request closes it) and every metadata.max.age.ms
// (https://kafka.apache.org/documentation/#producerconfigs_metadata.max.age.ms), so it moves to
// the new leaders instead of sending to the dead broker for as long as it is down.
#include <doctest/doctest.h>

#include <string>

#include "cli.hpp"

TEST_CASE("message_queue: acks=0 producers stop sending to a crashed leader and find the new one") {
  simt::TempDir dir("sdsim-simt-mq-acks0");
  const std::string scn = simt::source_dir() + "/scenarios/message_queue/at-most-once.yaml";
  const auto r = simt::sdsim({"run", scn, "--out", (dir / "out").string(), "--quiet"}, dir.path());
  INFO(r.command, "\n", r.err);
  REQUIRE(r.exit_code == 0);
  const double crash = 30.0, back = 40.0;  // broker-0 is off in between
  const auto req = simt::read_csv(dir / "out/requests.csv");
  int sent_to_dead = 0, sent_elsewhere_while_down = 0;
  for (std::size_t i = 0; i < req.rows.size(); ++i) {
    if (req.str(i, "outcome") != "sent") continue;
    const double end = req.num(i, "end");
    if (end <= crash || end >= back) continue;
    if (req.str(i, "server") == "broker-0")
      ++sent_to_dead;
    else
      ++sent_elsewhere_while_down;
  }
  CHECK(sent_to_dead == 0);  // nothing handed to a connection to a dead host
  CHECK(sent_elsewhere_while_down >
        5000);  // ~10 s at 1000/s: every partition has a live leader again
  const auto m = simt::read_json(dir / "out/summary.json").at("metrics");
  // The producer saw the requests to the dead broker fail (they time out unsent).
  CHECK(m.at("messages.failed").get<double>() > 0);
}
