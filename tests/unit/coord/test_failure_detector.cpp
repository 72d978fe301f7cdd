#include <doctest/doctest.h>

#include "sim/coord/failure_detector.hpp"

using sdsim::FailureDetector;
using Beat = FailureDetector::Beat;

TEST_CASE("coord: a silent member is declared dead once, after the timeout") {
  FailureDetector fd(9.0);
  fd.watch(0, 0.0);
  fd.watch(1, 0.0);
  CHECK(fd.heartbeat(1, 1, 5.0) == Beat::Known);  // incarnation learnt
  CHECK(fd.expire(9.0).empty());                  // exactly the timeout: not yet
  CHECK(fd.expire(9.5) == std::vector<int>{0});
  CHECK(fd.expire(10.0).empty());                 // already dead
  CHECK_FALSE(fd.alive(0));
  CHECK(fd.alive(1));
  CHECK(fd.expire(14.5) == std::vector<int>{1});
}

TEST_CASE("coord: a dead or unknown member that beats joins; a new incarnation is a restart") {
  FailureDetector fd(3.0);
  CHECK(fd.heartbeat(7, 1, 0.0) == Beat::Joined);
  CHECK(fd.heartbeat(7, 1, 1.0) == Beat::Known);
  CHECK(fd.heartbeat(7, 2, 2.0) == Beat::Restarted);  // restarted within its session
  CHECK(fd.expire(6.0) == std::vector<int>{7});
  CHECK(fd.heartbeat(7, 2, 7.0) == Beat::Joined);
  fd.declare_dead(7);
  CHECK(fd.heartbeat(7, 2, 8.0) == Beat::Joined);
  fd.remove(7);
  CHECK_FALSE(fd.known(7));
  CHECK(fd.heartbeat(7, 3, 9.0) == Beat::Joined);
}

TEST_CASE("coord: restarting the clocks gives every member a fresh grace period") {
  FailureDetector fd(2.0);
  fd.watch(0, 0.0);
  fd.watch(1, 0.0);
  fd.restart_clocks(100.0);  // the detector came back after a long outage
  CHECK(fd.expire(101.0).empty());
  CHECK(fd.expire(102.5) == std::vector<int>{0, 1});
  CHECK(fd.alive_members().empty());
}
