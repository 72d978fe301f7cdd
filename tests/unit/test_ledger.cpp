#include <doctest/doctest.h>

#include "sim/metrics/ledger.hpp"

using sdsim::DeliveryLedger;

TEST_CASE("ledger: an acknowledged message never processed is lost, a pending one is not") {
  DeliveryLedger l;
  auto a = l.add(0, 0.0), b = l.add(0, 0.0), c = l.add(0, 0.0), d = l.add(0, 0.0);
  l.acked(a, 0.1);
  l.acked(b, 0.1);
  l.acked(c, 0.1);
  l.pending(c);
  l.failed(d);  // its producer gave up: it never had to arrive
  l.processed(a, 1.0);
  auto s = l.summarize();
  CHECK(s.produced == 4);
  CHECK(s.acked == 3);
  CHECK(s.lost == 1);
  CHECK(s.lost_acked == 1);
  CHECK(s.pending == 1);
  CHECK(s.failed == 1);
  CHECK(s.e2e.count() == 1);
  CHECK(s.e2e.max() == doctest::Approx(1.0));
}

TEST_CASE("ledger: fire-and-forget messages must arrive too") {
  DeliveryLedger l;
  auto a = l.add(0, 0.0);
  l.sent_unacknowledged(a);
  CHECK(l.summarize().lost == 1);
  CHECK(l.summarize().lost_acked == 0);
}

TEST_CASE("ledger: duplicates counted once per message, reorders per stream") {
  DeliveryLedger l;
  auto a0 = l.add(0, 0.0), a1 = l.add(0, 0.0), b0 = l.add(1, 0.0);
  CHECK(l.processed(a1, 1.0));
  CHECK(l.processed(a0, 1.1));   // after a later message of stream 0: reordered
  CHECK_FALSE(l.processed(a0, 1.2));
  CHECK_FALSE(l.processed(a0, 1.3));
  CHECK(l.processed(b0, 1.0));   // another stream: no order with stream 0
  auto s = l.summarize();
  CHECK(s.duplicated == 1);
  CHECK(s.processings == 5);
  CHECK(s.reordered == 1);
  CHECK(l.times_processed(a0) == 3);
}

TEST_CASE(
    "ledger: an acknowledgement or processing before the creation breaks the invariant end >= "
    "start") {
  DeliveryLedger l;
  auto a = l.add(0, 2.0), b = l.add(0, 2.0);
  l.acked(a, 2.5);
  l.processed(a, 3.0);
  CHECK(l.summarize().before_created == 0);
  l.acked(b, 1.9);  // acknowledged before it existed
  l.processed(b, 1.95);
  CHECK(l.summarize().before_created == 2);
}

TEST_CASE(
    "ledger: unreadable at the end is lost, and apart unavailable when a down server kept it") {
  DeliveryLedger l;
  auto a = l.add(0, 0.0), b = l.add(0, 0.0), c = l.add(0, 0.0);
  for (auto id : {a, b, c}) l.acked(id, 0.1);
  l.pending(a);      // in a live leader's log: a backlog
  l.unavailable(b);  // in the flushed log of a broker that is down
  auto s = l.summarize();
  CHECK(s.pending == 1);
  CHECK(s.lost == 2);
  CHECK(s.unavailable == 1);
}

TEST_CASE("ledger: a fire-and-forget message's produce latency ends when it was sent") {
  DeliveryLedger l;
  auto a = l.add(0, 1.0), b = l.add(0, 1.0);
  l.sent_unacknowledged(a, 1.25);
  l.sent_unacknowledged(b);  // no time given: no latency
  auto s = l.summarize();
  CHECK(s.produce.count() == 1);
  CHECK(s.produce.max() == doctest::Approx(0.25).epsilon(0.05));
}
