#include <doctest/doctest.h>

#include "sim/services/log/group.hpp"
#include "sim/services/log/isr.hpp"

using namespace sdsim::log_service;

TEST_CASE("isr: the high watermark is the smallest log end over the ISR") {
  IsrTracker t;
  t.become_leader(0, {0, 1, 2}, {0, 1, 2}, 0.0);
  t.on_fetch(1, 10, 10, 1.0);
  t.on_fetch(2, 4, 10, 1.0);
  CHECK(t.high_watermark(10) == 4);
  t.set_isr({0, 1});  // follower 2 left the ISR: it no longer holds the watermark back
  CHECK(t.high_watermark(10) == 10);
}

TEST_CASE("isr: a follower not caught up within replica_lag_time_max is lagging") {
  IsrTracker t;
  t.become_leader(0, {0, 1, 2}, {0, 1, 2}, 0.0);
  t.on_fetch(1, 10, 10, 5.0);   // caught up at 5
  t.on_fetch(2, 3, 10, 5.0);    // behind since 0
  auto lag = t.lagging(31.0, 30.0);
  CHECK(lag == std::vector<int>{2});
  // Reaching the end the leader had at its previous fetch keeps it caught up as of then.
  t.on_fetch(2, 10, 12, 31.5);
  CHECK(t.lagging(32.0, 30.0).empty());
}

TEST_CASE("isr: an out-of-sync follower that reaches the high watermark may rejoin") {
  IsrTracker t;
  t.become_leader(0, {0, 1, 2}, {0, 1}, 0.0);
  t.on_fetch(1, 8, 8, 1.0);
  t.on_fetch(2, 5, 8, 1.0);
  CHECK(t.caught_up(8).empty());
  t.on_fetch(2, 8, 8, 2.0);
  CHECK(t.caught_up(8) == std::vector<int>{2});
  t.mark_pending_add(2);  // proposed: counted for the watermark before the controller agrees
  t.on_fetch(2, 8, 9, 2.5);
  CHECK(t.high_watermark(9) == 8);
}

TEST_CASE("election: first live ISR replica; unclean only when allowed") {
  auto alive = [](int r) { return r != 0; };
  CHECK(elect_leader({0, 1, 2}, {0, 2}, alive, false) == 2);
  CHECK(elect_leader({0, 1, 2}, {0}, alive, false) == -1);
  CHECK(elect_leader({0, 1, 2}, {0}, alive, true) == 1);
}

TEST_CASE("group: rebalance on join and on session timeout; stale commits are rejected") {
  GroupState g({0, 1, 2, 3}, 3.0);
  g.heartbeat(0, 1, 0.0);
  g.heartbeat(1, 1, 0.0);
  CHECK(g.assignment(0, 1.0).partitions.empty());  // the first generation settles for 3 s
  auto a0 = g.assignment(0, 3.5);
  CHECK(a0.partitions.size() == 2);
  const auto gen = g.generation();
  CHECK(g.commit(OffsetCommit{0, 0, gen, {{a0.partitions[0].first, 10}}}) == Err::None);
  CHECK(g.committed(a0.partitions[0].first) == 10);
  g.heartbeat(1, 1, 5.0);
  CHECK(g.expire(5.0) == std::vector<int>{0});  // member 0 silent since 0
  CHECK(g.generation() == gen + 1);
  // Member 0's commit from the old generation is refused (at-least-once re-processing).
  CHECK(g.commit(OffsetCommit{0, 0, gen, {{a0.partitions[0].first, 20}}}) == Err::StaleGeneration);
  auto a1 = g.assignment(1, 5.0);
  CHECK(a1.partitions.size() == 4);
  for (auto [p, offset] : a1.partitions)
    if (p == a0.partitions[0].first) CHECK(offset == 10);  // resumes from the committed offset
  g.heartbeat(1, 2, 6.0);  // a restarted member (new incarnation) rejoins
  CHECK(g.generation() == gen + 2);
}

TEST_CASE("isr: a silent follower is not caught up, and its pending addition does not hold the high watermark") {
  IsrTracker t;
  t.become_leader(0, {0, 1, 2}, {0, 1, 2}, 0.0);
  t.on_fetch(1, 50, 50, 1.0);
  t.on_fetch(2, 50, 50, 1.0);
  // Broker 2 dies at its log end 50; the controller drops it from the ISR.
  t.set_isr({0, 1});
  t.on_fetch(1, 80, 80, 3.0);
  CHECK(t.high_watermark(80) == 80);
  CHECK(t.caught_up(50) == std::vector<int>{2});          // by its frozen log end alone
  CHECK(t.caught_up(50, 3.0, 1.5).empty());               // but it has been silent for 2 s
  t.mark_pending_add(2);                                  // proposed, then refused (dead)
  CHECK(t.high_watermark(80) == 50);
  t.forget_silent(3.0, 1.5);
  CHECK(t.high_watermark(80) == 80);
  t.on_fetch(2, 80, 80, 3.2);                             // back and caught up
  CHECK(t.caught_up(80, 3.2, 1.5) == std::vector<int>{2});
}
