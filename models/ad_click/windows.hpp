// One partition's windowed count: tumbling windows over event time (or processing time), a
// watermark, and the rule that closes a window and drops what comes after it. The rule is
// Kafka Streams' windowed aggregation (KStreamWindowAggregate, "grace period"): the partition's
// stream time is the largest timestamp it has seen, the record's own included; the watermark is
// stream time - allowed lateness; a window [start, end) is closed once end <= watermark, and a
// record whose window is closed is dropped as late (Kafka Streams' dropped-records metric,
// Flink's side output for late data). An event exactly at a window's edge (t = k * size)
// belongs to the window that starts there: windows are [start, end), as in Kafka Streams and
// Flink (TimeWindow). A partition holds every event of its ads (the log is partitioned by
// ad_id), so per-partition stream time is enough and a replay of the same records gives the
// same decisions (what exactly-once recovery relies on).
// https://kafka.apache.org/documentation/streams/developer-guide/dsl-api.html#windowing
// https://nightlies.apache.org/flink/flink-docs-stable/docs/concepts/time/
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <vector>

namespace sdsim::ad_click {

// A click as the aggregator sees it.
struct Click {
  std::uint64_t event = 0;  // the event id (resends of one click share it)
  int ad = 0;
  int country = 0;
  double time = 0.0;  // s: the time windows are assigned by (event or processing time)
};

enum class Verdict { counted, late, duplicate };

// The counts of one ad in one closed window: filter 0 is every click; filter f >= 1 the
// clicks from country f - 1 (the book's pre-declared filter ids, as a star schema's columns).
struct AdCount {
  int ad = 0;
  std::vector<std::uint64_t> events;  // the distinct events counted (filter 0), in arrival order
  std::map<int, std::uint64_t> by_filter;
};
struct ClosedWindow {
  std::int64_t window = 0;   // index: start = window * size
  std::vector<AdCount> ads;  // by ad id
};

class PartitionWindows {
 public:
  PartitionWindows(double size_s, double lateness_s, int filter_countries)
      : size_(size_s), lateness_(lateness_s), filter_countries_(filter_countries) {}

  // The window a time belongs to: floor(t / size); [start, end).
  std::int64_t window_of(double t) const;
  double start_of(std::int64_t w) const { return double(w) * size_; }
  double end_of(std::int64_t w) const { return double(w + 1) * size_; }

  // `offset`: the record's position in its partition (remembered per open window).
  Verdict add(const Click& c, std::int64_t offset = 0);
  // Windows whose end <= watermark, in order, removed from the state.
  std::vector<ClosedWindow> close_ready();
  // End of input (Flink's final watermark): every open window closes.
  std::vector<ClosedWindow> close_all();

  double stream_time() const { return stream_time_; }
  double watermark() const { return stream_time_ - lateness_; }
  bool has_open_windows() const { return !open_.empty(); }
  // The smallest log offset of a record held in an open window (what an at-least-once
  // consumer may commit up to), or `fallback` when no window is open.
  std::int64_t first_open_offset(std::int64_t fallback) const;
  std::uint64_t late() const { return late_; }
  std::uint64_t duplicates() const { return duplicates_; }
  std::size_t state_entries() const;  // (window, ad, filter) entries held: the snapshot's size

 private:
  struct Open {
    std::map<int, AdCount> ads;
    std::set<std::uint64_t> seen;  // de-duplication by event id within the window
    std::int64_t first_offset = std::numeric_limits<std::int64_t>::max();
  };
  std::vector<ClosedWindow> close_until(double watermark);

  double size_, lateness_;
  int filter_countries_;
  double stream_time_ = -std::numeric_limits<double>::infinity();
  std::map<std::int64_t, Open> open_;
  std::uint64_t late_ = 0, duplicates_ = 0;
};

}  // namespace sdsim::ad_click
