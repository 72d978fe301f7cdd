// The model's checkers on hand-made cases: alerts against faults, the recount of samples,
// rollup windows recomputed from raw points, and the consistent-hash assignment of targets.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "models/metrics_monitoring/checker.hpp"
#include "models/metrics_monitoring/services/discovery.hpp"

using namespace sdsim;
using namespace sdsim::metrics_monitoring;

namespace {
// for 5 m, scrape 1 m, time-out 10 s, evaluation 1 m, slack 30 s: must fire after 460 s.
const AlertTiming kTiming{300, 60, 10, 60, 30};
}  // namespace

TEST_CASE(
    "alert checker: a long fault fires exactly once, short ones may not, none without a fault") {
  CHECK(kTiming.must_fire_after() == 460);
  std::map<std::string, std::vector<FaultInterval>> faults{{"a", {{605, 1325}}},
                                                           {"b", {{305, 545}}}};
  SUBCASE("one firing for the long fault: delay measured from the crash") {
    const auto v = check_alerts(faults, {{"a", {990}}}, kTiming, 2000);
    CHECK(v.faults == 2);
    CHECK(v.long_faults == 1);
    CHECK(v.fired == 1);
    CHECK(v.missed == 0);
    CHECK(v.false_positives == 0);
    CHECK(v.detection_delay.max() == doctest::Approx(385).epsilon(0.01));
  }
  SUBCASE("the long fault did not fire: missed") {
    CHECK(check_alerts(faults, {}, kTiming, 2000).missed == 1);
  }
  SUBCASE("two firings for one fault: the second is a false positive") {
    CHECK(check_alerts(faults, {{"a", {990, 1050}}}, kTiming, 2000).false_positives == 1);
  }
  SUBCASE("a firing sooner than `for` after the crash, or on a healthy target, is false") {
    CHECK(check_alerts(faults, {{"a", {800}}}, kTiming, 2000).false_positives == 1);
    CHECK(check_alerts(faults, {{"c", {800}}}, kTiming, 2000).false_positives == 1);
    // Long after recovery: no fault explains it.
    CHECK(check_alerts(faults, {{"a", {990}}, {"b", {1200}}}, kTiming, 2000).false_positives == 1);
  }
  SUBCASE("a fault whose deadline lies past the end is not held to firing") {
    CHECK(check_alerts({{"a", {{1800, 1e9}}}}, {}, kTiming, 2000).missed == 0);
    CHECK(check_alerts({{"a", {{1000, 1e9}}}}, {}, kTiming, 2000).missed == 1);
  }
}

TEST_CASE("point recount: lost, expired, duplicated and unexpected samples") {
  const PointVerdict v = check_points({10, 20, 30, 40, 20}, {20, 20, 30, 50}, 15);
  CHECK(v.taken == 4);       // 10 20 30 40
  CHECK(v.stored == 3);      // 20 30 50
  CHECK(v.duplicated == 1);  // a second 20
  CHECK(v.expired == 1);     // 10 is older than the horizon
  CHECK(v.lost == 1);        // 40
  CHECK(v.unexpected == 1);  // 50 was never taken
}

TEST_CASE("rollup windows from raw points: aligned to multiples of the interval") {
  const auto w = windows_from_raw({{0, 1}, {59.999, 3}, {60, 10}, {125, -2}, {179, 4}}, 60);
  REQUIRE(w.size() == 3);
  CHECK(w[0].start == 0);
  CHECK(w[0].count == 2);
  CHECK(w[0].avg() == 2);
  CHECK(w[1].start == 60);
  CHECK(w[1].max == 10);
  CHECK(w[2].start == 120);  // [120, 180)
  CHECK(w[2].min == -2);
  CHECK(w[2].max == 4);
  CHECK(w[2].count == 2);
}

TEST_CASE("consistent hashing: a dead collector's targets move, the others stay") {
  const std::vector<std::string> names{"collector-0", "collector-1", "collector-2", "collector-3"};
  const HashRing ring = collector_ring(names);
  const std::set<int> all{0, 1, 2, 3}, without_2{0, 1, 3};
  int moved = 0, owned_by_2 = 0;
  for (int t = 0; t < 1000; ++t) {
    const std::string instance = fmt::format("target-{}", t);
    const int before = owner_of(ring, instance, all), after = owner_of(ring, instance, without_2);
    REQUIRE(before >= 0);
    CHECK(after != 2);
    if (before == 2) ++owned_by_2;
    if (before != after) {
      ++moved;
      CHECK(before == 2);  // only collector-2's targets move
    }
    // When it comes back, every target returns to its first owner.
    CHECK(owner_of(ring, instance, all) == before);
  }
  CHECK(moved == owned_by_2);
  CHECK(owned_by_2 > 150);  // about a quarter of 1000 (64 virtual nodes each)
  CHECK(owned_by_2 < 350);
  CHECK(owner_of(ring, "target-0", {}) == -1);
}
