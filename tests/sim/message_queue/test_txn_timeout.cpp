// The transaction coordinator's timeout, checked from the outside (events.csv): a processor
// that dies mid-transaction and never returns has its transaction aborted once it has been
// open for transaction_timeout, at the coordinator's next periodic check, so within one
// transaction_cleanup_interval after the timeout (Kafka's transaction.timeout.ms and
// transaction.abort.timed.out.transaction.cleanup.interval.ms,
// https://kafka.apache.org/documentation/#producerconfigs_transaction.timeout.ms and
// https://kafka.apache.org/documentation/#brokerconfigs_transaction.abort.timed.out.transaction.cleanup.interval.ms).
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "cli.hpp"

TEST_CASE(
    "message_queue: a dead processor's transaction is aborted within one check interval after its "
    "timeout") {
  const double timeout = 10.0, interval = 10.0, crash = 10.0;
  simt::TempDir dir("sdsim-simt-mq-txn");
  const std::string scn =
      simt::source_dir() + "/scenarios/message_queue/exactly-once-processor-dies.yaml";
  const auto r = simt::sdsim({"run", scn, "--out", (dir / "out").string(), "--quiet"}, dir.path());
  INFO(r.command, "\n", r.err);
  REQUIRE(r.exit_code == 0);
  const auto ev = simt::read_csv(dir / "out/events.csv");
  int aborts = 0;
  for (std::size_t i = 0; i < ev.rows.size(); ++i) {
    if (ev.str(i, "kind") != "txn_timeout_abort") continue;
    ++aborts;
    static const std::regex re("open since ([0-9.]+)s; timeout ([0-9.]+)s");
    std::smatch m;
    const std::string& detail = ev.str(i, "detail");
    REQUIRE_MESSAGE(std::regex_search(detail, m, re), detail);
    const double since = std::stod(m[1].str()), at = ev.num(i, "time");
    CHECK(std::stod(m[2].str()) == doctest::Approx(timeout));
    CHECK(since <= crash);         // begun by the processor before it died
    CHECK(at >= since + timeout);  // never before the timeout
    CHECK(at <=
          since + timeout + interval + 0.1);  // at the next check (0.1 s: the coordinator's tick)
  }
  CHECK(aborts == 1);  // only the dead processor's transaction; the live one's are short
}
