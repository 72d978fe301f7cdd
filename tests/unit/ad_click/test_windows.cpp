// The ad-click model's window rule, against Kafka Streams' windowed aggregation with a grace
// period (KStreamWindowAggregate: stream time = the largest timestamp seen, the record's own
// included; a record is dropped when its window end <= stream time - grace; windows are
// [start, end)) and Flink's TimeWindow (start inclusive, end exclusive).
// https://kafka.apache.org/documentation/streams/developer-guide/dsl-api.html#windowing
// https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/datastream/operators/windows/
#include <doctest/doctest.h>

#include "models/ad_click/windows.hpp"

using namespace sdsim::ad_click;

namespace {
Click click(std::uint64_t event, double t, int ad = 7, int country = 0) {
  return Click{event, ad, country, t};
}
}  // namespace

TEST_CASE("ad_click: an event at a window's edge belongs to the window starting there") {
  PartitionWindows w(60.0, 0.0, 0);
  CHECK(w.window_of(0.0) == 0);
  CHECK(w.window_of(59.999) == 0);
  CHECK(w.window_of(60.0) == 1);
  CHECK(w.window_of(-0.5) == -1);
  CHECK(w.start_of(1) == 60.0);
  CHECK(w.end_of(1) == 120.0);
}

TEST_CASE(
    "ad_click: a window closes when the watermark reaches its end; later clicks for it are late") {
  PartitionWindows w(60.0, 10.0, 0);  // watermark = stream time - 10 s
  CHECK(w.add(click(1, 5.0)) == Verdict::counted);
  CHECK(w.add(click(2, 65.0)) == Verdict::counted);
  CHECK(w.watermark() == 55.0);
  CHECK(w.close_ready().empty());                    // 60 > 55: window 0 still open
  CHECK(w.add(click(3, 40.0)) == Verdict::counted);  // within the allowed lateness
  CHECK(w.add(click(4, 70.0)) == Verdict::counted);
  auto closed = w.close_ready();  // watermark 60: end 60 <= 60
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].window == 0);
  REQUIRE(closed[0].ads.size() == 1);
  CHECK(closed[0].ads[0].by_filter.at(0) == 2);
  CHECK(closed[0].ads[0].events == std::vector<std::uint64_t>{1, 3});
  CHECK(w.add(click(5, 30.0)) == Verdict::late);
  CHECK(w.late() == 1);
  CHECK(w.add(click(6, 60.0)) == Verdict::counted);  // window 1 is open
}

TEST_CASE("ad_click: the record's own timestamp advances stream time before the lateness check") {
  PartitionWindows w(60.0, 0.0, 0);
  CHECK(w.add(click(1, 59.0)) == Verdict::counted);
  // Stream time becomes 60: window 0 ([0, 60)) is closed by the very record that opens window 1.
  CHECK(w.add(click(2, 60.0)) == Verdict::counted);
  CHECK(w.add(click(3, 59.5)) == Verdict::late);
  CHECK(w.close_ready().size() == 1);
}

TEST_CASE("ad_click: duplicates of an event id are counted once per window") {
  PartitionWindows w(60.0, 100.0, 0);
  CHECK(w.add(click(9, 1.0)) == Verdict::counted);
  CHECK(w.add(click(9, 1.0)) == Verdict::duplicate);
  CHECK(w.duplicates() == 1);
  auto closed = w.close_all();
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].ads[0].by_filter.at(0) == 1);
}

TEST_CASE("ad_click: filter ids count the pre-declared countries") {
  PartitionWindows w(60.0, 100.0, 2);  // filters 1 and 2: countries 0 and 1
  w.add(click(1, 1.0, 3, 0));
  w.add(click(2, 2.0, 3, 1));
  w.add(click(3, 3.0, 3, 2));  // country 2 has no filter id: only filter 0
  auto closed = w.close_all();
  REQUIRE(closed.size() == 1);
  const auto& f = closed[0].ads[0].by_filter;
  CHECK(f.at(0) == 3);
  CHECK(f.at(1) == 1);
  CHECK(f.at(2) == 1);
  CHECK(f.count(3) == 0);
}

TEST_CASE("ad_click: at-least-once may commit only below the first record of an open window") {
  PartitionWindows w(60.0, 0.0, 0);
  CHECK(w.first_open_offset(42) == 42);  // nothing open: the position itself
  w.add(click(1, 10.0), 5);
  w.add(click(2, 70.0), 6);  // closes window 0 (stream time 70)
  w.close_ready();
  CHECK(w.first_open_offset(7) == 6);
  CHECK(w.state_entries() == 1);
  w.close_all();
  CHECK_FALSE(w.has_open_windows());
  CHECK(w.first_open_offset(7) == 7);
}
